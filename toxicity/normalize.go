package toxicity

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// word is one normalised word. Its text is out[start:end]; orig is the code-point span it came
// from in the original text, which is what spans report.
type word struct {
	start, end int32
	os, oe     int32
	sent       int16 // sentence number, for rules that must not reach across sentences
	quoted     bool  // inside quotation marks in the original
	info       wordInfo
	known      bool
	slot       int32 // the word's id in the lexicon table, negative when it has none
}

// normText is the normaliser's output and scratch space; one per goroutine via the model's pool.
type normText struct {
	runes []rune  // folded text
	pos   []int32 // original code-point index of each folded rune
	out   []byte  // normalised words separated by single spaces
	off   []int32 // original code-point index of each byte of out, when wantOff
	// wantOff asks for off; only Normalize needs it, and filling it cost scoring a copy per word.
	wantOff bool
	words   []word
	upper   int // ASCII capitals and small letters in the original, for the shouting feature
	lower   int

	raw     []byte // current raw token
	rawPos  []int32
	scratch []byte
	alt     []byte
	cuts    []int
	rep     []byte
	singles []rawTok
	singleB []byte   // arenas for the held single letters' bytes and positions
	capBits []uint64 // which folded runes were ASCII capitals, for telling names apart
	singleP []int32
	joinPos []int32 // positions of a run of held single letters being tried as one word
	gram    []byte  // a word with its boundary marks, for the character n-grams
}

type rawTok struct {
	b        []byte
	pos      []int32
	sent     int16
	quoted   bool
	gapOK    bool   // separated from the previous token only by a space, dot, dash, star or similar
	oneIsAlt bool   // the token had a '1' read as 'i' that could be an 'l'
	name     bool   // capitalised mid-sentence ("Assange", "Sexton"): not repaired or split
	plain    bool   // only a–z: no wildcard stars to look for
	hash     uint32 // tabHash(b), when plain and set by the tokeniser (0: not computed)
}

func (nt *normText) isCap(i int) bool {
	return i/64 < len(nt.capBits) && nt.capBits[i/64]&(1<<(i%64)) != 0
}

func (nt *normText) anyCap(lo, hi int) bool {
	for i := lo; i < hi; i++ {
		if nt.isCap(i) {
			return true
		}
	}
	return false
}

func (nt *normText) reset() {
	nt.runes, nt.pos = nt.runes[:0], nt.pos[:0]
	nt.out, nt.off, nt.words = nt.out[:0], nt.off[:0], nt.words[:0]
	nt.singles, nt.singleB, nt.singleP = nt.singles[:0], nt.singleB[:0], nt.singleP[:0]
	clear(nt.capBits)
	nt.upper, nt.lower = 0, 0
}

// isWordRune is small enough to inline: it runs on every character, twice.
func isWordRune(r rune) bool {
	if r < 0x80 {
		return asciiWord[r]
	}
	return isWideWordRune(r)
}

func isWideWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// asciiSymbol is unicode.IsSymbol for ASCII, looked up for every space and punctuation mark.
var asciiSymbol = func() (t [0x80]bool) {
	for r := range rune(0x80) {
		t[r] = unicode.IsSymbol(r) || unicode.Is(unicode.So, r)
	}
	return t
}()

var asciiWord = func() (t [0x80]bool) {
	for r := range rune(0x80) {
		t[r] = r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '@' || r == '$' || r == '!' ||
			r == '|' || r == '*' || r == '+' || r == '\''
	}
	return t
}()

// fold writes text's folded runes and their code-point positions into runes and pos (each at
// least len(text) long), marks ASCII capitals in capBits, and returns how many runes it wrote
// and how many ASCII capitals and small letters it saw. A function of its own so that its
// loop keeps its counters in registers.
func fold(text string, runes []rune, pos []int32, capBits []uint64) (n, upper, lower int) {
	i := int32(0)
	for b := 0; b < len(text); {
		if c := text[b]; c < 0x80 && c != '&' {
			// Small letter or not cannot be predicted (a mispredicted branch costs a dozen
			// instructions' time), so it is counted without a branch; capitals are rare.
			low := 0
			if c-'a' < 26 {
				low = 1
			}
			lower += low
			if c-'A' < 26 {
				upper++
				c += 'a' - 'A'
				capBits[n>>6] |= 1 << (n & 63)
			}
			runes[n], pos[n] = rune(c), i
			n++
			i++
			b++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[b:])
		codepoints := int32(1)
		if r == '&' {
			if er, l := htmlEntity(text[b:]); l > 0 {
				r, size, codepoints = er, l, int32(l) // entities are ASCII: bytes are code points
			}
		}
		// TestFoldNeverOutgrowsUTF8 holds foldRune to the bound that makes this write in place.
		m := len(foldRune(runes[:n], r))
		for k := n; k < m; k++ {
			pos[k] = i
		}
		n = m
		i += codepoints
		b += size
	}
	return n, upper, lower
}

