package server

import (
	"sync"
	"time"

	"parley"
)

// limiter counts events per key in fixed one-minute windows. It is per instance: behind a load
// balancer each instance allows the limit, which is fine for its purpose (slowing floods from
// one address), while per-author limits are enforced in the database across instances.
type limiter struct {
	clock  parley.Clock
	mu     sync.Mutex
	window time.Time
	counts map[string]int
}

func newLimiter(c parley.Clock) *limiter { return &limiter{clock: c, counts: map[string]int{}} }

func (l *limiter) Allow(key string, perMinute int) bool {
	now := l.clock.Now().Truncate(time.Minute)
	l.mu.Lock()
	defer l.mu.Unlock()
	if !now.Equal(l.window) {
		l.window, l.counts = now, map[string]int{}
	}
	if l.counts[key] >= perMinute {
		return false
	}
	l.counts[key]++
	return true
}
