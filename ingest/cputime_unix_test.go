//go:build unix

package ingest_test

import (
	"syscall"
	"time"
)

// cpuTime returns the user plus system CPU time this process has used: benchmarks report it per operation,
// since a shared, loaded machine disturbs it far less than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
