package ingest_test

import (
	"bytes"
	"os"
	"testing"
	"time"

	"sajin/ingest"
	"sajin/ingest/catalog"
	"sajin/ingest/exif/exiftest"
)

// kindsOf counts a check report's problems by kind.
func kindsOf(rep *ingest.CheckReport) map[string]int {
	out := map[string]int{}
	for _, p := range rep.Problems {
		out[p.Kind]++
	}
	return out
}

// TestCheckQuickAndFull shows what --quick gives up: a thumbnail gone is found either way, a changed byte in
// an original only by the full check, which hashes it.
func TestCheckQuickAndFull(t *testing.T) {
	l := newLib(t, ingest.Options{})
	p, _, err := l.add(t, "a.jpg", exiftest.JPEG(exiftest.Gray(300, 200), exiftest.Tags{Model: "x"}), mtime)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Pipeline.Work(t.Context()); err != nil {
		t.Fatal(err)
	}
	opts := ingest.CheckOptions{Index: l.Index}
	if rep, err := l.Pipeline.Check(t.Context(), opts); err != nil || len(rep.Problems) != 0 || rep.Photos != 1 {
		t.Fatalf("Check() of a sound library = %+v, %v", rep, err)
	}
	thumbPath, _ := l.Store.ThumbPath(p.SHA256, "tile")
	os.Remove(thumbPath)
	orig, _ := l.Store.OriginalPath(p.SHA256, p.Ext)
	os.Chmod(orig, 0o644)
	b, _ := os.ReadFile(orig)
	b[len(b)/2] ^= 1
	os.WriteFile(orig, b, 0o644)

	for _, c := range []struct {
		quick bool
		want  map[string]int
	}{
		{true, map[string]int{ingest.ProblemThumbMissing: 1}},
		{false, map[string]int{ingest.ProblemThumbMissing: 1, ingest.ProblemOriginalDamaged: 1}},
	} {
		opts.Quick = c.quick
		rep, err := l.Pipeline.Check(t.Context(), opts)
		if got := kindsOf(rep); err != nil || len(got) != len(c.want) || got[ingest.ProblemOriginalDamaged] != c.want[ingest.ProblemOriginalDamaged] {
			t.Errorf("Check(quick %v) = %v, %v; want %v", c.quick, got, err, c.want)
		}
	}
	// A damaged original is not rendered from: the thumbnail stays missing, with the reason.
	opts.Repair = true
	rep, _ := l.Pipeline.Check(t.Context(), opts)
	for _, pr := range rep.Problems {
		if pr.Repaired || pr.RepairError == "" && pr.Kind == ingest.ProblemThumbMissing {
			t.Errorf("Check(repair) with a damaged original: %+v; want nothing repaired, the reason given", pr)
		}
	}
	if after, _ := os.ReadFile(orig); !bytes.Equal(after, b) {
		t.Error("Check(repair) changed the original")
	}
}

// TestCheckStageNeverQueued finds a photo recorded without its stages (as an older Sajin without the stage
// would leave it) and queues the first one again; Work then indexes it.
func TestCheckStageNeverQueued(t *testing.T) {
	l := newLib(t, ingest.Options{})
	p, _, err := l.add(t, "a.jpg", exiftest.JPEG(exiftest.Gray(64, 48), exiftest.Tags{}), mtime)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Pipeline.Work(t.Context()); err != nil {
		t.Fatal(err)
	}
	// A second library holding the same photo, recorded with no stage queued.
	q := *p
	q.Library, q.ImportedAt = "other", time.Now()
	if err := l.Catalog.Insert(t.Context(), &q); err != nil {
		t.Fatal(err)
	}
	rep, err := l.Pipeline.Check(t.Context(), ingest.CheckOptions{Index: l.Index, Repair: true})
	if got := kindsOf(rep); err != nil || got[ingest.ProblemStageMissing] != 1 || rep.Requeued != 1 {
		t.Fatalf("Check(repair) = %v (requeued %d), %v; want the missing stage queued", got, rep.Requeued, err)
	}
	if _, err := l.Pipeline.Work(t.Context()); err != nil {
		t.Fatal(err)
	}
	states, err := l.Catalog.Stages(t.Context(), "other", q.ID)
	if err != nil || len(states) != 1 || states[0].State != catalog.JobDone {
		t.Errorf("stages after repair and Work = %+v, %v; want index done", states, err)
	}
}
