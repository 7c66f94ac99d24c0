package blob

import (
	"os"
	"path/filepath"
	"testing"
)

// TestOpenBesideAnotherUser: a store opened while another user of the same folder (here the first Open, as a
// server would be) holds it leaves the temporary files alone, since they may be uploads in progress.
func TestOpenBesideAnotherUser(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(dir); err != nil {
		t.Fatal(err)
	}
	spool := filepath.Join(dir, "tmp", "in-upload")
	if err := os.WriteFile(spool, []byte("half an upload"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(spool); err != nil {
		t.Errorf("a second Open removed the first one's spooled upload: %v", err)
	}
}
