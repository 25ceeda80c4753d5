package toxicity

import (
	"sort"
	"strings"
)

// Word flags. A word can carry several: "kill" is violent, "rats" is dehumanising.
const (
	flagGroup       uint32 = 1 << iota // names a group people belong to by who they are
	flagGroupAdj                       // "black", "gay": a group only next to a person noun
	flagPersonN                        // "people", "women", "folks": turns an adjective into a group
	flagViolent                        // verb of violence, base or -ing form
	flagViolentPP                      // past participle of violence: "shot", "hanged"
	flagDehuman                        // predicate that dehumanises or degrades
	flagHateVerb                       // "hate", "despise"
	flagNegation                       // "not", "never", "dont"
	flagReport                         // "saying", "claims": introduces someone else's words
	flagCondemn                        // "disgusting", "unacceptable": judging what was said
	flag2nd                            // "you", "u", "ur"
	flagObject                         // pronoun or determiner that can be a target of violence
	flagSpecial                        // worth spelling-correcting towards
	flagThreatCue                      // starts a fixed threat phrase: "die", "kys", "watch", …
	flagPhraseStart                    // first word of a multi-word cuss term
	flagSlur                           // a slur for a group: names the group and attacks it
	flagWeapon                         // "bat", "knife": with a call to act, a threat without a violent verb
	flagPhraseHead                     // first word of an exclusion or trope phrase (exclusionPhrases)
	flagTrait                          // judges a person harshly: negativeTraits and evaluations
	flag3rd                            // "he", "she", "they": someone else an insult may aim at
	flagCopula                         // "are", "is", "was": the third-party abuse rule starts here
	flagIdiomHead                      // first word of an insulting idiom (insultIdioms)
	flagGap                            // may stand between "you" and an insult (insultGap)
	// The insult rules' word lists (insult.go), as flags: a flag test costs nothing where a map
	// lookup per word was a tenth of the rules' time. Each list's words are known words too, so
	// never repaired or split ("defendant" had been "defend ant").
	flagRole     // names one person by what they do: "mayor", "he" (roleNouns)
	flagPerson   // "man", "woman", "specimen": a person noun (personNouns)
	flagINoun    // calls a person something: "idiot", "muppet" (insultNouns)
	flagIAdj     // insults whoever it is said of: "gormless" (insultAdjs)
	flagBad      // makes a person noun an insult: "bitter" (badMods)
	flagAbuse    // abuse said of anyone: "parasites" (abuseNouns)
	flagEveryday // an insult noun with a plain sense too: "tool" (everyday)
	// flagNoRule marks a table word that no rule compares by its text (ruleLiterals), so nt.is
	// says no at once. It says nothing of the word's meaning: a test for "any flag" must mask it
	// out, as realWord does.
	flagNoRule
)

// lexicon is everything the normaliser and the rules know about words. The cuss ratings and the
// training vocabulary travel inside the model file; the hand-written word lists are compiled in.
type lexicon struct {
	words    map[string]wordInfo // every known word: cuss terms, rule words, training vocabulary
	tab      *wordTab            // words again, as a cache-friendly table for lookups
	phrases  map[string]int8     // multi-word cuss terms ("camel jockey") → rating
	dels     map[string]string   // single deletions of special words → the word, for typo repair
	specials []string            // sorted special words, for wildcard matching
	// specialSet holds the special words again, apart from the big vocabulary: repair probes it
	// with every one-typo variant of an unknown word, nearly always a miss, and a table of a few
	// thousand words stays in cache where the vocabulary map does not.
	specialSet map[string]struct{}
	// specialSeen and delSeen are one-bit-per-key filters (tabHash, seenBits) in front of
	// specialSet and dels: nearly every typo probe is a miss, and 32 KB answers it from cache.
	specialSeen, delSeen []uint64
	ends                 [26][26]bool // first and last letters of special words: a cheap filter before repair
	// What "@user" and each single ASCII character add to the logits, set with the table
	// slots' sums by the model (cacheWords): they are never in the table.
	userPre  wordSums
	asciiPre [0x80]wordSums
}

// cachedSums returns the precomputed sums of a word with table slot slot and text w, or nil
// when it has none and its features must be listed.
func (lx *lexicon) cachedSums(slot int32, w []byte) *wordSums {
	switch {
	case slot >= 0:
		// The slot the lookup already brought into cache.
		return &lx.tab.slots[slot].pre
	case len(w) == 1 && w[0] < 0x80:
		return &lx.asciiPre[w[0]]
	case string(w) == "@user":
		return &lx.userPre
	}
	return nil
}

