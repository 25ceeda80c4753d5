// Package toxicity scores comments for toxicity, insults, identity attacks, threats and profanity
// with a model trained by Parley and embedded in the binary: no network, no third party.
//
// The model is a hashed linear model per learned category (character n-grams, words, word pairs
// and lexicon features over a normalised text that undoes leet, look-alikes, spacing and
// wildcards), calibrated so 0.5 is the decision point, plus hand-written rules for what the data
// does not label (threats) or a bag of words cannot see (targets, negation, quoted hate).
package toxicity

import (
	"math"
	"sync"
)

// Category is one kind of harm a comment is scored on.
type Category string

const (
	Toxicity       Category = "toxicity"
	Insult         Category = "insult"
	IdentityAttack Category = "identity_attack"
	Threat         Category = "threat"
	Profanity      Category = "profanity"
)

// Categories lists every category in the fixed order used for output. Treat it as read-only.
var Categories = []Category{Toxicity, Insult, IdentityAttack, Threat, Profanity}

// Scores holds one probability per category; 0.5 is the point at which a moderator should see
// the comment for that reason.
type Scores struct {
	Toxicity       float64 `json:"toxicity"`
	Insult         float64 `json:"insult"`
	IdentityAttack float64 `json:"identity_attack"`
	Threat         float64 `json:"threat"`
	Profanity      float64 `json:"profanity"`
}

// Get returns the score for c, or 0 for an unknown category.
func (s Scores) Get(c Category) float64 {
	switch c {
	case Toxicity:
		return s.Toxicity
	case Insult:
		return s.Insult
	case IdentityAttack:
		return s.IdentityAttack
	case Threat:
		return s.Threat
	case Profanity:
		return s.Profanity
	}
	return 0
}

// Span is a stretch of the original text that pushed a category's score up. Start and End are
// offsets in Unicode code points into the text as given, End exclusive.
type Span struct {
	Start    int      `json:"start"`
	End      int      `json:"end"`
	Text     string   `json:"text"`
	Category Category `json:"category"`
	Weight   float64  `json:"weight"`
}

// Learned heads, in the order their weights are interleaved.
const (
	headTox = iota
	headInsult
	headIdentity
	numHeads
)

var headCategory = [numHeads]Category{Toxicity, Insult, IdentityAttack}

// Model scores text. It is immutable after loading and safe for concurrent use.
type Model struct {
	bits uint8
	mask uint32
	w    []int16 // (1<<bits) × numHeads, interleaved so one feature is one cache line
	// packed is w with each bucket's idf×16 as a fourth int16 (16 when there is no idf), built
	// with the word cache: scoring reads a feature's weights and value from one place instead of
	// two tables megabytes apart, one cache miss per feature instead of two.
	packed []int16
	scale  [numHeads]float32
	platt  [numHeads][2]float64 // calibrated p = sigmoid(a·z + b)
	idf    []uint8              // per bucket, idf×16; nil means every feature counts 1
	blockW [numKinds]float32    // norm each feature block is scaled to
	lx     *lexicon
	cuss   map[string]int8
	vocab  map[string]uint32
	info   string // how the model was trained, for `parley eval` and the docs

	pool sync.Pool
}

type scratch struct {
	nt      normText
	fs      []feat
	contrib [][numHeads]float64
	counts  countTable
	acc     wordSums // cached sums of the features extract did not list
}

// countTable counts repeats of a meta feature within one text, so the meta block's norm is the
// L2 norm of its count vector. Summing 1 per occurrence instead (models before PARLEYTOX5)
// under-weights repeats, and in the meta block "not a cuss word" fires once per word: with the
// SGD fit that cost OLID 0.76 against 0.82 AUC. Open addressing, cleared by bumping the
// generation.
type countTable struct {
	keys  []uint32
	stamp []uint32
	n     []uint16
	gen   uint32
}

// add records one more occurrence of idx and returns how many were seen before it.
func (t *countTable) add(idx uint32) uint16 {
	mask := uint32(len(t.keys) - 1)
	for i := (idx * 2654435761) >> 7 & mask; ; i = (i + 1) & mask {
		if t.stamp[i] != t.gen {
			t.stamp[i], t.keys[i], t.n[i] = t.gen, idx, 1
			return 0
		}
		if t.keys[i] == idx {
			t.n[i]++
			return t.n[i] - 1
		}
	}
}

func (t *countTable) reset(n int) {
	size := 1024
	for size < 2*n {
		size *= 2
	}
	if len(t.keys) < size {
		t.keys, t.stamp, t.n = make([]uint32, size), make([]uint32, size), make([]uint16, size)
		t.gen = 0
	}
	t.gen++
	if t.gen == 0 {
		clear(t.stamp)
		t.gen = 1
	}
}

