// Package ingest takes photos into a Sajin library: upload or import -> hash -> store the original once ->
// metadata -> thumbnails, then the later stages (vision, index) through the catalog's job table.
//
// Add does the part a caller waits for: it spools the file while hashing it, answers at once for content the
// library already has, decodes the image (which is also the check that it is a photo at all: a file that does not
// decode is rejected and nothing is kept), reads its EXIF, writes the thumbnails and the original, and records the
// photo with its remaining stages in one catalog transaction. Work (or Run, for a server) then drains the job table
// stage by stage. Because the catalog row is written last and each job is finished in a transaction, an import
// killed at any point is completed by running it again: nothing is lost and nothing is stored twice.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"sajin/ingest/blob"
	"sajin/ingest/catalog"
	"sajin/ingest/thumb"
	"sajin/vision/labels"
)

// ErrRejected wraps every reason a file is refused (not an image, corrupt, too large, hostile).
var ErrRejected = errors.New("rejected")

// Status is what happened to one incoming file.
type Status string

// The statuses of an incoming file.
const (
	Imported  Status = "imported"
	Duplicate Status = "duplicate"
	Rejected  Status = "rejected"
)

// DefaultDecodeMemory is the default memory budget of the images decoded at once: room for a 100-megapixel
// photo, or for a few dozen phone photos, on a small home server.
const DefaultDecodeMemory = 1 << 30

// DefaultMaxBytes is the largest file accepted by default (large enough for 100-megapixel camera JPEGs and RAW
// previews, small enough that one upload cannot fill a disk by accident).
const DefaultMaxBytes = 512 << 20

// Source is one incoming file.
type Source struct {
	Library string    // owning library; "" means catalog.DefaultLibrary
	Name    string    // base name as the user knows it ("IMG_1234.JPG")
	Path    string    // where it came from: a path on disk, or "upload"
	ModTime time.Time // the file's modification time, the last fallback for the capture date
	Body    io.Reader
	XMP     []byte // an XMP sidecar's content (photo.jpg.xmp or photo.xmp), nil when none: see metadata.go
	// Bulk marks a file of a batch import (a folder, an archive): it waits behind interactive uploads (the
	// zero value) for a decode slot, so someone watching an upload is not queued behind a thousand photos.
	Bulk bool
}

// Stage is a pipeline step that runs after Add, over batches of photos, from the job table.
type Stage struct {
	Name  string
	Batch int // how many jobs one Run call takes; 0 means 1
	// Workers is how many Run calls go at once (0 means 1): the vision stage runs one photo per worker.
	Workers int
	// Run processes a batch and returns one error per job (nil = done). A returned error fails that photo's
	// stage only; the photo goes on to the next stage, so one bad photo never blocks a library. A nil Run
	// leaves the stage's jobs queued for another process (the server holding the search index).
	Run func(ctx context.Context, jobs []catalog.Job) []error
}

// Options configures a Pipeline. The zero value of each field is a sensible default.
type Options struct {
	MaxBytes int64        // largest accepted file; default DefaultMaxBytes
	Logger   *slog.Logger // default slog.Default()
	Now      func() time.Time
	// Decodes limits how many images are decoded at once; default 2. DecodeMemory bounds the bytes they hold
	// together, each weighted by thumb.Maker.MemoryEstimate (a 12 MP JPEG about 40 MB, a 100 MP PNG over
	// 500 MB; one larger than the budget runs alone); default DefaultDecodeMemory. Waiting interactive files
	// (Source.Bulk false) are served before waiting bulk ones.
	Decodes      int
	DecodeMemory int64
	// Vocabulary maps what a user types as a label ("강아지") to a vocabulary key ("dog"); nil keeps words as typed.
	Vocabulary *labels.Vocabulary
}

// Pipeline is the ingest pipeline of one data folder. It is safe for concurrent use.
type Pipeline struct {
	cat    *catalog.Catalog
	store  *blob.Store
	thumbs *thumb.Maker
	stages []Stage
	opts   Options
	decode *slots // bounds decoded images, by count and by memory; interactive files first
	wake   chan struct{}
	mu     sync.Mutex // serialises Work
}

// New returns a pipeline writing to the given catalog and store. Stages run in the order given, after Add.
func New(cat *catalog.Catalog, store *blob.Store, thumbs *thumb.Maker, stages []Stage, opts Options) *Pipeline {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Decodes <= 0 {
		opts.Decodes = 2
	}
	if opts.DecodeMemory <= 0 {
		opts.DecodeMemory = DefaultDecodeMemory
	}
	return &Pipeline{
		cat: cat, store: store, thumbs: thumbs, stages: stages, opts: opts,
		decode: newSlots(opts.Decodes, opts.DecodeMemory),
		wake:   make(chan struct{}, 1),
	}
}