type wordInfo struct {
	rating int8 // cuss rating 0–2, or -1 when the word is not in the cuss list
	flags  uint32
	freq   uint32 // count in the training texts; drives segmentation of glued words
}

// newLexicon builds the word tables from the cuss list, its phrases and the training vocabulary.
func newLexicon(cuss map[string]int8, vocab map[string]uint32) *lexicon {
	lx := &lexicon{
		words:   make(map[string]wordInfo, len(cuss)+len(vocab)+512),
		phrases: map[string]int8{},
		dels:    map[string]string{},
	}
	get := func(w string) wordInfo {
		if wi, ok := lx.words[w]; ok {
			return wi
		}
		return wordInfo{rating: -1}
	}
	for w, r := range cuss {
		if first, _, ok := strings.Cut(w, " "); ok {
			lx.phrases[w] = r
			wi := get(first)
			wi.flags |= flagPhraseStart
			lx.words[first] = wi
			continue
		}
		wi := get(w)
		wi.rating = r
		if r >= 1 && len(w) >= 4 {
			wi.flags |= flagSpecial
		}
		lx.words[w] = wi
	}
	for _, rw := range ruleWords {
		for _, w := range strings.Fields(rw.words) {
			wi := get(w)
			wi.flags |= rw.flags
			if len(w) >= 4 && rw.flags&(flagGroup|flagViolent|flagViolentPP|flagDehuman|flagHateVerb) != 0 ||
				len(w) >= 3 && rw.flags&(flagGroup|flagGroupAdj) != 0 {
				wi.flags |= flagSpecial
			}
			lx.words[w] = wi
		}
	}
	// Words the rules read are English words: known, so never split or "repaired" ("capable" was
	// "cap able": the tweets never used it).
	for _, set := range ruleVocab() {
		for w := range set {
			lx.words[w] = get(w)
		}
	}
	for head := range phraseHeads {
		wi := get(head)
		wi.flags |= flagPhraseHead
		lx.words[head] = wi
	}
	for head := range idiomHeads {
		wi := get(head)
		wi.flags |= flagIdiomHead
		lx.words[head] = wi
	}
	for w, f := range vocab {
		wi := get(w)
		wi.freq = f
		lx.words[w] = wi
	}
	literal := make(map[string]bool, len(ruleLiterals))
	for _, w := range ruleLiterals {
		literal[w] = true
	}
	for w, wi := range lx.words {
		if !literal[w] {
			wi.flags |= flagNoRule
			lx.words[w] = wi
		}
		if wi.flags&flagSpecial == 0 {
			continue
		}
		lx.specials = append(lx.specials, w)
	}
	sort.Strings(lx.specials)
	lx.tab = newWordTab(lx.words)
	lx.specialSet = make(map[string]struct{}, len(lx.specials))
	lx.specialSeen = make([]uint64, 1<<seenBits/64)
	lx.delSeen = make([]uint64, 1<<seenBits/64)
	for _, w := range lx.specials {
		lx.specialSet[w] = struct{}{}
		setBit(lx.specialSeen, tabHash(w), seenBits)
	}
	for _, w := range lx.specials {
		a, z := w[0]-'a', w[len(w)-1]-'a'
		if a < 26 && z < 26 {
			lx.ends[a][z] = true
		}
	}
	// Symmetric-delete index: a typo that drops a letter ("idot") is found by deleting one letter
	// from every special word ahead of time. Ambiguous deletions keep the alphabetically first
	// word so the table does not depend on map order.
	for _, w := range lx.specials {
		for i := range len(w) {
			d := w[:i] + w[i+1:]
			if prev, ok := lx.dels[d]; !ok || w < prev {
				lx.dels[d] = w
				setBit(lx.delSeen, tabHash(d), seenBits)
			}
		}
	}
	return lx
}

// info looks a word up; slot is its id in the model's per-word cache, negative when it has none.
func (lx *lexicon) info(w []byte) (wi wordInfo, slot int32, ok bool) {
	wi, slot = lx.tab.find(w)
	return wi, slot, slot != absent
}

// known reports whether a word needs no repair: it is in the cuss list, the rule lists or was seen
// often enough in training.
func (lx *lexicon) known(w []byte) bool {
	_, ok := lx.tab.get(w)
	return ok
}