// normalize folds text into lower-case words with spelling tricks undone, recording for every
// word where it came from. lx may be nil (no repairs beyond folding and leet).
func (nt *normText) normalize(text string, lx *lexicon) {
	nt.reset()
	// Folding never makes more runes than the text has bytes (the longest expansion, "ß" →
	// "ss", turns two bytes into two runes; entities shrink), so the slices are sized once and
	// the ASCII path, most of every comment, writes by index with no capacity checks. They are
	// locals, written back once: fields would cost a store per character.
	runes, pos := slices.Grow(nt.runes[:0], len(text)), slices.Grow(nt.pos[:0], len(text))
	runes, pos = runes[:len(text)], pos[:len(text)]
	if words := (len(text) + 63) / 64; len(nt.capBits) < words {
		nt.capBits = append(nt.capBits, make([]uint64, words-len(nt.capBits))...)
	}
	n, upper, lower := fold(text, runes, pos, nt.capBits)
	runes, pos = runes[:n], pos[:n]
	nt.runes, nt.pos = runes, pos
	nt.upper, nt.lower = upper, lower
	var sent int16
	quoted := false
	gapOK := true
	first := true // the next token starts a sentence, where a capital says nothing
	rs := nt.runes
	for k := 0; k < len(rs); {
		r := rs[k]
		if !isWordRune(r) {
			switch {
			case r == '"':
				quoted = !quoted
			case r == '?' || r == '!' || r == ';' || r == '\n':
				sent++
				first = true
			case r == '.' && (k+1 == len(rs) || rs[k+1] == ' ' || rs[k+1] == '\n'):
				sent++
				first = true
			}
			if r != ' ' && r != '.' && r != '-' && r != '_' && r != '/' && r != ',' && r != '~' {
				gapOK = false
			}
			if r < 0x80 && asciiSymbol[r] || r >= 0x80 && (unicode.IsSymbol(r) || unicode.Is(unicode.So, r)) {
				// Emoji and other symbols are words of their own: 🖕 says as much as a word.
				nt.flushSingles(lx)
				nt.emit([]byte(string(r)), []int32{nt.pos[k]}, sent, quoted, wordInfo{rating: -1}, -1, false)
				gapOK = false
			}
			k++
			continue
		}
		// One pass over a run of a–z copies it as bytes and hashes it for the lexicon table:
		// each pass over a word ends in a mispredicted branch, and words are short.
		raw := nt.raw[:cap(nt.raw)]
		if len(raw) < len(rs)-k {
			raw = make([]byte, len(rs))
		}
		j, h := k, uint32(fnvOffset)
		for j < len(rs) && uint32(rs[j]-'a') < 26 {
			c := byte(rs[j])
			raw[j-k] = c
			h = (h ^ uint32(c)) * fnvPrime
			j++
		}
		nt.raw = raw[:j-k]
		plain := j > k // only a–z, most tokens
		for j < len(rs) && isWordRune(rs[j]) {
			j++
			plain = false
		}
		if plain {
			// Nothing to trim, map or spread, and no quote mark at either end: one byte per
			// position, straight to the queue.
			// The capital first: it is rarely there, so the test is predictable; the word's
			// length is not.
			name := nt.isCap(k) && !first && j-k >= 4 && !nt.anyCap(k+1, j)
			nt.queue(rawTok{b: nt.raw, pos: nt.pos[k:j], sent: sent, quoted: quoted, gapOK: gapOK, name: name,
				plain: true, hash: tabMix(h)}, lx)
			first, gapOK, k = false, true, j
			continue
		}
		// A quote mark made of apostrophes: 'like this'.
		if rs[k] == '\'' && (k == 0 || rs[k-1] == ' ') {
			quoted = true
		}
		closeQuote := rs[j-1] == '\'' && (j == len(rs) || !isWordRune(rs[j])) && j-k > 1
		name := !first && j-k >= 4 && nt.isCap(k) && !nt.anyCap(k+1, j)
		nt.token(rs[k:j], nt.pos[k:j], sent, quoted, gapOK, name, lx)
		first = false
		if rs[j-1] == '!' {
			sent++
			first = true
		}
		if closeQuote && quoted {
			quoted = false
		}
		gapOK = true
		k = j
	}
	nt.flushSingles(lx)
}

