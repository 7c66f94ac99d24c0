package ingest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// state returns the free slots, free bytes and waiters of s.
func state(s *slots) (int, int64, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.free, s.bytes, len(s.waiting[0]) + len(s.waiting[1])
}

// queued waits until s has n waiters in all.
func queued(t *testing.T, s *slots, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if _, _, got := state(s); got == n {
			return
		}
	}
	t.Fatalf("waiters never reached %d", n)
}

// TestSlotsInteractiveFirst queues bulk waiters, then interactive ones, behind a held slot: every interactive
// waiter must be served before any bulk one, and each class in arrival order.
func TestSlotsInteractiveFirst(t *testing.T) {
	s := newSlots(1, 100)
	held, err := s.acquire(t.Context(), true, 10)
	if err != nil {
		t.Fatal(err)
	}
	order := make(chan string, 4)
	var wg sync.WaitGroup
	names := []struct {
		name string
		bulk bool
	}{{"bulk1", true}, {"bulk2", true}, {"upload1", false}, {"upload2", false}}
	for i, w := range names {
		wg.Go(func() {
			n, err := s.acquire(t.Context(), w.bulk, 10)
			if err != nil {
				order <- err.Error()
				return
			}
			order <- w.name
			s.release(n)
		})
		queued(t, s, i+1)
	}
	s.release(held)
	want := []string{"upload1", "upload2", "bulk1", "bulk2"}
	for i, w := range want {
		if got := <-order; got != w {
			t.Errorf("served #%d = %s, want %s (order %v)", i+1, got, w, want)
		}
	}
	wg.Wait()
	if free, bytes, _ := state(s); free != 1 || bytes != 100 {
		t.Errorf("after all released: %d slots and %d bytes free, want 1 and 100", free, bytes)
	}
}

// TestSlotsMemory checks the byte budget: decodes start while their memory fits, a large one waits for the
// small ones ahead of it to finish and holds back the small ones behind it, and one larger than the whole
// budget runs alone.
func TestSlotsMemory(t *testing.T) {
	s := newSlots(4, 100)
	a, _ := s.acquire(t.Context(), true, 40)
	b, _ := s.acquire(t.Context(), true, 40)
	big := make(chan int64)
	go func() {
		n, _ := s.acquire(t.Context(), true, 500) // over the budget: capped to all of it
		big <- n
	}()
	queued(t, s, 1)
	small := make(chan int64)
	go func() {
		n, _ := s.acquire(t.Context(), true, 10) // would fit now, but the big one is ahead
		small <- n
	}()
	queued(t, s, 2)
	s.release(a)
	select {
	case <-big:
		t.Fatal("the large decode started while 40 bytes were held")
	case <-small:
		t.Fatal("a small decode overtook the large one waiting ahead of it")
	case <-time.After(20 * time.Millisecond):
	}
	s.release(b)
	n := <-big
	if n != 100 {
		t.Errorf("acquire(500) of a budget of 100 held %d, want 100", n)
	}
	select {
	case <-small:
		t.Fatal("a small decode started beside one holding the whole budget")
	case <-time.After(20 * time.Millisecond):
	}
	s.release(n)
	s.release(<-small)
	if free, bytes, _ := state(s); free != 4 || bytes != 100 {
		t.Errorf("after all released: %d slots and %d bytes free, want 4 and 100", free, bytes)
	}
}

// TestSlotsCancel gives up waiting: the waiter returns ctx's error, leaves the queue and holds nothing, and
// the waiter it was holding back goes ahead.
func TestSlotsCancel(t *testing.T) {
	s := newSlots(2, 100)
	held, err := s.acquire(t.Context(), false, 60)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() {
		_, err := s.acquire(ctx, true, 60)
		done <- err
	}()
	queued(t, s, 1)
	behind := make(chan int64)
	go func() {
		n, _ := s.acquire(t.Context(), true, 30)
		behind <- n
	}()
	queued(t, s, 2)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("acquire() after cancel = %v, want %v", err, context.Canceled)
	}
	s.release(<-behind) // served once the cancelled waiter left
	s.release(held)
	if free, bytes, waiters := state(s); free != 2 || bytes != 100 || waiters != 0 {
		t.Errorf("after all released: %d slots, %d bytes, %d waiters; want 2, 100, 0", free, bytes, waiters)
	}
}
