package moderation

import (
	"math"
	"slices"
	"testing"
	"time"

	"parley"
)

// thread builds comments a minute apart; each step is (author, parent index or -1, toxicity).
type step struct {
	author int64
	parent int
	tox    float64
}

func thread(steps ...step) []parley.ScoredComment {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	cs := make([]parley.ScoredComment, len(steps))
	for i, s := range steps {
		cs[i] = parley.ScoredComment{ID: int64(i + 1), AuthorID: s.author, CreatedAt: t0.Add(time.Duration(i) * time.Minute),
			Scores: map[string]float64{"toxicity": s.tox, "insult": s.tox / 2}}
		if s.parent >= 0 {
			cs[i].ParentID = int64(s.parent + 1)
		}
	}
	return cs
}

// crowd is n top-level comments by n different authors (ids from 100) at toxicity tox.
func crowd(n int, tox float64) []step {
	var ss []step
	for i := range n {
		ss = append(ss, step{int64(100 + i), -1, tox})
	}
	return ss
}

// duel is n replies alternating between authors 1 and 2, each answering the one before; the
// first answers comment index first.
func duel(first, n int, tox float64) []step {
	var ss []step
	for i := range n {
		ss = append(ss, step{int64(1 + i%2), first + i, tox})
	}
	return ss
}

func TestTemperature(t *testing.T) {
	tests := []struct {
		name   string
		steps  []step
		heated bool
		rising bool
		recent int
	}{
		{name: "too few comments to judge", steps: crowd(7, 0.9), recent: 7},
		{name: "calm thread", steps: crowd(20, 0.1), recent: 20},
		{name: "rising toxicity", steps: append(crowd(10, 0.2), crowd(10, 0.7)...), heated: true, rising: true, recent: 20},
		{name: "rising but still mild", steps: append(crowd(10, 0.05), crowd(10, 0.25)...), rising: true, recent: 20},
		{name: "toxic but steady", steps: crowd(20, 0.5), recent: 20},
		{name: "cooling down", steps: append(crowd(10, 0.8), crowd(10, 0.2)...), recent: 20},
		{name: "flame war between two users", steps: append(crowd(4, 0.1), duel(3, 12, 0.4)...), heated: true, rising: true, recent: 16},
		{name: "long friendly exchange", steps: append(crowd(4, 0.1), duel(3, 12, 0.1)...), recent: 16},
		// Rougher than the crowd (0.3: between clean and offensive on the model's calibration), but
		// each answers the crowd, not the other: no duel, and not enough to heat the thread.
		{name: "two busy users who do not answer each other", steps: append(crowd(8, 0.1),
			step{1, 0, 0.3}, step{2, 1, 0.3}, step{1, 2, 0.3}, step{2, 3, 0.3}, step{1, 4, 0.3}, step{2, 5, 0.3}, step{1, 6, 0.3}, step{2, 7, 0.3}), rising: true, recent: 16},
		{name: "only the last 30 count", steps: append(crowd(20, 0.9), crowd(30, 0.1)...), recent: 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := New(fake{}).Temperature(thread(tt.steps...))
			if got.Heated != tt.heated || got.Rising != tt.rising || got.Recent != tt.recent {
				t.Errorf("got %+v, want heated=%v rising=%v recent=%d", got, tt.heated, tt.rising, tt.recent)
			}
		})
	}
}

func TestTemperatureMeasures(t *testing.T) {
	cs := thread(append(crowd(4, 0.1), duel(3, 12, 0.4)...)...)
	got := temperature(cs)
	want := parley.Temperature{Recent: 16, MeanToxicity: (4*0.1 + 12*0.4) / 16, TopUsersShare: 12.0 / 16, BackAndForth: 11.0 / 12, Heated: true}
	// The first duel reply answers author 103, not the other duellist.
	if got.Recent != want.Recent || math.Abs(got.MeanToxicity-want.MeanToxicity) > 1e-9 ||
		got.TopUsersShare != want.TopUsersShare || got.BackAndForth != want.BackAndForth || got.Heated != want.Heated {
		t.Errorf("got %+v\nwant %+v", got, want)
	}

	// Order does not matter, and the caller's slice is left alone.
	shuffled := slices.Clone(cs)
	slices.Reverse(shuffled)
	before := slices.Clone(shuffled)
	if again := temperature(shuffled); again != got {
		t.Errorf("reversed input: %+v, want %+v", again, got)
	}
	if !slices.EqualFunc(shuffled, before, func(a, b parley.ScoredComment) bool { return a.ID == b.ID }) {
		t.Error("input reordered")
	}

	// Parents older than the window still count: the window's first reply answers a comment
	// before it.
	long := thread(append([]step{{2, -1, 0.5}}, duel(0, TempWindow, 0.5)...)...)
	if tp := temperature(long); tp.Recent != TempWindow || tp.BackAndForth != 1 {
		t.Errorf("back and forth across the window edge: %+v", tp)
	}

	// No scores, no heat; nothing at all, nothing.
	bare := thread(crowd(10, 0)...)
	for i := range bare {
		bare[i].Scores = nil
	}
	if tp := temperature(bare); tp.MeanToxicity != 0 || tp.Heated {
		t.Errorf("unscored: %+v", tp)
	}
	if tp := temperature(nil); tp != (parley.Temperature{}) {
		t.Errorf("empty: %+v", tp)
	}
}