func (lx *lexicon) special(w []byte) bool {
	if !hasBit(lx.specialSeen, tabHash(w), seenBits) {
		return false
	}
	_, ok := lx.specialSet[string(w)]
	return ok
}

// wildcard resolves a word with '*' runs ("sh*t", "f**k", "shi**t") against the special words: a
// run of stars stands for 0–3 letters. Among matches the highest cuss rating wins, then the word
// whose length matches the masked word, then alphabetical order, so the result is stable.
func (lx *lexicon) wildcard(w []byte) (string, bool) {
	// Each star run branches four ways; three runs in a 24-letter word bound the work.
	runs := 0
	for i, c := range w {
		if c == '*' && (i == 0 || w[i-1] != '*') {
			runs++
		}
	}
	if runs > 3 || len(w) > 24 {
		return "", false
	}
	best, bestScore := "", -1
	for _, cand := range lx.specials {
		if w[0] != '*' && cand[0] != w[0] {
			continue
		}
		if !starMatch(w, cand) {
			continue
		}
		// The commonest word wins ("sh*t" is "shit", not "shat"); a word of the masked length
		// counts double, and the cuss rating breaks ties.
		wi := lx.words[cand]
		score := (int(wi.freq) + 1) * 4
		if len(cand) == len(w) {
			score *= 2
		}
		score += int(wi.rating + 1)
		if score > bestScore {
			best, bestScore = cand, score
		}
	}
	return best, bestScore >= 0
}

func starMatch(p []byte, s string) bool {
	if len(p) == 0 {
		return len(s) == 0
	}
	if p[0] != '*' {
		return len(s) > 0 && s[0] == p[0] && starMatch(p[1:], s[1:])
	}
	n := 0
	for n < len(p) && p[n] == '*' {
		n++
	}
	for k := 0; k <= 3 && k <= len(s); k++ {
		if starMatch(p[n:], s[k:]) {
			return true
		}
	}
	return false
}

// repair finds a special word one typo away from w: a dropped letter ("idot"), an extra letter
// ("shitt") or two swapped letters ("fcuk"). Substitutions are not tried: one changed letter turns
// too many ordinary words into slurs. buf is scratch space; the word returned may be in it.
func (lx *lexicon) repair(w []byte, buf []byte) ([]byte, bool) {
	if len(w) == 3 {
		// Three letters are too few to repair in general ("hit" is one letter from "shit"), but
		// a dropped letter in a violent verb or a group name is worth catching: "kil", "jws".
		if s, ok := lx.dels[string(w)]; ok && len(s) == 4 && lx.words[s].flags&(flagViolent|flagGroup) != 0 {
			return append(buf[:0], s...), true
		}
		return nil, false
	}
	if len(w) < 4 || len(w) > 20 {
		return nil, false
	}
	// Most unknown words are names and hashtags. One typo leaves the first letter and one of the
	// last two in place, so a word whose ends match no special word's needs no search.
	a, z, y := w[0]-'a', w[len(w)-1]-'a', w[len(w)-2]-'a'
	if a >= 26 || (z >= 26 || !lx.ends[a][z]) && (y >= 26 || !lx.ends[a][y]) {
		return nil, false
	}
	if hasBit(lx.delSeen, tabHash(w), seenBits) {
		if s, ok := lx.dels[string(w)]; ok {
			return append(buf[:0], s...), true
		}
	}
	// An extra letter, towards group names ("jewz") or words of five letters or more: ordinary
	// words the training tweets never used are one letter longer than short slurs ("poems",
	// "spice").
	for i := range w {
		buf = append(append(buf[:0], w[:i]...), w[i+1:]...)
		if lx.special(buf) && (len(buf) >= 5 || lx.words[string(buf)].flags&flagGroup != 0) {
			return buf, true
		}
	}
	for i := 0; i+1 < len(w); i++ {
		if w[i] == w[i+1] {
			continue
		}
		buf = append(buf[:0], w...)
		buf[i], buf[i+1] = buf[i+1], buf[i]
		if lx.special(buf) {
			return buf, true
		}
	}
	if len(w) >= 5 {
		// One letter replaced ("muzlims", "idiut"): w less a letter is the special word less
		// one. Five letters at least, and a sound-alike letter: otherwise it is usually a name.
		for i := 1; i < len(w); i++ {
			buf = append(append(buf[:0], w[:i]...), w[i+1:]...)
			if !hasBit(lx.delSeen, tabHash(buf), seenBits) {
				continue
			}
			// The deletion index ignores where the letter went: "cheez" less z and "cohee" less o
			// agree. Only a word differing from w in that one place is a replacement.
			if s, ok := lx.dels[string(buf)]; ok && len(s) == len(w) && s[:i] == string(w[:i]) && s[i+1:] == string(w[i+1:]) &&
				soundAlike(w[i], s[i]) {
				return append(buf[:0], s...), true
			}
		}
	}
	return nil, false
}

