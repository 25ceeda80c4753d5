package toxicity

import (
	"fmt"
	"io"
	"math"
	"time"
)

// TrainConfig controls training. The zero value is not useful; start from DefaultTrainConfig.
type TrainConfig struct {
	Bits      uint8   // hashed feature space is 2^Bits buckets
	Epochs    int     // passes of Adagrad SGD over the training split
	LR        float64 // Adagrad base learning rate
	L2        float64 // L2 penalty per update
	Seed      uint64  // shuffling seed; same data and seed give the same model bytes
	VocabMin  int     // minimum count for a word to join the vocabulary
	SynthW    float64 // weight of generated sentences relative to real ones
	Progress  io.Writer
	NoSynth   bool              // leave out the generated identity sentences
	IDF       bool              // weight features by inverse document frequency
	DSBias    bool              // give each dataset its own bias feature while training (absent when scoring)
	IDOnlyDav bool              // train identity_attack on Davidson (and generated sentences) only
	BlockW    [numKinds]float64 // norm of each feature block: char n-grams, words, lexicon/rules
	// CalibOn names, per learned head, the dataset whose calibration rows set the 0.5 point
	// (empty: all). Toxicity calibrates on OLID: its mix of clean and offensive posts is nearer
	// a comment section than Davidson's 83 % offensive tweets.
	CalibOn [numHeads]string
	// Prior is, per head, the share of positives assumed in a news comment section; Platt's
	// intercept is moved from the calibration rows' own share to it. Zero keeps their share.
	Prior [numHeads]float64
	// SGD, per head: 0 Adagrad only, 1 plain SGD on the L2-regularised log loss only, 2 the
	// mean of both fits' weights (the model is linear, so this is the mean of their logits).
	SGD      [numHeads]int
	SGDAlpha float64 // L2 strength of the SGD fit (sklearn's alpha)
	SGDLR    float64 // its initial step
	SGDEpoch int
	// Soft blends, per head, the training target towards the annotators' share where a dataset
	// has counts (Davidson): 0 majority label only, 1 share only.
	Soft [numHeads]float64
	// Refit the weights on training + calibration rows after calibrating (see Train).
	Refit bool
	// OLIDW weights OLID rows per head (0: 1), against Davidson's 1.
	OLIDW [numHeads]float64
	// Adapt trains a head with a shared copy and a per-dataset copy of every weight (Daumé
	// 2007); the scored weight is shared + AdaptMix[0]·Davidson's + AdaptMix[1]·OLID's.
	Adapt    [numHeads]bool
	AdaptMix [2]float64
	// NB, per head, is the smoothing of NB-SVM log-count ratios the features are scaled by
	// while training (folded into the weights afterwards); 0 for none.
	NB [numHeads]float64
	// NBBlend, per head, adds a second set of fits with NB ratios of this smoothing (0: none)
	// and averages the two, the NB fit's weights scaled to the same logit spread.
	NBBlend [numHeads]float64
	// IDFBlend, per head, likewise adds fits with the features scaled by IDF^IDFBlend[h].
	IDFBlend  [numHeads]float64
	PosW      [numHeads]float64 // weight of positive rows per head (0: 1)
	ratioIDF  bool
	withCalib bool
}

// DefaultTrainConfig is what `parley train` uses.
func DefaultTrainConfig() TrainConfig {
	return TrainConfig{Bits: 19, Epochs: 8, LR: 0.1, L2: 1e-6, Seed: 20240601, VocabMin: 3, SynthW: 0.1, IDOnlyDav: true, DSBias: true,
		SGD: [numHeads]int{2, 2, 2}, SGDLR: 0.5, SGDAlpha: 1e-5, SGDEpoch: 15, Refit: true,
		Soft:    [numHeads]float64{headTox: 0.5, headIdentity: 1},
		NBBlend: [numHeads]float64{headTox: 1}, IDFBlend: [numHeads]float64{headInsult: 1, headIdentity: 1},
		BlockW:  [numKinds]float64{0.6, 0.5, 1},
		CalibOn: [numHeads]string{headTox: "olid"},
		Prior:   [numHeads]float64{headTox: 0.15, headInsult: 0.08}}
}

type trainRow struct {
	idx     []uint32
	labels  [numCats]int8
	y       [numCats]float32 // training target: the label, or the annotators' share
	w       float32
	split   Split
	ds      bool              // last index is the dataset bias, left out when calibrating
	mult    [numKinds]float32 // block norm multipliers, fixed per row
	dataset string
}