// blockSumsq returns each block's squared norm: exact (Σ count²) for the meta block, one per
// occurrence for the others.
func (m *Model) blockSumsq(t *countTable, n int, idx func(int) uint32) [numKinds]float32 {
	t.reset(n / 4)
	var sumsq [numKinds]float32
	for i := range n {
		k := idx(i)
		x := m.val(k)
		if k>>kindShift != kindMeta {
			// n-grams and words rarely repeat within a comment; counting them exactly measured
			// the same and cost a hash probe per feature (a fifth of the scoring time).
			sumsq[k>>kindShift] += x * x
			continue
		}
		c := float32(t.add(k))
		sumsq[k>>kindShift] += x * x * (2*c + 1) // (c+1)² − c²
	}
	return sumsq
}

func (m *Model) scratch() *scratch {
	if s, ok := m.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{fs: make([]feat, 0, 1024), nt: normText{rep: make([]byte, 0, 64)}}
}

// Info describes how the model was trained.
func (m *Model) Info() string { return m.info }

// Score scores text on every category.
func (m *Model) Score(text string) Scores {
	s := m.scratch()
	sc, _ := m.score(text, s, false)
	m.pool.Put(s)
	return sc
}

// logits returns the uncalibrated linear score of each head for the features in s.
func (m *Model) logits(s *scratch, contrib bool) [numHeads]float64 {
	var acc [numHeads]float32
	if contrib {
		n := len(s.nt.words)
		s.contrib = s.contrib[:0]
		for range n {
			s.contrib = append(s.contrib, [numHeads]float64{})
		}
	}
	// One pass accumulates each block separately; the block norms are applied at the end.
	// The block norms as blockSumsq computes them, in the same pass and summation order.
	s.counts.reset(len(s.fs) / 4)
	// The accumulators are locals, one set per block, so they live in registers: indexing an
	// array by the feature's kind kept them in memory, and every feature then waited on a
	// store-to-load round trip. Each block still sums its features in order, so the result is
	// bit-for-bit what the array version computed.
	c0, c1, c2, sqChar := s.acc.ch[0], s.acc.ch[1], s.acc.ch[2], s.acc.chSq
	w0, w1, w2, sqWord := s.acc.word[0], s.acc.word[1], s.acc.word[2], s.acc.wordSq
	var m0, m1, m2, sqMeta float32
	for _, f := range s.fs {
		b := int(f.idx & bucketMask)
		ws := m.packed[b*4 : b*4+4 : b*4+4]
		x := float32(ws[3]) / 16 // m.val(f.idx), exactly
		switch f.idx >> kindShift {
		case kindChar:
			sqChar += x * x
			c0 += float32(ws[0]) * x
			c1 += float32(ws[1]) * x
			c2 += float32(ws[2]) * x
		case kindWord:
			sqWord += x * x
			w0 += float32(ws[0]) * x
			w1 += float32(ws[1]) * x
			w2 += float32(ws[2]) * x
		default:
			sqMeta += x * x * (2*float32(s.counts.add(f.idx)) + 1)
			m0 += float32(ws[0]) * x
			m1 += float32(ws[1]) * x
			m2 += float32(ws[2]) * x
		}
	}
	var _ [numHeads - 3]int // the unrolled heads above assume exactly three
	var _ [3 - numHeads]int
	sumsq := [numKinds]float32{sqChar, sqWord, sqMeta}
	blockAcc := [numKinds][numHeads]float32{{c0, c1, c2}, {w0, w1, w2}, {m0, m1, m2}}
	mult := m.blockMult(sumsq)
	for k := range numKinds {
		for h := range numHeads {
			acc[h] += blockAcc[k][h] * mult[k]
		}
	}
	if contrib {
		for _, f := range s.fs {
			if f.tok < 0 {
				continue
			}
			b := int(f.idx & bucketMask)
			x := m.val(f.idx) * mult[f.idx>>kindShift]
			for h := range numHeads {
				v := float64(m.w[b*numHeads+h]) * float64(x*m.scale[h])
				if f.tok2 != f.tok {
					v /= 2
					s.contrib[f.tok2][h] += v
				}
				s.contrib[f.tok][h] += v
			}
		}
	}
	var z [numHeads]float64
	for h := range numHeads {
		z[h] = float64(acc[h] * m.scale[h])
	}
	return z
}

// Features come in blocks, marked in the top bits of the index: character n-grams, words and
// word pairs, lexicon and rule features. Each block is scaled to its own norm, as when TF-IDF
// blocks are concatenated, so the few word features are not drowned by the many n-grams.
const (
	kindChar = iota
	kindWord
	kindMeta
	numKinds
	kindShift  = 28
	bucketMask = 1<<kindShift - 1
)