// nameToGroup finds the group name w misspells by a dropped letter ("muslms") or two adjacent
// letters swapped ("mulsims"). The result is buf or a lexicon word, valid until buf is reused.
func (lx *lexicon) nameToGroup(w, buf []byte) ([]byte, bool) {
	if hasBit(lx.delSeen, tabHash(w), seenBits) {
		if s, ok := lx.dels[string(w)]; ok && lx.words[s].flags&flagGroup != 0 {
			return append(buf[:0], s...), true
		}
	}
	for i := 0; i+1 < len(w); i++ {
		if w[i] == w[i+1] {
			continue
		}
		buf = append(buf[:0], w...)
		buf[i], buf[i+1] = buf[i+1], buf[i]
		if lx.special(buf) && lx.words[string(buf)].flags&flagGroup != 0 {
			return buf, true
		}
	}
	return nil, false
}

// soundAlike reports a replacement trolls make without changing how a word sounds: one vowel
// for another ("idiut"), s and z ("muzlims"), c, k and q. Any other letter turns too many names
// into slurs ("Sexton", "Wankel", "Jewell" are one letter from a lexicon word).
func soundAlike(a, b byte) bool {
	vowel := func(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }
	pair := func(x, y byte) bool { return a == x && b == y || a == y && b == x }
	return vowel(a) && vowel(b) || pair('s', 'z') || pair('c', 'k') || pair('k', 'q') || pair('c', 'q')
}

// twoLetters are the two-letter words a glued word may be split into.
var twoLetters = func() (t [26][26]bool) {
	for _, w := range strings.Fields("of to in on is it us we me my no so up go he be by or an at do if am as ur ok oh ya yo ye hi id im ha ma pa ex ow uh um") {
		t[w[0]-'a'][w[1]-'a'] = true
	}
	return t
}()

func twoLetterWord(a, b byte) bool {
	return a >= 'a' && a <= 'z' && b >= 'a' && b <= 'z' && twoLetters[a-'a'][b-'a']
}

// suffixPieces never end a split: a word ending so is an ordinary English derivation the tweets
// never used, not a glued phrase ("retardation" was "retard at ion", "inflation" "in flat ion").
var suffixPieces = map[string]bool{"ion": true, "ions": true, "ity": true, "ism": true, "ous": true, "ive": true,
	"ate": true, "ated": true, "ful": true, "ness": true, "ment": true, "ance": true, "ence": true, "able": true,
	"ible": true, "ship": true, "hood": true, "ise": true, "ize": true, "ist": true, "ists": true, "ery": true,
	"ory": true, "ary": true, "ing": true, "ings": true, "less": true, "lessly": true}

// realWord reports a table word that stands as a word of its own: seen in training, a cuss term
// or a rule word; not one the table holds only as the head of a phrase, nor for flagNoRule alone.
func (wi wordInfo) realWord() bool {
	return wi.freq >= 3 || wi.flags&^(flagPhraseStart|flagPhraseHead|flagNoRule) != 0 || wi.rating >= 1
}

// inflects reports a word that is an inflection of a known word: "welcoming" of "welcome",
// "promoted" of "promote", "stopped" of "stop". Such a word is ordinary English the tweets did
// not happen to use, not glued words: it had been split into "wel coming" and "promo ted".
func (lx *lexicon) inflects(w []byte) bool {
	var buf [maxGlued + 1]byte // segment asks only of words up to maxGlued bytes
	known := func(stem []byte, add byte) bool {
		if len(stem) < 3 || len(stem) >= len(buf) {
			return false
		}
		word := append(buf[:0], stem...)
		if add != 0 {
			word = append(word, add)
		}
		wi, ok := lx.tab.get(word)
		return ok && wi.realWord()
	}
	for _, suf := range [...]string{"ing", "ed", "es", "s", "ly", "er", "ers"} {
		if len(w) <= len(suf) || string(w[len(w)-len(suf):]) != suf {
			continue
		}
		stem := w[:len(w)-len(suf)]
		if known(stem, 0) || known(stem, 'e') {
			return true
		}
		// A doubled final consonant: "stopped", "running".
		if l := len(stem); l >= 4 && stem[l-1] == stem[l-2] && known(stem[:l-1], 0) {
			return true
		}
	}
	return false
}