// token cleans one raw token (trim, leet, mentions) and queues or resolves it.
func (nt *normText) token(rs []rune, pos []int32, sent int16, quoted, gapOK, name bool, lx *lexicon) {
	for len(rs) > 0 && (rs[0] == '\'' || rs[0] == '!' || rs[0] == '|' || rs[0] == '+' || rs[0] == '*') {
		rs, pos = rs[1:], pos[1:]
	}
	for len(rs) > 0 && (rs[len(rs)-1] == '\'' || rs[len(rs)-1] == '!' || rs[len(rs)-1] == '|' || rs[len(rs)-1] == '+') {
		rs, pos = rs[:len(rs)-1], pos[:len(rs)-1]
	}
	if len(rs) == 0 {
		return
	}
	letters, digits, plain := 0, 0, true
	for _, r := range rs {
		switch {
		case r >= 'a' && r <= 'z':
			letters++
		case r >= '0' && r <= '9':
			digits++
			plain = false
		case r != '@' && r != '$' && r != '|' && r != '*' && r != '+' && r != '\'' && r != '!':
			letters++
			plain = false
		default:
			plain = false
		}
	}
	if plain {
		// Only a–z after trimming ("'word'", "wow!!"): one byte per position.
		b := nt.raw[:0]
		for _, r := range rs {
			b = append(b, byte(r))
		}
		nt.raw = b
		nt.queue(rawTok{b: b, pos: pos, sent: sent, quoted: quoted, gapOK: gapOK, name: name, plain: true}, lx)
		return
	}
	if rs[0] == '@' && letters > 0 {
		// Mentions name someone, not what is said about them; one token for all of them.
		nt.flushSingles(lx)
		nt.emit([]byte("@user"), pos, sent, quoted, wordInfo{rating: -1}, -1, true)
		return
	}
	if letters == 0 && digits == 0 && !(len(rs) <= 4 && (rs[0] == '$' || rs[0] == '@')) {
		return
	}
	leet := letters > 0 || len(rs) <= 2 // "$" alone is not a word, "4" next to "u" may be
	if digits > 0 && letters > 0 && ordinal(rs) {
		leet = false
	}
	if digits > 0 && letters == 0 {
		leet = false
	}
	b, p := nt.raw[:0], nt.rawPos[:0]
	oneAlt := false
	for idx, r := range rs {
		if r == '\'' {
			continue
		}
		if leet && r == '8' && idx > 0 && unicode.IsLetter(rs[idx-1]) {
			// "h8", "l8r", "h8ers": after a letter, 8 says "ate".
			ate := "ate"
			if idx+1 < len(rs) && rs[idx+1] == 'e' {
				ate = "at"
			}
			b = append(b, ate...)
			for range len(ate) {
				p = append(p, pos[idx])
			}
			continue
		}
		if leet {
			if m, ok := leetMap(r); ok {
				oneAlt = oneAlt || r == '1' || r == '!'
				r = m
			}
		}
		n := len(b)
		b = utf8.AppendRune(b, r)
		for range len(b) - n {
			p = append(p, pos[idx])
		}
	}
	nt.raw, nt.rawPos = b, p
	if len(b) == 0 {
		return
	}
	nt.queue(rawTok{b: b, pos: p, sent: sent, quoted: quoted, gapOK: gapOK, oneIsAlt: oneAlt}, lx)
}

// queue resolves a cleaned token, or holds a single letter back: "f u c k" is resolved as a run.
func (nt *normText) queue(t rawTok, lx *lexicon) {
	if t.plain && len(t.b) == 1 || !t.plain && utf8.RuneCount(t.b) == 1 && t.b[0] != '*' {
		// t.b and t.pos are scratch that the next token overwrites. The held copies go into
		// per-text arenas; a slice into an arena stays valid when the arena grows, since the
		// old backing array is never written again.
		n, k := len(nt.singleB), len(nt.singleP)
		nt.singleB = append(nt.singleB, t.b...)
		nt.singleP = append(nt.singleP, t.pos...)
		t.b = nt.singleB[n:len(nt.singleB):len(nt.singleB)]
		t.pos = nt.singleP[k:len(nt.singleP):len(nt.singleP)]
		if !t.gapOK {
			nt.flushSingles(lx)
		}
		nt.singles = append(nt.singles, t)
		return
	}
	nt.flushSingles(lx)
	nt.resolve(t, lx)
}

func ordinal(rs []rune) bool {
	i := 0
	for i < len(rs) && rs[i] >= '0' && rs[i] <= '9' {
		i++
	}
	if i == 0 {
		return false
	}
	switch string(rs[i:]) {
	case "st", "nd", "rd", "th", "s", "am", "pm", "k", "m", "x", "g", "lbs", "yrs", "mins", "min", "hrs", "h", "yo", "ish":
		return true
	}
	return false
}