// val is a feature's value before block normalisation: its inverse document frequency when the
// model has one, so rare n-grams (a slur) outweigh common ones (" th").
func (m *Model) val(idx uint32) float32 {
	if m.idf == nil {
		return 1
	}
	return float32(m.idf[idx&bucketMask]) / 16
}

// blockMult turns each block's sum of squares into the multiplier that gives it norm blockW.
func (m *Model) blockMult(sumsq [numKinds]float32) [numKinds]float32 {
	var mult [numKinds]float32
	for k, v := range sumsq {
		if v > 0 {
			mult[k] = m.blockW[k] / float32(math.Sqrt(float64(v)))
		}
	}
	return mult
}

// features lists every feature of text in s.fs, as training and explanations need them.
func (m *Model) features(text string, s *scratch) {
	m.extract(text, s, false)
}

func (m *Model) extract(text string, s *scratch, cached bool) {
	s.nt.normalize(text, m.lx)
	s.acc = wordSums{}
	s.fs = extract(s.fs[:0], &s.nt, m.lx, mostlyCaps(s.nt.upper, s.nt.lower), m.mask, cached, &s.acc)
}

// cacheWords stores in every lexicon-table slot what its word adds to the logits through its
// character n-grams and its unigram, so scoring adds one cached entry per known word instead of
// looking up each feature (random accesses into a table of megabytes). Rebuilt whenever the
// weights change. The weights are integers (int16) and every value is 1 without idf, so the
// float32 sums are exact and the order of additions does not change a score.
func (m *Model) cacheWords() {
	m.packed = make([]int16, 4<<m.bits)
	for b := range 1 << m.bits {
		copy(m.packed[b*4:b*4+numHeads], m.w[b*numHeads:b*numHeads+numHeads])
		m.packed[b*4+3] = 16
		if m.idf != nil {
			m.packed[b*4+3] = int16(m.idf[b])
		}
	}
	var nt normText
	var fs []feat
	for i := range m.lx.tab.slots {
		sl := &m.lx.tab.slots[i]
		sl.pre = wordSums{}
		if sl.n != 0 {
			sl.pre, fs = m.sumsOf(sl.key[:sl.n], &nt, fs)
		}
	}
	// Frequent words that are never in the table: the mention token and single characters
	// (about one word in six of a tweet, and "@user" alone has a dozen n-grams).
	m.lx.userPre, fs = m.sumsOf([]byte("@user"), &nt, fs)
	for c := range m.lx.asciiPre {
		m.lx.asciiPre[c], fs = m.sumsOf([]byte{byte(c)}, &nt, fs)
	}
}

// sumsOf adds up what word w contributes through its character n-grams and its unigram; fs is
// scratch, returned for reuse.
func (m *Model) sumsOf(w []byte, nt *normText, fs []feat) (wordSums, []feat) {
	var pre wordSums
	fs = charGrams(fs[:0], nt, w, 0, m.mask)
	for _, f := range fs {
		b := int(f.idx & bucketMask)
		x := m.val(f.idx)
		pre.chSq += x * x
		for h := range numHeads {
			pre.ch[h] += float32(m.w[b*numHeads+h]) * x
		}
	}
	idx := fnvBytes(seedWord, w)&m.mask | kindWord<<kindShift
	b, x := int(idx&bucketMask), m.val(idx)
	pre.wordSq = x * x
	for h := range numHeads {
		pre.word[h] = float32(m.w[b*numHeads+h]) * x
	}
	return pre, fs
}

func (m *Model) score(text string, s *scratch, contrib bool) (Scores, ruleResult) {
	if contrib {
		m.features(text, s)
	} else {
		m.extract(text, s, true)
	}
	z := m.logits(s, contrib)
	var p [numHeads]float64
	for h := range numHeads {
		p[h] = sigmoid(m.platt[h][0]*z[h] + m.platt[h][1])
	}
	rr := s.nt.rules()
	return combine(p, &rr), rr
}

// Damping of the learned identity_attack head, set by measurement on the calibration split and
// the functional sentences (docs/toxicity.md). Without a hostile word the head is damped (0.85,
// 0.75, 0.6 measured the same in cross-validation, 0.8909 / 0.8910 / 0.8908 hate AUC; 0.7 keeps
// "Black people are people." well under 0.5 after the 3-gram retrain put it at 0.50). Slurs
// count as naming a group. The no-group gate was 0.3 while the head could not tell a slur from
// other profanity (calibration split: 0.871 at 0.7, 0.884 at 0.3); since slurs are a feature of
// their own (metaSlur) the head ranks them itself, and in cross-validation 0.7 is best (0.8928 at
// 0.5, 0.8933 at 0.7, 0.8932 at 0.85), with every hand-written set unchanged.
const (
	gateNoHostile = 0.7
	gateNoGroup   = 0.7
	gateGroupTox  = 0.85
	gateGroupIns  = 0.6
)