// Train fits a model on the training split of ex (the held-out split is never touched) and
// calibrates it on the calibration split.
func Train(ex []Example, cuss map[string]int8, cfg TrainConfig) (*Model, error) {
	logf := func(format string, a ...any) {
		if cfg.Progress != nil {
			fmt.Fprintf(cfg.Progress, format+"\n", a...)
		}
	}
	start := time.Now()
	m, ex := newUntrained(ex, cuss, cfg)
	logf("vocabulary: %d words; cuss lexicon: %d terms", len(m.vocab), len(cuss))

	rows, counts := m.buildRows(ex, cfg)
	for _, name := range sortedKeys(counts) {
		c := counts[name]
		logf("%-10s train %6d  calibration %5d  held out %5d (never used)", name, c[SplitTrain], c[SplitCalib], c[SplitHeld])
	}
	logf("features extracted in %s", time.Since(start).Round(time.Millisecond))

	if cfg.IDF {
		m.idf = buildIDF(rows, 1<<cfg.Bits)
		var t countTable
		for i := range rows {
			rows[i].mult = m.rowMult(rows[i].idx, &t)
		}
	}
	m.quantise(fitHeads(m, rows, cfg, logf))
	// Calibrate on the calibration split with the quantised weights, exactly as scoring sees them.
	for h := range numHeads {
		var zs []float64
		var ys []int8
		for _, r := range rows {
			if r.split != SplitCalib || r.labels[h] < 0 || (cfg.CalibOn[h] != "" && r.dataset != cfg.CalibOn[h]) {
				continue
			}
			idx := r.idx
			if r.ds {
				idx = idx[:len(idx)-1]
			}
			zs = append(zs, m.rowLogit(idx, h))
			ys = append(ys, r.labels[h])
		}
		m.platt[h] = fitPlatt(zs, ys, cfg.Prior[h])
		logf("%-16s calibration on %5d rows: p = sigmoid(%.3f·z %+.3f)", headCategory[h], len(zs), m.platt[h][0], m.platt[h][1])
	}
	if cfg.Refit {
		// Refit on training + calibration rows and keep the calibration just fitted: 11 % more
		// data, worth 0.005–0.01 AUC, while Platt still saw only logits of rows their weights
		// had not been fitted on. The refit's logits run slightly larger, so its scores are, if
		// anything, a little more confident than calibrated.
		cfg.withCalib = true
		m.quantise(fitHeads(m, rows, cfg, logf))
	}
	m.info = fmt.Sprintf("bits=%d epochs=%d lr=%g l2=%g seed=%d vocab_min=%d synth_w=%g synth=%v idf=%v ds_bias=%v id_davidson_only=%v calib_on=%q block_w=%v prior=%v sgd=%v sgd_alpha=%g sgd_lr=%g sgd_epochs=%d soft=%v refit=%v olid_w=%v adapt=%v adapt_mix=%v nb=%v nb_blend=%v idf_blend=%v",
		cfg.Bits, cfg.Epochs, cfg.LR, cfg.L2, cfg.Seed, cfg.VocabMin, cfg.SynthW, !cfg.NoSynth, cfg.IDF, cfg.DSBias, cfg.IDOnlyDav, cfg.CalibOn, cfg.BlockW, cfg.Prior, cfg.SGD, cfg.SGDAlpha, cfg.SGDLR, cfg.SGDEpoch, cfg.Soft, cfg.Refit, cfg.OLIDW, cfg.Adapt, cfg.AdaptMix, cfg.NB, cfg.NBBlend, cfg.IDFBlend)
	logf("trained in %s", time.Since(start).Round(time.Millisecond))
	return m, nil
}

// newUntrained adds the generated sentences to ex (unless cfg says not to) and returns a model
// with the vocabulary and lexicon built from them but no weights yet.
func newUntrained(ex []Example, cuss map[string]int8, cfg TrainConfig) (*Model, []Example) {
	if !cfg.NoSynth {
		ex = append(append([]Example(nil), ex...), synthExamples()...)
	}
	m := &Model{bits: cfg.Bits, mask: 1<<cfg.Bits - 1, cuss: cuss}
	for k, v := range cfg.BlockW {
		m.blockW[k] = float32(v)
	}
	m.vocab = buildVocab(ex, cfg.VocabMin)
	m.lx = newLexicon(cuss, m.vocab)
	return m, ex
}

// buildRows extracts the features of every example outside the held-out split (held-out rows
// are only counted) and returns the rows with per-dataset counts of each split.
func (m *Model) buildRows(ex []Example, cfg TrainConfig) ([]trainRow, map[string][3]int) {
	rows := make([]trainRow, 0, len(ex))
	s := m.scratch()
	counts := map[string][3]int{}
	for _, e := range ex {
		split := SplitOf(e.ID)
		if e.Dataset == "synthetic" {
			split = SplitTrain
		}
		c := counts[e.Dataset]
		c[split]++
		counts[e.Dataset] = c
		if split == SplitHeld {
			continue
		}
		m.features(e.Text, s)
		idx := make([]uint32, len(s.fs), len(s.fs)+1)
		for i, f := range s.fs {
			idx[i] = f.idx
		}
		if cfg.DSBias {
			idx = append(idx, fnvBytes(seedMeta^0xdead, []byte(e.Dataset))&m.mask|kindMeta<<kindShift)
		}
		labels := e.Labels
		if cfg.IDOnlyDav && e.Dataset == "olid" {
			labels[headIdentity] = -1
		}
		w := float32(1)
		if e.Dataset == "synthetic" {
			w = float32(cfg.SynthW)
		}
		var y [numCats]float32
		for c, l := range labels {
			y[c] = float32(l)
			if c < numHeads && cfg.Soft[c] > 0 && e.Soft[c] >= 0 {
				y[c] = float32(cfg.Soft[c])*e.Soft[c] + float32(1-cfg.Soft[c])*y[c]
			}
		}
		rows = append(rows, trainRow{idx: idx, labels: labels, y: y, w: w, split: split, ds: cfg.DSBias, dataset: e.Dataset})
		rows[len(rows)-1].mult = m.rowMult(idx, &s.counts)
	}
	m.pool.Put(s)
	return rows, counts
}