func leetMap(r rune) (rune, bool) {
	switch r {
	case '0':
		return 'o', true
	case '1', '!', '|':
		if r == '|' {
			return 'l', true
		}
		return 'i', true
	case '3':
		return 'e', true
	case '4', '@':
		return 'a', true
	case '5', '$':
		return 's', true
	case '7', '+':
		return 't', true
	case '8':
		return 'b', true
	case '9':
		return 'g', true
	}
	return 0, false
}

// flushSingles resolves queued single-letter tokens: a run of three or more that spells a word
// worth catching ("f u c k", "k.i.l.l") becomes that word; anything else stays letters.
func (nt *normText) flushSingles(lx *lexicon) {
	s := nt.singles
	if len(s) == 0 {
		return
	}
	nt.singles = nt.singles[:0]
	if len(s) >= 3 && lx != nil {
		for a := 0; a < len(s); {
			// Longest run from a that resolves to a special word.
			done := false
			// At most 12 letters: longer runs spell nothing in the lexicon, and an unbounded
			// window would make "a b c d …" quadratic.
			for b := min(len(s), a+12); b-a >= 3 && !done; b-- {
				joined, pos := nt.alt[:0], nt.joinPos[:0]
				for _, t := range s[a:b] {
					// A digit among letters is leet: "J 3 w s".
					if len(t.b) == 1 && t.b[0] < 0x80 {
						if m, ok := leetMap(rune(t.b[0])); ok && m != 'l' {
							joined = append(joined, byte(m))
							pos = append(pos, t.pos...)
							continue
						}
					}
					joined = append(joined, t.b...)
					pos = append(pos, t.pos...)
				}
				nt.alt, nt.joinPos = joined, pos
				if w, ok := nt.lookupSpecial(joined, lx); ok {
					nt.emitSpread(w, pos, s[a].sent, s[a].quoted, lx)
					a, done = b, true
				}
			}
			if !done {
				nt.resolve(s[a], lx)
				a++
			}
		}
		return
	}
	for _, t := range s {
		nt.resolve(t, lx)
	}
}

// lookupSpecial is the repair chain for joined letters: exact, collapsed repeats, one typo.
// The word it returns is b, scratch or a lexicon word, valid until the next token.
func (nt *normText) lookupSpecial(b []byte, lx *lexicon) ([]byte, bool) {
	if lx.special(b) {
		return b, true
	}
	c := collapse(append(nt.scratch[:0], b...), 1)
	nt.scratch = c
	if lx.special(c) {
		return c, true
	}
	w, ok := lx.repair(b, nt.rep[:0])
	if ok {
		nt.rep = w
	}
	return w, ok
}

// collapse shortens every run of a repeated byte to at most keep bytes, in place.
func collapse(b []byte, keep int) []byte {
	out := b[:0]
	run := 0
	var prev byte
	for i, c := range b {
		if i > 0 && c == prev && c >= 'a' && c <= 'z' {
			run++
		} else {
			run = 1
		}
		prev = c
		if run <= keep {
			out = append(out, c)
		}
	}
	return out
}

// htmlEntity decodes an HTML entity at the start of s ("&amp;", "&#8220;", "&#x1F602;"), which
// scraped comments are full of, returning the rune and the entity's length, or 0.
func htmlEntity(s string) (rune, int) {
	end := -1
	for i := 1; i < len(s) && i < 12; i++ {
		if s[i] == ';' {
			end = i
			break
		}
	}
	if end < 2 {
		return 0, 0
	}
	name := s[1:end]
	switch name {
	case "amp":
		return '&', end + 1
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "quot":
		return '"', end + 1
	case "apos", "#39":
		return '\'', end + 1
	case "nbsp":
		return ' ', end + 1
	}
	if name[0] != '#' {
		return 0, 0
	}
	v, base, digits := 0, 10, name[1:]
	if len(digits) > 0 && (digits[0] == 'x' || digits[0] == 'X') {
		base, digits = 16, digits[1:]
	}
	if len(digits) == 0 {
		return 0, 0
	}
	for _, c := range []byte(digits) {
		d := 0
		switch {
		case c >= '0' && c <= '9':
			d = int(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = int(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = int(c-'A') + 10
		default:
			return 0, 0
		}
		v = v*base + d
		if v > unicode.MaxRune {
			return 0, 0
		}
	}
	if v == 0 || v >= 0xD800 && v <= 0xDFFF {
		return 0, 0
	}
	return rune(v), end + 1
}
