package toxicity

import (
	"sort"
	"unicode/utf8"
)

// explainFloor is the lowest category score whose reasons are worth showing; below it the spans
// would explain a verdict nobody acts on.
const explainFloor = 0.3

// Explain scores text and returns up to max spans, across categories, that pushed scores up most.
// A span's weight is the category's score times the span's share of what raised it, so spans of
// the categories that matter come first.
func (m *Model) Explain(text string, max int) (Scores, []Span) {
	s := m.scratch()
	defer m.pool.Put(s)
	sc, rr := m.score(text, s, true)
	if max <= 0 {
		return sc, nil
	}
	type cand struct {
		lo, hi int // word range
		cat    Category
		w      float64
	}
	var cands []cand
	for h := range numHeads {
		cat := headCategory[h]
		score := sc.Get(cat)
		if score < explainFloor {
			continue
		}
		total := 0.0
		for _, c := range s.contrib {
			if c[h] > 0 {
				total += c[h]
			}
		}
		if total == 0 {
			continue
		}
		for k, c := range s.contrib {
			if functionWord(s.nt.words[k]) {
				continue
			}
			if share := c[h] / total; share >= 0.08 {
				cands = append(cands, cand{k, k + 1, cat, score * share})
			}
		}
	}
	for _, r := range []struct {
		hit ruleHit
		cat Category
	}{{rr.threat, Threat}, {rr.identity, IdentityAttack}, {rr.insult, Insult}, {rr.profanity, Profanity}} {
		if r.hit.p >= explainFloor && sc.Get(r.cat) >= explainFloor && r.hit.hi > r.hit.lo {
			cands = append(cands, cand{r.hit.lo, r.hit.hi, r.cat, r.hit.p})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].w > cands[j].w })
	words := s.nt.words
	var spans []Span
	for _, c := range cands {
		if len(spans) == max {
			break
		}
		start, end := int(words[c.lo].os), int(words[c.hi-1].oe)
		dup := false
		for _, sp := range spans {
			if sp.Category == c.cat && sp.Start <= start && end <= sp.End {
				dup = true
			}
		}
		if dup {
			continue
		}
		spans = append(spans, Span{Start: start, End: end, Category: c.cat, Weight: round4(c.w)})
	}
	fillSpanText(text, spans)
	return sc, spans
}

// fillSpanText sets each span's Text from code-point offsets into text, in one pass.
func fillSpanText(text string, spans []Span) {
	if len(spans) == 0 {
		return
	}
	// byteAt[i] is the byte offset of code point i; built lazily up to the largest offset.
	hi := 0
	for _, sp := range spans {
		hi = max(hi, sp.End)
	}
	byteAt := make([]int, 0, hi+1)
	for i := range text {
		if len(byteAt) > hi {
			break
		}
		byteAt = append(byteAt, i)
	}
	for len(byteAt) <= hi {
		byteAt = append(byteAt, len(text))
	}
	for i := range spans {
		spans[i].Text = text[byteAt[spans[i].Start]:byteAt[spans[i].End]]
	}
}

func round4(x float64) float64 { return float64(int64(x*10000+0.5)) / 10000 }

// Normalize returns the normalised form of text that features are computed on, and for each of
// its code points the code-point offset in text it came from (non-decreasing, within text).
// It is exported for tests and for tools that show moderators what the model read.
func (m *Model) Normalize(text string) (string, []int) {
	s := m.scratch()
	defer m.pool.Put(s)
	s.nt.wantOff = true
	defer func() { s.nt.wantOff = false }()
	s.nt.normalize(text, m.lx)
	return normOutput(&s.nt)
}

func normOutput(nt *normText) (string, []int) {
	out := string(nt.out)
	offs := make([]int, 0, utf8.RuneCount(nt.out))
	for i := range out {
		offs = append(offs, int(nt.off[i]))
	}
	return out, offs
}

// functionWord reports words too common to be a reason on their own ("a", "you", "the"): the
// learned weights give them a little of everything, and highlighting them helps nobody.
func functionWord(w word) bool {
	const common = 1500 // occurrences in the training tweets
	wi := w.info
	return wi.rating < 1 && wi.flags&(flagGroup|flagGroupAdj|flagViolent|flagViolentPP|flagDehuman|flagHateVerb) == 0 &&
		(wi.freq >= common || w.end-w.start <= 1)
}
