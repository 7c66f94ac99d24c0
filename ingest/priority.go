package ingest

import (
	"context"
	"sync"
)

// slots bounds the images decoded at once twice over: by count (CPU: more decodes than cores gains nothing) and
// by the bytes they hold (thumb.Maker.MemoryEstimate), so two 100-megapixel PNGs are not decoded side by side
// on a small server while twenty phone photos may be. Waiters are served interactive first, then bulk, each
// class in arrival order; the first waiter of a class holds back the ones behind it even if they would fit, so
// a large image is never starved by small ones. A batch import still gets every slot nobody interactive waits
// for. Holders are never preempted.
type slots struct {
	mu      sync.Mutex
	free    int   // decodes that may start
	bytes   int64 // memory budget left
	budget  int64
	waiting [2][]*waiter // by class: interactive, bulk
}

// waiter is one acquire waiting for its turn.
type waiter struct {
	bytes int64
	ready chan struct{}
}

// newSlots returns slots for n decodes holding at most budget bytes.
func newSlots(n int, budget int64) *slots { return &slots{free: n, bytes: budget, budget: budget} }

// class returns the queue index of a waiter.
func class(bulk bool) int {
	if bulk {
		return 1
	}
	return 0
}

// acquire takes a slot and n bytes of the budget (n is capped at the whole budget, so an image larger than the
// budget still runs, alone), waiting behind every earlier waiter of the same class and, for a bulk waiter,
// every interactive one. It returns the bytes to give back to release, or ctx's error, holding nothing, if ctx
// ends first.
func (s *slots) acquire(ctx context.Context, bulk bool, n int64) (int64, error) {
	n = min(max(n, 0), s.budget)
	c := class(bulk)
	s.mu.Lock()
	ahead := len(s.waiting[0])
	if bulk {
		ahead += len(s.waiting[1])
	}
	if ahead == 0 && s.fits(n) {
		s.take(n)
		s.mu.Unlock()
		return n, nil
	}
	w := &waiter{bytes: n, ready: make(chan struct{})}
	s.waiting[c] = append(s.waiting[c], w)
	s.mu.Unlock()
	select {
	case <-w.ready:
		return n, nil
	case <-ctx.Done():
		s.mu.Lock()
		defer s.mu.Unlock()
		select {
		case <-w.ready: // granted while giving up: hand it on
			s.give(n)
		default:
			s.remove(c, w)
			s.grant() // it may have been holding back smaller waiters behind it
		}
		return 0, ctx.Err()
	}
}

// release gives back a slot and the bytes acquire returned, and hands them to the next waiters.
func (s *slots) release(n int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.give(n)
}

func (s *slots) fits(n int64) bool { return s.free > 0 && s.bytes >= n }

func (s *slots) take(n int64) { s.free--; s.bytes -= n }

// give returns a slot and n bytes and grants what now fits. s.mu is held.
func (s *slots) give(n int64) {
	s.free++
	s.bytes += n
	s.grant()
}

// grant serves waiters in order, interactive first, while the head of the queue fits. s.mu is held.
func (s *slots) grant() {
	for c := range s.waiting {
		for len(s.waiting[c]) > 0 {
			w := s.waiting[c][0]
			if !s.fits(w.bytes) {
				return // the head waits for more to be released; nobody overtakes it
			}
			s.take(w.bytes)
			close(w.ready)
			s.waiting[c] = s.waiting[c][1:]
		}
	}
}

// remove drops a waiter that gave up. s.mu is held.
func (s *slots) remove(c int, w *waiter) {
	for i, x := range s.waiting[c] {
		if x == w {
			s.waiting[c] = append(s.waiting[c][:i], s.waiting[c][i+1:]...)
			return
		}
	}
}
