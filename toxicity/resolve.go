package toxicity

import "bytes"

// resolve undoes the spelling tricks in one token, trying the cheapest readings first and
// stopping at the first that gives a known word: as typed, wildcard stars, collapsed repeats
// ("fuuuuck"), '1' as 'l', one typo ("fcuk", "idot"), glued words ("killallmuslims").
func (nt *normText) resolve(t rawTok, lx *lexicon) {
	b := t.b
	if lx == nil {
		c := collapse(append(nt.scratch[:0], b...), 2)
		nt.scratch = c
		nt.emitSpread(c, t.pos, t.sent, t.quoted, nil)
		return
	}
	if !t.plain && bytes.IndexByte(b, '*') >= 0 {
		if w, ok := lx.wildcard(b); ok {
			nt.emitSpread([]byte(w), t.pos, t.sent, t.quoted, lx)
			return
		}
		var p []int32
		nb := nt.alt[:0]
		for i, c := range b {
			if c != '*' {
				nb = append(nb, c)
				p = append(p, t.pos[i])
			}
		}
		nt.alt = nb
		if len(nb) == 0 {
			return
		}
		b = append([]byte(nil), nb...)
		t.pos, t.hash = p, 0
	}
	var wi wordInfo
	var slot int32
	if t.hash != 0 {
		wi, slot = lx.tab.findHashed(b, t.hash)
	} else {
		wi, slot = lx.tab.find(b)
	}
	if slot != absent {
		nt.emit(b, t.pos, t.sent, t.quoted, wi, slot, true) // the common case: one map lookup
		return
	}
	c := collapse(append(nt.scratch[:0], b...), 2)
	nt.scratch = c
	if !isASCII(c) {
		nt.emitSpread(c, t.pos, t.sent, t.quoted, lx)
		return
	}
	// "fuuuuck": stretched letters hide a special word more often than a double letter does,
	// so the fully collapsed special word wins over a collapsed-to-two ordinary one.
	c1 := collapse(append(nt.alt[:0], c...), 1)
	nt.alt = c1
	if len(c1) != len(b) && lx.special(c1) {
		nt.emitSpread(c1, t.pos, t.sent, t.quoted, lx)
		return
	}
	if len(c) != len(b) && lx.known(c) {
		nt.emitSpread(c, t.pos, t.sent, t.quoted, lx)
		return
	}
	if len(c1) != len(c) && lx.known(c1) {
		nt.emitSpread(c1, t.pos, t.sent, t.quoted, lx)
		return
	}
	if t.name {
		// A capitalised word mid-sentence is most likely a name: "Assange", "Sexton" and
		// "Spicer" are one repair or one split away from profanity and slurs. Group names are
		// capitalised too, so a dropped or swapped letter is still undone towards one: "I
		// hate Mulsims", "Muslms" (only those two: names are frequent, and a full repair of
		// each cost 1 % of the scoring time).
		if w, ok := lx.nameToGroup(c, nt.rep[:0]); ok {
			nt.rep = w
			nt.emitSpread(w, t.pos, t.sent, t.quoted, lx)
			return
		}
		nt.emitSpread(c, t.pos, t.sent, t.quoted, lx)
		return
	}
	if t.oneIsAlt {
		l := append(nt.rep[:0], c...)
		for i := range l {
			if l[i] == 'i' {
				l[i] = 'l'
			}
		}
		nt.rep = l
		if lx.known(l) {
			nt.emitSpread(l, t.pos, t.sent, t.quoted, lx)
			return
		}
	}
	if w, ok := lx.repair(c, nt.rep[:0]); ok {
		nt.rep = w
		nt.emitSpread(w, t.pos, t.sent, t.quoted, lx)
		return
	}
	if len(c1) != len(c) {
		if w, ok := lx.repair(c1, nt.rep[:0]); ok {
			nt.rep = w
			nt.emitSpread(w, t.pos, t.sent, t.quoted, lx)
			return
		}
	}
	if cuts, ok := lx.segment(c, nt.cuts[:0]); ok {
		nt.cuts = cuts
		prev := 0
		for _, cut := range cuts {
			// Each piece takes its share of the token's original positions.
			lo := prev * len(t.pos) / len(c)
			hi := max(lo+1, cut*len(t.pos)/len(c))
			nt.emitSpread(c[prev:cut], t.pos[lo:hi], t.sent, t.quoted, lx)
			prev = cut
		}
		return
	}
	nt.emitSpread(c, t.pos, t.sent, t.quoted, lx)
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// emitSpread appends a word whose letters come from the original positions pos; when the word
// is longer or shorter than its source (repairs, collapsed repeats), letters are spread
// proportionally so the offset map stays monotonic and inside the token.
func (nt *normText) emitSpread(w []byte, pos []int32, sent int16, quoted bool, lx *lexicon) {
	if len(w) == 0 || len(pos) == 0 {
		return
	}
	wi, slot, known := wordInfo{rating: -1}, int32(-1), false
	if lx != nil {
		wi, slot, known = lx.info(w)
		if !known {
			wi.rating = -1
		}
	}
	nt.emit(w, pos, sent, quoted, wi, slot, known)
}

// emit appends a normalised word. slot is the word's id in the lexicon table when w is exactly
// a table key (negative otherwise), so the model can use the word's cached n-gram sums.
func (nt *normText) emit(w []byte, pos []int32, sent int16, quoted bool, wi wordInfo, slot int32, known bool) {
	if len(nt.out) > 0 {
		nt.out = append(nt.out, ' ')
		if nt.wantOff {
			nt.off = append(nt.off, pos[0])
		}
	}
	start := int32(len(nt.out))
	nt.out = append(nt.out, w...)
	// Scoring and explaining use each word's span (os, oe); only Normalize maps every byte.
	if nt.wantOff {
		if len(pos) == len(w) {
			nt.off = append(nt.off, pos...)
		} else {
			for j := range w {
				nt.off = append(nt.off, pos[j*len(pos)/len(w)])
			}
		}
	}
	nt.words = append(nt.words, word{
		start: start, end: int32(len(nt.out)),
		os: pos[0], oe: pos[len(pos)-1] + 1, // positions come from the text in order; checkOffsets
		sent: sent, quoted: quoted, info: wi, known: known, slot: slot,
	})
}

// text returns the normalised text of word k without copying.
func (nt *normText) text(k int) []byte {
	w := &nt.words[k] // a pointer: copying the struct cost more than the slicing
	return nt.out[w.start:w.end]
}
