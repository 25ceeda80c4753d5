package toxicity

import (
	"math"
	"slices"
)

// feat is one hashed feature occurrence and the word(s) it came from, so a score can be pinned
// back on the words that caused it.
type feat struct {
	idx       uint32
	tok, tok2 int16 // tok2 == tok unless the feature spans two words
}

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

// Seeds keep feature kinds apart in the one hashed space.
const (
	seedChar uint32 = fnvOffset ^ 0x9e3779b9
	seedWord uint32 = fnvOffset ^ 0x85ebca6b
	seedBi   uint32 = fnvOffset ^ 0xc2b2ae35
	seedMeta uint32 = fnvOffset ^ 0x27d4eb2f
)

func fnvBytes(h uint32, b []byte) uint32 {
	for _, c := range b {
		h = (h ^ uint32(c)) * fnvPrime
	}
	return h
}

func fnvByte(h uint32, c byte) uint32 { return (h ^ uint32(c)) * fnvPrime }

// meta feature names: lexicon ratings, rule-word flags and their co-occurrence in a sentence.
// They give the linear model a way to generalise from "Muslims are vermin" to "Jews are
// parasites" that character n-grams alone do not.
const (
	metaBias = iota
	metaCuss0
	metaCuss1
	metaCuss2
	metaGroup
	metaDehuman
	metaViolent
	metaHateVerb
	metaGroupDehuman
	metaGroupHate
	metaGroupViolent
	metaSecondInsult
	metaCaps
	metaPhrase
	metaQuoted
	metaNegGroup
	metaTrait
	metaThirdInsult
	metaSlur
	numMeta
)

// minGram is the shortest character n-gram. 3 drops a quarter of the features (faster on long
// comments); 5-fold cross-validation measured it equal or slightly better than 2 on all four
// AUCs (the calibration split had suggested 0.002 worse).
const minGram = 3

// extract appends the features of the normalised text to fs. caps is whether the original was
// mostly capitals. When cached (scoring), the character n-grams and the unigram of a word in the
// lexicon table are not listed: the sums cached in its slot are added to acc instead; otherwise
// (training, explanations) every feature is listed.
func extract(fs []feat, nt *normText, lx *lexicon, caps bool, mask uint32, cached bool, acc *wordSums) []feat {
	meta := func(m int, tok int) {
		fs = append(fs, feat{idx: fnvByte(seedMeta, byte(m))&mask | kindMeta<<kindShift, tok: int16(tok), tok2: int16(tok)})
	}
	meta(metaBias, -1)
	if caps {
		meta(metaCaps, -1)
	}
	words := nt.words
	if len(words) > 400 {
		words = words[:400] // int16 token ids; nothing past a few hundred words changes a score
	}
	for k := range words {
		w := nt.out[words[k].start:words[k].end]
		t := int16(k)
		if k > 0 && string(w) == "@user" && string(nt.out[words[k-1].start:words[k-1].end]) == "@user" {
			continue // a run of mentions counts once: thirty @USERs drowned the words after them
		}
		var pre *wordSums
		if cached {
			pre = lx.cachedSums(words[k].slot, w)
		}
		if pre != nil {
			// A word from the lexicon table, or a mention or single character: its unigram's
			// weights and its n-grams' weighted sums were added up when the model loaded
			// (cacheWords). That skips about 80 % of a long comment's features.
			acc.add(pre)
		} else {
			fs = append(fs, feat{idx: fnvBytes(seedWord, w)&mask | kindWord<<kindShift, tok: t, tok2: t})
		}
		if k+1 < len(words) {
			w2 := nt.out[words[k+1].start:words[k+1].end]
			h := fnvBytes(fnvByte(fnvBytes(seedBi, w), ' '), w2)
			fs = append(fs, feat{idx: h&mask | kindWord<<kindShift, tok: t, tok2: t + 1})
			if lx != nil && words[k].info.flags&flagPhraseStart != 0 {
				if _, ok := lx.phrases[string(nt.out[words[k].start:words[k+1].end])]; ok {
					meta(metaPhrase, k)
				}
			}
		}
		if pre == nil {
			fs = charGrams(fs, nt, w, t, mask)
		}
		wi := words[k].info
		switch wi.rating {
		case 0:
			meta(metaCuss0, k)
		case 1:
			meta(metaCuss1, k)
		case 2:
			meta(metaCuss2, k)
		}
		if words[k].quoted {
			meta(metaQuoted, -1)
		}
	}
	fs = sentenceMeta(fs, nt, words, mask)
	return fs
}

