package moderation

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// phrase is one word-list entry as it is matched: normalised, words separated by single spaces.
type phrase struct {
	text   string
	prefix bool   // the entry ended in "*": its last word may go on ("idiot*" → "idiots")
	entry  string // what the site wrote, for the reason
}

// wordList is a compiled word list. Phrases are indexed by their first word, so matching costs
// one map probe per word of the comment however long the list is; prefix entries of one word
// cannot be indexed that way and are tried at every word.
type wordList struct {
	src      []string
	byFirst  map[string][]phrase
	prefixes []phrase
}

func (l *wordList) empty() bool { return l == nil || len(l.byFirst) == 0 && len(l.prefixes) == 0 }

// maxCachedLists bounds each cache map: settings reloaded with new word lists leave old entries
// behind.
const maxCachedLists = 64

// listCache holds compiled lists. The fast path knows a list by its backing array, so the same
// settings value costs one map probe; settings loaded afresh (new slices, same words) are found
// by a hash of their contents and confirmed word by word. Settings are shared between goroutines
// and must not be changed in place, which is what makes the fast path sound.
type listCache struct {
	mu      sync.RWMutex
	byArray map[arrayKey]*wordList
	byHash  map[uint64]*wordList
}

type arrayKey struct {
	first *string
	n     int
}

func (c *listCache) get(words []string, normalize func(string) (string, []int)) *wordList {
	if len(words) == 0 {
		return nil
	}
	ak := arrayKey{&words[0], len(words)}
	c.mu.RLock()
	l := c.byArray[ak]
	c.mu.RUnlock()
	if l != nil {
		return l
	}
	hk := hashWords(words)
	c.mu.RLock()
	l = c.byHash[hk]
	c.mu.RUnlock()
	if l == nil || !slices.Equal(l.src, words) {
		l = compile(words, normalize)
	}
	c.mu.Lock()
	if c.byArray == nil || len(c.byArray) >= maxCachedLists {
		c.byArray = make(map[arrayKey]*wordList)
	}
	if c.byHash == nil || len(c.byHash) >= maxCachedLists {
		c.byHash = make(map[uint64]*wordList)
	}
	c.byArray[ak], c.byHash[hk] = l, l
	c.mu.Unlock()
	return l
}

// hashWords is FNV-1a over the words, each ended by a zero byte. A collision costs only a
// recompile: a hit is confirmed by comparing the words.
func hashWords(words []string) uint64 {
	h := uint64(14695981039346656037)
	for _, w := range words {
		for i := 0; i < len(w); i++ {
			h = (h ^ uint64(w[i])) * 1099511628211
		}
		h *= 1099511628211
	}
	return h
}

// compile turns entries into phrases. Each entry goes through the classifier's normaliser, so
// "k1ll" in a list means what "k1ll" in a comment means; its plain lower-case form is kept too,
// in case the normaliser reads a bare entry differently from the same word in a sentence.
func compile(words []string, normalize func(string) (string, []int)) *wordList {
	l := &wordList{src: slices.Clone(words), byFirst: make(map[string][]phrase)}
	seen := make(map[phrase]bool)
	for _, w := range words {
		entry := strings.TrimSpace(w)
		body, prefix := strings.CutSuffix(entry, "*")
		norm, _ := normalize(body)
		for _, form := range []string{norm, strings.Join(strings.Fields(strings.ToLower(body)), " ")} {
			p := phrase{text: form, prefix: prefix, entry: entry}
			if form == "" || seen[p] {
				continue
			}
			seen[p] = true
			first, _, multi := strings.Cut(form, " ")
			if prefix && !multi {
				l.prefixes = append(l.prefixes, p)
				continue
			}
			l.byFirst[first] = append(l.byFirst[first], p)
		}
	}
	return l
}

// hit is a match in the normalised text, in bytes.
type hit struct {
	start, end int
	entry      string
}

// match appends every match of l in norm (normalised words separated by single spaces).
func (l *wordList) match(norm string, hits []hit) []hit {
	if l.empty() {
		return hits
	}
	for i := 0; i < len(norm); {
		j := strings.IndexByte(norm[i:], ' ')
		if j < 0 {
			j = len(norm)
		} else {
			j += i
		}
		for _, p := range l.byFirst[norm[i:j]] {
			if end, ok := p.at(norm, i); ok {
				hits = append(hits, hit{i, end, p.entry})
			}
		}
		for _, p := range l.prefixes {
			if strings.HasPrefix(norm[i:j], p.text) {
				hits = append(hits, hit{i, j, p.entry})
			}
		}
		i = j + 1
	}
	return hits
}

// at reports whether p matches norm at byte i, ending at a word boundary, and where it ends.
func (p phrase) at(norm string, i int) (int, bool) {
	if !strings.HasPrefix(norm[i:], p.text) {
		return 0, false
	}
	end := i + len(p.text)
	if p.prefix {
		if k := strings.IndexByte(norm[end:], ' '); k >= 0 {
			return end + k, true
		}
		return len(norm), true
	}
	return end, end == len(norm) || norm[end] == ' '
}

// origRange maps a byte range of the normalised text back to code-point offsets in the original,
// through the normaliser's per-code-point map. The end is one past the last mapped code point.
func origRange(norm string, offs []int, start, end int) (int, int, bool) {
	c0 := utf8.RuneCountInString(norm[:start])
	c1 := c0 + utf8.RuneCountInString(norm[start:end])
	if c1 == c0 || c1 > len(offs) {
		return 0, 0, false
	}
	return offs[c0], offs[c1-1] + 1, true
}

// substr returns text's code points [start, end).
func substr(text string, start, end int) string {
	b0, b1, cp := len(text), len(text), 0
	for i := range text {
		if cp == start {
			b0 = i
		}
		if cp == end {
			b1 = i
			break
		}
		cp++
	}
	if b0 > b1 {
		return ""
	}
	return text[b0:b1]
}