// rowMult is the block norm multipliers of one training row, as logits computes them.
func (m *Model) rowMult(idx []uint32, t *countTable) [numKinds]float32 {
	return m.blockMult(m.blockSumsq(t, len(idx), func(i int) uint32 { return idx[i] }))
}

// quantise stores the weights as int16 with one scale per head.
func (m *Model) quantise(weights [][]float32) {
	size := 1 << m.bits
	m.w = make([]int16, size*numHeads)
	for h := range numHeads {
		maxAbs := float32(0)
		for _, v := range weights[h] {
			maxAbs = max(maxAbs, float32(math.Abs(float64(v))))
		}
		m.scale[h] = max(maxAbs, 1e-9) / 32767
		for i, v := range weights[h] {
			m.w[i*numHeads+h] = int16(math.Round(float64(v / m.scale[h])))
		}
	}
	m.cacheWords()
}

func (m *Model) rowLogit(idx []uint32, h int) float64 {
	var t countTable
	mult := m.rowMult(idx, &t)
	acc := float32(0)
	for _, i := range idx {
		acc += float32(m.w[int(i&bucketMask)*numHeads+h]) * m.val(i) * mult[i>>kindShift]
	}
	return float64(acc * m.scale[h])
}

// buildIDF counts in how many training rows each bucket occurs and turns that into a smoothed
// inverse document frequency, quantised to 1/16.
func buildIDF(rows []trainRow, size int) []uint8 {
	df := make([]int32, size)
	last := make([]int32, size)
	n := 0
	for i, r := range rows {
		if r.split != SplitTrain {
			continue
		}
		n++
		for _, k := range r.idx {
			k &= bucketMask
			if last[k] != int32(i+1) {
				last[k] = int32(i + 1)
				df[k]++
			}
		}
	}
	idf := make([]uint8, size)
	for k, d := range df {
		v := math.Log(float64(n+1)/float64(d+1)) + 1
		idf[k] = uint8(min(255, math.Round(v*16)))
	}
	return idf
}

// buildVocab counts words in the non-held-out texts, normalised without a vocabulary, and keeps
// those seen at least min times. The vocabulary tells the normaliser which words need no repair.
func buildVocab(ex []Example, minCount int) map[string]uint32 {
	var nt normText
	counts := map[string]uint32{}
	for _, e := range ex {
		if SplitOf(e.ID) == SplitHeld && e.Dataset != "synthetic" {
			continue
		}
		nt.normalize(e.Text, nil)
		for k := range nt.words {
			w := nt.text(k)
			if len(w) < 2 || len(w) > 20 || !isASCII(w) || w[0] == '@' {
				continue
			}
			counts[string(w)]++
		}
	}
	vocab := map[string]uint32{}
	for w, c := range counts {
		if int(c) >= minCount {
			vocab[w] = c
		}
	}
	return vocab
}

// fitPlatt fits p = sigmoid(a·z + b) by Newton's method on the log loss, with Platt's smoothed
// targets so a perfectly separated calibration set does not send a to infinity.
//
// With prior > 0 the intercept is then moved from the calibration rows' share of positives to
// prior, the standard prior-shift correction: the tweets are a third (OLID) to four fifths
// (Davidson) offensive, a news comment section mostly civil, and 0.5 must mean "a moderator
// should look" there. A constant shift of the logit leaves every ROC-AUC unchanged.
func fitPlatt(zs []float64, ys []int8, prior float64) [2]float64 {
	if len(zs) == 0 {
		return [2]float64{1, 0}
	}
	var npos, nneg float64
	for _, y := range ys {
		if y == 1 {
			npos++
		} else {
			nneg++
		}
	}
	hi, lo := (npos+1)/(npos+2), 1/(nneg+2)
	a, b := 1.0, 0.0
	for range 100 {
		var ga, gb, haa, hab, hbb float64
		for i, z := range zs {
			t := lo
			if ys[i] == 1 {
				t = hi
			}
			p := sigmoid(a*z + b)
			d := p - t
			ga += d * z
			gb += d
			v := p * (1 - p)
			haa += v * z * z
			hab += v * z
			hbb += v
		}
		haa, hbb = haa+1e-9, hbb+1e-9
		det := haa*hbb - hab*hab
		if det <= 0 {
			break
		}
		da := (hbb*ga - hab*gb) / det
		db := (haa*gb - hab*ga) / det
		a, b = a-da, b-db
		if math.Abs(da)+math.Abs(db) < 1e-10 {
			break
		}
	}
	if prior > 0 && npos > 0 && nneg > 0 {
		b += math.Log(prior/(1-prior)) - math.Log(npos/nneg)
	}
	return [2]float64{a, b}
}