// charGrams appends the character minGram–5-grams inside word w (token t) with boundary marks, the part
// that survives misspellings the normaliser could not undo. The marked word is built once so the
// inner loop is a plain FNV step.
func charGrams(fs []feat, nt *normText, w []byte, t int16, mask uint32) []feat {
	g := append(append(append(nt.gram[:0], '<'), w...), '>')
	nt.gram = g
	fs = slices.Grow(fs, 4*len(g))
	for i := 0; i < len(g)-1; i++ {
		h := fnvByte(seedChar, g[i])
		for j := i + 1; j < len(g) && j < i+5; j++ {
			h = fnvByte(h, g[j])
			if j >= i+minGram-1 {
				fs = append(fs, feat{idx: h & mask, tok: t, tok2: t})
			}
		}
	}
	return fs
}

// wordSums is what one word adds to the character n-gram block and, through its unigram, to the
// word block: each head's Σ weight·value and the block's Σ value². Both blocks sum over
// occurrences, so a word's share is the same wherever it appears.
type wordSums struct {
	ch     [numHeads]float32
	chSq   float32
	word   [numHeads]float32
	wordSq float32
}

func (a *wordSums) add(b *wordSums) {
	for i := range numHeads {
		a.ch[i] += b.ch[i]
		a.word[i] += b.word[i]
	}
	a.chSq += b.chSq
	a.wordSq += b.wordSq
}

// sentenceMeta adds co-occurrence features: a group and a degrading word in one sentence, and
// so on. Each fires once per sentence at the group word.
func sentenceMeta(fs []feat, nt *normText, words []word, mask uint32) []feat {
	meta := func(m int, tok int) {
		fs = append(fs, feat{idx: fnvByte(seedMeta, byte(m))&mask | kindMeta<<kindShift, tok: int16(tok), tok2: int16(tok)})
	}
	for a := 0; a < len(words); {
		b := a
		for b < len(words) && words[b].sent == words[a].sent {
			b++
		}
		g, d, v, h, neg, second, cuss := -1, -1, -1, -1, false, false, -1
		third, trait, slur := false, -1, -1
		for k := a; k < b; k++ {
			f := words[k].info.flags
			if f&flagGroup != 0 || (f&flagGroupAdj != 0 && k+1 < b && words[k+1].info.flags&flagPersonN != 0) {
				g = k
			}
			if f&flagDehuman != 0 {
				d = k
			}
			if f&(flagViolent|flagViolentPP) != 0 {
				v = k
			}
			if f&flagHateVerb != 0 {
				h = k
			}
			if f&flagNegation != 0 {
				neg = true
			}
			if f&flag2nd != 0 {
				second = true
			}
			if f&flag3rd != 0 {
				third = true
			}
			if f&flagTrait != 0 {
				trait = k
			}
			if f&flagSlur != 0 {
				slur = k
			}
			if words[k].info.rating == 2 {
				cuss = k
			}
		}
		if g >= 0 {
			meta(metaGroup, g)
			if d >= 0 {
				meta(metaGroupDehuman, d)
			}
			if h >= 0 {
				meta(metaGroupHate, h)
			}
			if v >= 0 {
				meta(metaGroupViolent, v)
			}
			if neg {
				meta(metaNegGroup, g)
			}
		}
		if d >= 0 {
			meta(metaDehuman, d)
		}
		if v >= 0 {
			meta(metaViolent, v)
		}
		if h >= 0 {
			meta(metaHateVerb, h)
		}
		if second && (cuss >= 0 || d >= 0) {
			meta(metaSecondInsult, max(cuss, d))
		}
		if trait >= 0 {
			meta(metaTrait, trait)
		}
		if third && (cuss >= 0 || d >= 0 || trait >= 0) {
			meta(metaThirdInsult, max(cuss, d, trait))
		}
		if slur >= 0 {
			meta(metaSlur, slur) // a slur for a group, apart from profanity in general
		}
		a = b
	}
	return fs
}

// mostlyCaps reports shouting: at least eight letters, three quarters of them capitals. The
// normaliser counts the letters as it folds them.
func mostlyCaps(up, low int) bool { return up >= 8 && up*4 >= (up+low)*3 }

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
