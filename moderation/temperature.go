package moderation

import (
	"cmp"
	"slices"

	"parley"
)

// Thread temperature. The numbers are chosen against the classifier's calibration on the training
// data, where clean comments (OLID) average 0.10 toxicity and offensive ones 0.46 (the model is
// calibrated for a mostly civil comment section): a window averaging HotMean has roughly a third
// of its comments offensive, and RisingMargin is a fifth of the clean-to-offensive gap.
const (
	TempWindow      = 30   // most recent comments considered
	TempMinComments = 8    // fewer than this and there is no conversation to judge
	HotMean         = 0.22 // mean toxicity that, rising, makes a thread heated
	RisingMargin    = 0.07 // second half's mean over the first half's
	// A duel: the two most active authors write DuelShare of the window, DuelBackAndForth of its
	// replies are the two answering each other (at least DuelMinExchanges of them), and their
	// own comments average DuelToxicity — a heated argument, not a long friendly one.
	DuelShare        = 0.5
	DuelBackAndForth = 0.5
	DuelMinExchanges = 4
	DuelToxicity     = 0.19 // about a quarter of the duel's comments offensive
)

// Temperature reads a thread's heat from its recent comments (any order) and their stored scores.
// A comment without a toxicity score counts as calm.
func (p *Policy) Temperature(recent []parley.ScoredComment) parley.Temperature {
	return temperature(recent)
}

func temperature(recent []parley.ScoredComment) parley.Temperature {
	byTime := func(a, b parley.ScoredComment) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	}
	all := recent
	if !slices.IsSortedFunc(all, byTime) {
		all = slices.SortedFunc(slices.Values(recent), byTime)
	}
	win := all[max(len(all)-TempWindow, 0):]
	t := parley.Temperature{Recent: len(win)}
	if len(win) == 0 {
		return t
	}
	tox := func(c parley.ScoredComment) float64 { return c.Scores["toxicity"] }
	t.MeanToxicity = meanOf(win, tox)

	// The two most active authors, ties to the lower id so the answer does not depend on order.
	counts := make(map[int64]int, len(win))
	for _, c := range win {
		counts[c.AuthorID]++
	}
	type author struct {
		id int64
		n  int
	}
	top := make([]author, 0, len(counts))
	for id, n := range counts {
		top = append(top, author{id, n})
	}
	slices.SortFunc(top, func(a, b author) int { return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.id, b.id)) })
	top = top[:min(len(top), 2)]
	inTop := func(id int64) bool { return slices.ContainsFunc(top, func(a author) bool { return a.id == id }) }
	topN := 0
	for _, a := range top {
		topN += a.n
	}
	t.TopUsersShare = float64(topN) / float64(len(win))

	// Back and forth: replies in the window written by one of the two to the other. Parents
	// may be older than the window, so look them up in everything given.
	authorOf := make(map[int64]int64, len(all))
	for _, c := range all {
		authorOf[c.ID] = c.AuthorID
	}
	replies, exchanges := 0, 0
	for _, c := range win {
		if c.ParentID == 0 {
			continue
		}
		replies++
		if pa, ok := authorOf[c.ParentID]; ok && len(top) == 2 && pa != c.AuthorID && inTop(pa) && inTop(c.AuthorID) {
			exchanges++
		}
	}
	if replies > 0 {
		t.BackAndForth = float64(exchanges) / float64(replies)
	}

	if len(win) < TempMinComments {
		return t
	}
	half := len(win) / 2
	t.Rising = meanOf(win[len(win)-half:], tox)-meanOf(win[:half], tox) >= RisingMargin
	duelTox, duelN := 0.0, 0
	for _, c := range win {
		if inTop(c.AuthorID) {
			duelTox += tox(c)
			duelN++
		}
	}
	duel := t.TopUsersShare >= DuelShare && t.BackAndForth >= DuelBackAndForth &&
		exchanges >= DuelMinExchanges && duelTox/float64(max(duelN, 1)) >= DuelToxicity
	t.Heated = t.MeanToxicity >= HotMean && t.Rising || duel
	return t
}

func meanOf(cs []parley.ScoredComment, f func(parley.ScoredComment) float64) float64 {
	if len(cs) == 0 {
		return 0
	}
	sum := 0.0
	for _, c := range cs {
		sum += f(c)
	}
	return sum / float64(len(cs))
}