// maxGlued is the longest token segment tries to split.
const maxGlued = 30

// segment splits a glued word ("killallmuslims") into known words, fewest pieces first, then the
// split whose rarest piece is most frequent. Pieces are at least two letters except "a" and "i".
// cuts receives the end offsets of the pieces.
func (lx *lexicon) segment(w []byte, cuts []int) ([]int, bool) {
	const maxLen, maxParts, maxPiece = maxGlued, 4, 15
	n := len(w)
	if n < 6 || n > maxLen || lx.inflects(w) {
		return cuts, false
	}
	type cell struct {
		parts int
		minF  uint32
		prev  int8
	}
	// found[j] has bit i-j-1 set when w[j:i] is a word (info in wis[j][i-j-1]). Filled by
	// extending each start byte by byte with a running hash, stopping as soon as the piece
	// starts no word: most starts inside a hashtag die after two or three bytes, where probing
	// every (start, end) pair cost a hash of the piece and a table probe each.
	//
	// A piece counts when it is a word seen in training, a cuss term or a rule word; a word the
	// table holds only as the head of a phrase does not. Single letters other than "a" and "i"
	// never count.
	var found [maxLen]uint16
	var freq [maxLen][maxPiece]uint32
	for j := range n {
		h := uint32(fnvOffset)
		for i := j + 1; i <= min(n, j+maxPiece); i++ {
			h = (h ^ uint32(w[i-1])) * fnvPrime
			hm := tabMix(h)
			prefix := lx.tab.isPrefix(hm)
			if prefix && i == j+1 {
				if w[j] == 'a' || w[j] == 'i' {
					// "ihatemuslims": the vocabulary keeps no one-letter words.
					found[j] |= 1
					freq[j][0] = 1000
				}
				continue
			}
			// Two letters count only as a real word: "persecuted" is not "per se cut ed".
			if prefix && (i != j+2 || twoLetterWord(w[j], w[j+1])) {
				if wi, ok := lx.tab.getHashed(w[j:i], hm); ok && wi.realWord() {
					found[j] |= 1 << (i - j - 1)
					freq[j][i-j-1] = wi.freq
					continue
				}
			}
			if w[i-1] == 's' && i-j >= 4 && found[j]&(1<<(i-j-2)) != 0 {
				// A plural of a known word, though no word goes on from it: "uselessburdens".
				found[j] |= 1 << (i - j - 1)
				freq[j][i-j-1] = freq[j][i-j-2]
			}
			if !prefix {
				break
			}
		}
		if j == 0 && found[0] == 0 {
			return cuts, false // no word starts the token: most hashtags and names end here
		}
	}
	var dp [maxLen + 1]cell
	for i := 1; i <= n; i++ {
		dp[i] = cell{parts: 99}
	}
	for i := 1; i <= n; i++ {
		for j := max(0, i-maxPiece); j < i; j++ {
			if dp[j].parts >= maxParts || (j > 0 && dp[j].parts == 99) {
				continue
			}
			if found[j]&(1<<(i-j-1)) == 0 {
				continue
			}
			f := freq[j][i-j-1] + 3
			if j > 0 {
				f = min(f, dp[j].minF)
			}
			c := cell{parts: dp[j].parts + 1, minF: f, prev: int8(j)}
			if j == 0 {
				c.parts = 1
			}
			if c.parts < dp[i].parts || (c.parts == dp[i].parts && c.minF > dp[i].minF) {
				dp[i] = c
			}
		}
	}
	if dp[n].parts < 2 || dp[n].parts > maxParts || suffixPieces[string(w[dp[n].prev:])] {
		return cuts, false
	}
	start := len(cuts)
	for i := n; i > 0; i = int(dp[i].prev) {
		cuts = append(cuts, i)
	}
	for a, b := start, len(cuts)-1; a < b; a, b = a+1, b-1 {
		cuts[a], cuts[b] = cuts[b], cuts[a]
	}
	return cuts, true
}