// gateNoTarget damps the learned insult head when nobody is named or addressed: "House prices
// are fucked" swears at no one, and the tweets had taught the head that swearing is insulting.
// Cross-validation: OLID insult 0.7975 at 1, 0.7978 at 0.8 and 0.5, 0.7979 at 0.6, 0.7975 at 0.4.
const gateNoTarget = 0.6

// combine merges the learned heads with the rules. Rules can raise a score, never hide what the
// learned model saw, except that quoted-and-condemned hate is damped in both.
func combine(p [numHeads]float64, rr *ruleResult) Scores {
	tox, ins, ida := p[headTox], p[headInsult], p[headIdentity]
	// Identity attacks need a target and hostility. The tweets taught the learned head that group
	// words go with hate; without any hostile word, naming a group is not an attack.
	if !rr.hostile {
		ida *= gateNoHostile
		if rr.group {
			// The same prejudice leaks into the other heads: "lesbian" and "black" co-occur with
			// abuse in the tweets. A group named without a single hostile word is not toxic.
			tox *= gateGroupTox
			ins *= gateGroupIns
		}
	}
	if !rr.group {
		ida *= gateNoGroup
	}
	if !rr.target {
		ins *= gateNoTarget
	}
	if rr.negatedHate && rr.identity.p < 0.5 {
		ida *= 0.3
		tox *= 0.7
	}
	if rr.negatedInsult && rr.insult.p < 0.5 && rr.abuse.p < 0.5 {
		// "He is not an idiot": the tweets taught the heads the insult, not its denial.
		tox *= 0.6
		ins *= 0.5
	}
	if rr.counter {
		ida *= 0.3
		tox *= 0.6
		rr.identity.p *= 0.15
		if rr.threat.hi > rr.identity.lo-3 && rr.threat.lo < rr.identity.hi+3 {
			rr.threat.p *= 0.3 // the threat is what is quoted or reported, not another sentence's
		}
	}
	s := Scores{
		IdentityAttack: 1 - (1-ida)*(1-rr.identity.p),
		Threat:         max(rr.threat.p, 0.01),
		Profanity:      max(rr.profanity.p, 0.01),
	}
	// A firing rule lifts the learned score just over 0.5 (the moderator sees the comment, and
	// the rule's own category says why) but no further: lifting it to the rule's 0.8–0.9 put
	// every tweet a rule fired on above most truly toxic ones, which cost 0.003 ROC-AUC on
	// Davidson; squashed floors recover it with the hand-written sets unchanged.
	s.Toxicity = above(tox, toxFloor*squash(max(0.95*rr.threat.p, 0.95*rr.identity.p, 0.95*rr.insult.p, abuseTox*rr.abuse.p)))
	s.Insult = above(ins, squash(rr.insult.p))
	return s
}

// above raises a learned score p to a rule's floor r without flattening it: a plain max(p, r)
// gives every text the rule fires on the same score, which throws away the learned model's
// order among them (0.003 ROC-AUC on the tweets). Past the floor, p still counts for a tenth of
// the remaining distance, so the result is strictly increasing in p and never below r.
func above(p, r float64) float64 {
	if p >= r {
		return p
	}
	return r + (1-r)*p*tieBreak
}

var tieBreak = 0.1 // 0, 0.1, 0.3 measure the same (calibration split); 0.1 keeps order visible

// squash keeps a rule score under 0.5 as it is and compresses what is over it towards 0.5.
func squash(r float64) float64 {
	if r <= 0.5 {
		return r
	}
	return 0.5 + (r-0.5)*squashK
}

// toxFloor lowers the rule floors on toxicity a little further: a threat or identity rule still
// lifts toxicity just over 0.5 (0.51–0.53; every hand-written set keeps its accuracy), while
// fewer tweets a rule misfired on sit above truly toxic ones. Cross-validation: Davidson
// 0.9847 → 0.9850, OLID 0.8092 → 0.8097 (0.85 measured the same, and would drop an identity
// floor under 0.5).
const toxFloor = 0.9

// abuseTox weighs the third-party abuse rule on toxicity like the insult rule.
var abuseTox = 0.95

var squashK = 0.25 // measured: 1 (no squash) .9839, 0.5 .9858, 0.25 .9864, 0.1 .9868 (calibration split)
