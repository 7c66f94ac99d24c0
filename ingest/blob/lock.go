package blob

import (
	"os"
	"path/filepath"
	"syscall"
)

// inUse is the file in the store's folder that every process using the store holds a shared lock on while it
// runs.
const inUse = ".in-use"

// claimTemp takes the store's shared lock and reports whether this process is the only one using the store, in
// which case every temporary file in tmp/ is a crash's leftover and may go. A CLI command opened beside a running
// server finds the server's lock and leaves its spooled uploads alone. The lock dies with its process (a SIGKILL
// included), so the next process to open the store alone cleans up after a crash.
func claimTemp(dir string) (alone bool) {
	f, err := os.OpenFile(filepath.Join(dir, inUse), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return false // a read-only data folder: nothing is spooled there by anyone
	}
	fd := int(f.Fd())
	alone = syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB) == nil
	// Shared from now on: others may open the store too. The file stays open (and locked) for the process's
	// life; flock converts the exclusive lock in place.
	syscall.Flock(fd, syscall.LOCK_SH)
	heldLocks = append(heldLocks, f)
	return alone
}

// heldLocks keeps the lock files open: closing one would release its lock.
var heldLocks []*os.File
