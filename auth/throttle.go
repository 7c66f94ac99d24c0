package auth

import (
	"sync"
	"time"
)

// Throttle slows down guessing: after Free failures of a key (an account name, an address) each further failure
// locks the key for twice as long as the last, from Base up to Max. A success resets the key. Keys not failed for a
// day are forgotten, and at most Keys are kept (the oldest go first), so a flood of addresses cannot exhaust memory.
type Throttle struct {
	Free int           // failures allowed before any delay
	Base time.Duration // the first delay
	Max  time.Duration // the longest delay
	Keys int           // keys kept at most; default 100,000

	mu sync.Mutex
	m  map[string]*strikes
}

type strikes struct {
	failures int
	until    time.Time // locked until
	last     time.Time
}

// Wait returns how long key stays locked at now (0: it may try).
func (t *Throttle) Wait(key string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.m[key]
	if s == nil || !now.Before(s.until) {
		return 0
	}
	return s.until.Sub(now)
}

// Fail records a failure of key at now and returns how long it is locked from now.
func (t *Throttle) Fail(key string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[string]*strikes{}
	}
	s := t.m[key]
	if s == nil {
		t.prune(now)
		s = &strikes{}
		t.m[key] = s
	}
	if now.Sub(s.last) > 24*time.Hour {
		s.failures = 0
	}
	s.failures++
	s.last = now
	if s.failures <= t.Free {
		return 0
	}
	d := t.Base
	for i := t.Free + 1; i < s.failures && d < t.Max; i++ {
		d *= 2
	}
	d = min(d, t.Max)
	s.until = now.Add(d)
	return d
}

// Reset forgets key's failures (after a success).
func (t *Throttle) Reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.m, key)
}

// prune drops keys idle for a day, and the oldest when the map is full.
func (t *Throttle) prune(now time.Time) {
	limit := t.Keys
	if limit <= 0 {
		limit = 100_000
	}
	if len(t.m) < limit {
		return
	}
	var oldest string
	var oldestAt time.Time
	for k, s := range t.m {
		if now.Sub(s.last) > 24*time.Hour && now.After(s.until) {
			delete(t.m, k)
			continue
		}
		if oldest == "" || s.last.Before(oldestAt) {
			oldest, oldestAt = k, s.last
		}
	}
	if len(t.m) >= limit {
		delete(t.m, oldest)
	}
}

// Limiter is a token bucket per key: Burst requests at once, then Rate a second. It bounds uploads per user.
type Limiter struct {
	Rate  float64 // tokens added per second
	Burst float64 // bucket size

	mu sync.Mutex
	m  map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// Allow takes one token of key at now; when none is left it returns false and how long until one is.
func (l *Limiter) Allow(key string, now time.Time) (bool, time.Duration) {
	if l == nil || l.Rate <= 0 {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil {
		l.m = map[string]*bucket{}
	}
	b := l.m[key]
	if b == nil {
		if len(l.m) > 10_000 {
			for k, old := range l.m { // full buckets carry no state worth keeping
				if old.tokens+now.Sub(old.at).Seconds()*l.Rate >= l.Burst {
					delete(l.m, k)
				}
			}
		}
		b = &bucket{tokens: l.Burst, at: now}
		l.m[key] = b
	}
	b.tokens = min(l.Burst, b.tokens+now.Sub(b.at).Seconds()*l.Rate)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.Rate * float64(time.Second))
}