// Stages returns the names of the stages that run after Add, in order.
func (p *Pipeline) Stages() []string {
	names := make([]string, len(p.stages))
	for i, s := range p.stages {
		names[i] = s.Name
	}
	return names
}

// Work runs every stage until no job is left, and returns how many jobs it ran. Jobs whose stage fails are
// recorded as failed with the reason, and work goes on.
func (p *Pipeline) Work(ctx context.Context) (int, error) { return p.WorkProgress(ctx, nil) }

// WorkProgress is Work that calls progress(stage, n) after each batch of n jobs of a stage.
func (p *Pipeline) WorkProgress(ctx context.Context, progress func(stage string, n int)) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	total := 0
	for {
		ran := 0
		for i, st := range p.stages {
			next := ""
			if i+1 < len(p.stages) {
				next = p.stages[i+1].Name
			}
			n, err := p.runStage(ctx, st, next, progress)
			if err != nil {
				return total, err
			}
			ran += n
		}
		total += ran
		if ran == 0 {
			return total, nil
		}
	}
}

func (p *Pipeline) runStage(ctx context.Context, st Stage, next string, progress func(string, int)) (int, error) {
	if st.Run == nil {
		return 0, nil
	}
	batch, workers := max(st.Batch, 1), max(st.Workers, 1)
	ran := 0
	for {
		jobs, err := p.cat.Todo(ctx, st.Name, batch*workers)
		if err != nil || len(jobs) == 0 {
			return ran, err
		}
		errs := runParallel(ctx, st, jobs, batch)
		for i, e := range errs {
			if e != nil {
				p.opts.Logger.Warn("stage failed", "stage", st.Name, "photo", jobs[i].PhotoID, "err", e)
			}
		}
		if err := p.cat.Finish(ctx, jobs, errs, next); err != nil {
			return ran, err
		}
		ran += len(jobs)
		if progress != nil {
			progress(st.Name, len(jobs))
		}
	}
}

// runParallel runs a stage over jobs in batches of size batch, all batches at once, and returns the errors in job
// order.
func runParallel(ctx context.Context, st Stage, jobs []catalog.Job, batch int) []error {
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for start := 0; start < len(jobs); start += batch {
		end := min(start+batch, len(jobs))
		wg.Go(func() { copy(errs[start:end], safeRun(ctx, st, jobs[start:end])) })
	}
	wg.Wait()
	return errs
}

// safeRun runs a stage, turning a panic in it into a failure of the whole batch instead of a dead process.
func safeRun(ctx context.Context, st Stage, jobs []catalog.Job) (errs []error) {
	defer func() {
		if r := recover(); r != nil {
			errs = make([]error, len(jobs))
			for i := range errs {
				errs[i] = fmt.Errorf("%s: internal error: %v", st.Name, r)
			}
		}
	}()
	errs = st.Run(ctx, jobs)
	if len(errs) != len(jobs) {
		panic(fmt.Sprintf("stage %s returned %d results for %d jobs", st.Name, len(errs), len(jobs)))
	}
	return errs
}

// Run works whenever Add queues something, until ctx ends: the server's background worker.
func (p *Pipeline) Run(ctx context.Context) error {
	tick := time.NewTicker(5 * time.Second) // also picks up jobs that another process (sajin import) queued
	defer tick.Stop()
	for {
		if _, err := p.Work(ctx); err != nil && ctx.Err() == nil {
			p.opts.Logger.Error("ingest worker", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-p.wake:
		case <-tick.C:
		}
	}
}

func (p *Pipeline) notify() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// SetLabel records a user's label correction (add or remove) and queues the photo for re-indexing, so search
// reflects it at once. Keys are normalised: lower case, spaces as underscores.
func (p *Pipeline) SetLabel(ctx context.Context, library, id, key string, add bool) error {
	if p.opts.Vocabulary != nil {
		if l, ok := p.opts.Vocabulary.Find(key); ok {
			key = l.Key
		}
	}
	key = strings.Join(strings.Fields(strings.ToLower(key)), "_")
	if key == "" || len(key) > 64 {
		return fmt.Errorf("%w: a label is 1 to 64 characters", ErrRejected)
	}
	state := catalog.LabelRemoved
	if add {
		state = catalog.LabelUser
	}
	if _, err := p.cat.Get(ctx, library, id); err != nil {
		return err
	}
	if err := p.cat.SetLabel(ctx, library, id, key, state); err != nil {
		return err
	}
	if err := p.cat.Enqueue(ctx, library, id, StageIndex); err != nil {
		return err
	}
	p.notify()
	return nil
}

// Reindex queues photos for the index stage (after a change that search must see, such as a person's name).
func (p *Pipeline) Reindex(ctx context.Context, library string, ids ...string) error {
	for _, id := range ids {
		if err := p.cat.Enqueue(ctx, library, id, StageIndex); err != nil {
			return err
		}
	}
	p.notify()
	return nil
}
