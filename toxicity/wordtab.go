package toxicity

import "math/bits"

// wordTab is the lexicon's word → wordInfo table, looked up once per word and, for unknown
// words, dozens of times by the typo repair and the glued-word splitter. A Go map of strings
// costs two or three cache misses per probe (control word, slot, key bytes behind a pointer);
// here the key bytes sit inline in a 64-byte slot, so a probe is usually one miss. Open
// addressing with linear probing at load ≤ 1/2; words longer than maxInline go to an ordinary
// map. Built once, read-only afterwards.
type wordTab struct {
	slots []wordSlot
	mask  uint32
	long  map[string]wordInfo
	// seen has one bit per word, set at a hash position independent of the slot index: 32 KB
	// that stays in cache and answers most misses (the glued-word splitter probes every piece of
	// an unknown hashtag, nearly all absent) without touching the 1 MB slot array. About 4 % of
	// absent words pass it and are probed as before; no present word fails it.
	seen []uint64
	// prefixes has a bit for every prefix of every word (the same kind of filter): a piece of a
	// glued word whose bytes so far start no known word cannot grow into one, so segment stops
	// extending it.
	prefixes []uint64
}

const (
	seenBits   = 18
	prefixBits = 20
)

// maxInline keeps a slot at 64 bytes, one cache line; 2 of about 10,700 words are longer.
const maxInline = 19

// wordSlot is one cache line: the key, what the lexicon knows of the word, and what the model's
// weights make of it (filled by cacheWords), so a known word costs one miss.
type wordSlot struct {
	key  [maxInline]byte
	n    uint8 // key length; 0 marks an empty slot (the empty word is never stored)
	info wordInfo
	pre  wordSums
}

func newWordTab(words map[string]wordInfo) *wordTab {
	size := 1 << bits.Len(uint(2*len(words)+16))
	t := &wordTab{slots: make([]wordSlot, size), mask: uint32(size - 1), long: map[string]wordInfo{},
		seen: make([]uint64, 1<<seenBits/64), prefixes: make([]uint64, 1<<prefixBits/64)}
	for w, wi := range words {
		if len(w) == 0 || len(w) > maxInline {
			t.long[w] = wi
			continue
		}
		p := uint32(fnvOffset)
		for i := 0; i < len(w); i++ {
			p = (p ^ uint32(w[i])) * fnvPrime
			setBit(t.prefixes, tabMix(p), prefixBits)
		}
		h := tabHash(w)
		t.seen[h>>(32-seenBits)/64] |= 1 << (h >> (32 - seenBits) % 64)
		i := h & t.mask
		for t.slots[i].n != 0 {
			i = (i + 1) & t.mask
		}
		s := &t.slots[i]
		copy(s.key[:], w)
		s.n, s.info = uint8(len(w)), wi
	}
	return t
}

// tabHash is FNV-1a with a final mix, so the low bits used as the slot index depend on every
// byte.
func tabHash[S string | []byte](w S) uint32 {
	h := uint32(fnvOffset)
	for i := 0; i < len(w); i++ {
		h = (h ^ uint32(w[i])) * fnvPrime
	}
	return tabMix(h)
}

// tabMix finishes an FNV-1a state; tabHash(w) == tabMix(FNV-1a of w), so a caller extending a
// word byte by byte can hash each prefix in O(1).
func tabMix(h uint32) uint32 {
	h ^= h >> 15
	h *= 0x2c1b3c6d
	h ^= h >> 12
	return h
}

func setBit(bs []uint64, h uint32, bits uint) {
	i := h >> (32 - bits)
	bs[i/64] |= 1 << (i % 64)
}

func hasBit(bs []uint64, h uint32, bits uint) bool {
	i := h >> (32 - bits)
	return bs[i/64]&(1<<(i%64)) != 0
}

// isPrefix reports whether the bytes hashed to h (tabMix of their FNV-1a state) may start a
// word; false is certain.
func (t *wordTab) isPrefix(h uint32) bool { return hasBit(t.prefixes, h, prefixBits) }

// getHashed is get for a word whose tabHash the caller already has.
func (t *wordTab) getHashed(w []byte, h uint32) (wordInfo, bool) {
	wi, slot := t.findHashed(w, h)
	return wi, slot != absent
}

func (t *wordTab) get(w []byte) (wordInfo, bool) {
	wi, slot := t.find(w)
	return wi, slot != absent
}

// absent is find's slot for a word not in the table.
const absent = -2

// find looks w up and returns its slot: a dense id (below len(t.slots)) that the model uses to
// cache per-word sums, -1 for a word kept in the long map, absent when w is not in the table.
func (t *wordTab) find(w []byte) (wordInfo, int32) {
	if len(w) == 0 || len(w) > maxInline {
		return t.findHashed(w, 0)
	}
	return t.findHashed(w, tabHash(w))
}

// findHashed is find for a word whose tabHash the caller already has (unused for long words).
func (t *wordTab) findHashed(w []byte, h uint32) (wordInfo, int32) {
	if len(w) == 0 || len(w) > maxInline {
		if wi, ok := t.long[string(w)]; ok {
			return wi, -1
		}
		return wordInfo{}, absent
	}
	if !hasBit(t.seen, h, seenBits) {
		return wordInfo{}, absent
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.n == 0 {
			return wordInfo{}, absent
		}
		if int(s.n) == len(w) && string(s.key[:len(w)]) == string(w) {
			return s.info, int32(i)
		}
	}
}
