package toxicity

// The fits behind each learned head: Adagrad and L2-regularised SGD over the hashed features,
// the NB- and IDF-weighted variants blended into a head, and the per-head options the
// cross-validation harness turns on and off.

import (
	"math"
	"math/rand/v2"
	"sync"
)

// fitHeads trains every head, in parallel, each deterministic.
func fitHeads(m *Model, rows []trainRow, cfg TrainConfig, logf func(string, ...any)) [][]float32 {
	weights := make([][]float32, numHeads)
	var wg sync.WaitGroup
	for h := range numHeads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			weights[h] = fitHead(m, rows, h, cfg, logf)
		}()
	}
	wg.Wait()
	return weights
}

// fitHead returns one head's weights: the mean of its fits' (fitHeadParts), and with
// cfg.NBBlend the mean of that and an NB-weighted set of fits scaled to the same logit spread on
// the training rows. All are linear in the same features, so the blend is one weight vector.
func fitHead(m *Model, rows []trainRow, h int, cfg TrainConfig, logf func(string, ...any)) []float32 {
	mean := func(cfg TrainConfig) []float32 {
		parts, o := fitHeadParts(m, rows, h, cfg, logf)
		var w []float32
		for _, p := range parts {
			c := o.collapse(p, cfg.AdaptMix)
			if w == nil {
				w = c
				continue
			}
			for i := range w {
				w[i] += c[i]
			}
		}
		for i := range w {
			w[i] /= float32(len(parts))
		}
		return w
	}
	w := mean(cfg)
	if cfg.NBBlend[h] == 0 && cfg.IDFBlend[h] == 0 {
		return w
	}
	sd := logitSD(m, rows, h, cfg, w)
	members := 1
	add := func(c TrainConfig) {
		v := mean(c)
		k := float32(sd / max(logitSD(m, rows, h, cfg, v), 1e-12))
		for i := range w {
			w[i] += k * v[i]
		}
		members++
	}
	if cfg.NBBlend[h] > 0 {
		c := cfg
		c.NB[h] = cfg.NBBlend[h]
		add(c)
	}
	if cfg.IDFBlend[h] > 0 {
		c := cfg
		c.NB[h], c.ratioIDF = cfg.IDFBlend[h], true
		add(c)
	}
	for i := range w {
		w[i] /= float32(members)
	}
	return w
}

// logitSD is the standard deviation of the logits weights w give the rows head h trains on.
func logitSD(m *Model, rows []trainRow, h int, cfg TrainConfig, w []float32) float64 {
	var s1, s2, n float64
	for _, i := range (&fitOpt{}).rows(rows, h, cfg) {
		r := &rows[i]
		idx := r.idx
		if r.ds {
			idx = idx[:len(idx)-1]
		}
		z := 0.0
		for _, k := range idx {
			z += float64(w[k&bucketMask] * m.val(k) * r.mult[k>>kindShift])
		}
		s1 += z
		s2 += z * z
		n++
	}
	if n == 0 {
		return 1
	}
	return math.Sqrt(max(s2/n-(s1/n)*(s1/n), 0))
}

// fitHeadParts runs the fits cfg.SGD asks for on head h (Adagrad, L2-SGD or both) and returns
// their raw weights (with domain copies, before the NB ratios are folded in) and the options
// that say how to fold them.
func fitHeadParts(m *Model, rows []trainRow, h int, cfg TrainConfig, logf func(string, ...any)) ([][]float32, *fitOpt) {
	o := &fitOpt{olidW: float32(cfg.OLIDW[h]), posW: float32(cfg.PosW[h]), head: h}
	if cfg.Adapt[h] {
		o.ndom = 2
	}
	if cfg.NB[h] > 0 {
		switch {
		case cfg.ratioIDF || ratioKind == "idf":
			o.r = idfRatios(m, rows, o.rows(rows, h, cfg), cfg.NB[h])
		case ratioKind == "abs":
			o.r = nbRatios(m, rows, o.rows(rows, h, cfg), h, cfg.NB[h])
			for i, v := range o.r {
				o.r[i] = float32(math.Abs(float64(v)))
			}
		default:
			o.r = nbRatios(m, rows, o.rows(rows, h, cfg), h, cfg.NB[h])
		}
	}
	switch cfg.SGD[h] {
	case 0:
		return [][]float32{trainHead(m, rows, h, cfg, o, logf)}, o
	case 1:
		return [][]float32{trainHeadSGD(m, rows, h, cfg, o, logf)}, o
	}
	return [][]float32{trainHead(m, rows, h, cfg, o, logf), trainHeadSGD(m, rows, h, cfg, o, logf)}, o
}

// fitOpt holds per-head training options.
type fitOpt struct {
	ndom  int       // domain copies of every weight (Daumé's "easy adaptation"): 0 or 2
	r     []float32 // NB log-count ratio per bucket, nil for none
	olidW float32   // weight of OLID rows, 0 meaning 1
	posW  float32   // weight of positive rows, 0 meaning 1
	head  int
}

// rows lists the rows a head trains on.
func (o *fitOpt) rows(rows []trainRow, h int, cfg TrainConfig) []int {
	var use []int
	for i, r := range rows {
		if r.labels[h] >= 0 && (r.split == SplitTrain || cfg.withCalib && r.split == SplitCalib) {
			use = append(use, i)
		}
	}
	return use
}

func (o *fitOpt) domain(r *trainRow) int {
	if o.ndom == 0 {
		return -1
	}
	switch r.dataset {
	case "davidson":
		return 0
	case "olid":
		return 1
	}
	return -1
}

func (o *fitOpt) ratio(b uint32) float32 {
	if o.r == nil {
		return 1
	}
	return o.r[b]
}

func (o *fitOpt) weight(r *trainRow) float32 {
	w := float32(1)
	if o.olidW > 0 && r.dataset == "olid" {
		w = o.olidW
	}
	if o.posW > 0 && r.labels[o.head] == 1 {
		w *= o.posW
	}
	return w
}

// collapse folds a fit's domain copies (mixed in with mix) and NB ratios into one weight per
// bucket.
func (o *fitOpt) collapse(w []float32, mix [2]float64) []float32 {
	size := len(w) / (1 + o.ndom)
	out := make([]float32, size)
	copy(out, w[:size])
	for d := range o.ndom {
		for b := range size {
			out[b] += float32(mix[d]) * w[size*(1+d)+b]
		}
	}
	if o.r != nil {
		for b := range out {
			out[b] *= o.r[b]
		}
	}
	return out
}

// nbRatios is NB-SVM's log-count ratio per bucket (Wang & Manning 2012) over the binarised
// features of the rows in use, smoothing a, scaled to mean |r| = 1 over the buckets seen.
func nbRatios(m *Model, rows []trainRow, use []int, h int, a float64) []float32 {
	size := 1 << m.bits
	p, q := make([]float64, size), make([]float64, size)
	last := make([]int32, size)
	for _, i := range use {
		r := &rows[i]
		y := float64(r.labels[h])
		for _, k := range r.idx {
			b := k & bucketMask
			if last[b] == int32(i+1) {
				continue
			}
			last[b] = int32(i + 1)
			p[b] += y * float64(r.w)
			q[b] += (1 - y) * float64(r.w)
		}
	}
	return logCountRatios(p, q, a)
}

// logCountRatios turns per-feature positive and negative counts p and q into log-count ratios
// with smoothing a, scaled to mean |r| = 1 over the features seen, so learning rates carry over.
func logCountRatios(p, q []float64, a float64) []float32 {
	var sp, sq float64
	for b := range p {
		sp += p[b] + a
		sq += q[b] + a
	}
	r := make([]float32, len(p))
	sum, n := 0.0, 0
	for b := range p {
		if p[b]+q[b] == 0 {
			continue
		}
		v := math.Log((p[b] + a) / sp / ((q[b] + a) / sq))
		r[b] = float32(v)
		sum += math.Abs(v)
		n++
	}
	for b := range r {
		r[b] /= float32(sum / float64(max(n, 1)))
	}
	return r
}

// trainHead runs Adagrad logistic regression for one head over the rows labelled for it. The
// shuffle is seeded per head and epoch, so heads can train in parallel and still be reproducible.
func trainHead(m *Model, rows []trainRow, h int, cfg TrainConfig, o *fitOpt, logf func(string, ...any)) []float32 {
	size := 1 << cfg.Bits
	w := make([]float32, size*(1+o.ndom))
	g2 := make([]float32, size*(1+o.ndom))
	use := o.rows(rows, h, cfg)
	rng := rand.New(rand.NewPCG(cfg.Seed, uint64(h)))
	lr, l2 := float32(cfg.LR), float32(cfg.L2)
	for epoch := range cfg.Epochs {
		rng.Shuffle(len(use), func(i, j int) { use[i], use[j] = use[j], use[i] })
		loss := 0.0
		for _, i := range use {
			r := &rows[i]
			mult := r.mult
			off := uint32(0)
			if d := o.domain(r); d >= 0 {
				off = uint32(size * (1 + d))
			}
			z := float32(0)
			for _, k := range r.idx {
				b := k & bucketMask
				x := m.val(k) * mult[k>>kindShift] * o.ratio(b)
				z += w[b] * x
				if off != 0 {
					z += w[off+b] * x
				}
			}
			p := float32(sigmoid(float64(z)))
			y := r.y[h]
			rw := r.w * o.weight(r)
			loss -= float64(rw) * (float64(y)*math.Log(max(float64(p), 1e-9)) + float64(1-y)*math.Log(max(1-float64(p), 1e-9)))
			g := (p - y) * rw
			for _, k := range r.idx {
				b := k & bucketMask
				x := g * m.val(k) * mult[k>>kindShift] * o.ratio(b)
				gk := x + l2*w[b]
				g2[b] += gk * gk
				w[b] -= lr * gk / float32(math.Sqrt(float64(g2[b])+1e-8))
				if off != 0 {
					b += off
					gk := x + l2*w[b]
					g2[b] += gk * gk
					w[b] -= lr * gk / float32(math.Sqrt(float64(g2[b])+1e-8))
				}
			}
		}
		logf("%-16s epoch %d/%d  log loss %.4f  (%d rows)", headCategory[h], epoch+1, cfg.Epochs, loss/float64(max(len(use), 1)), len(use))
	}
	return w
}

// trainHeadSGD fits one head by plain SGD on the L2-regularised log loss, the objective of
// sklearn's LogisticRegression. Weights are kept as scale·v so the decay of every weight costs
// one multiplication per step; the step is LR/(1 + α·LR·t). The intercept is unregularised and
// dropped afterwards: Platt's intercept replaces it. Adagrad's per-feature steps, unregularised
// in effect, fit rare n-grams harder; which is better differs per head (docs/toxicity.md).
func trainHeadSGD(m *Model, rows []trainRow, h int, cfg TrainConfig, o *fitOpt, logf func(string, ...any)) []float32 {
	size := 1 << cfg.Bits
	v := make([]float64, size*(1+o.ndom))
	scale, b0, t := 1.0, 0.0, 0.0
	use := o.rows(rows, h, cfg)
	rng := rand.New(rand.NewPCG(cfg.Seed, uint64(h)+100))
	for range cfg.SGDEpoch {
		rng.Shuffle(len(use), func(i, j int) { use[i], use[j] = use[j], use[i] })
		for _, i := range use {
			r := &rows[i]
			idx := r.idx
			if r.ds {
				idx = idx[:len(idx)-1] // the intercept does the dataset bias's job
			}
			off := uint32(0)
			if d := o.domain(r); d >= 0 {
				off = uint32(size * (1 + d))
			}
			z := 0.0
			for _, k := range idx {
				b := k & bucketMask
				x := float64(m.val(k) * r.mult[k>>kindShift] * o.ratio(b))
				z += v[b] * x
				if off != 0 {
					z += v[off+b] * x
				}
			}
			p := sigmoid(z*scale + b0)
			y := float64(r.y[h])
			rw := float64(r.w * o.weight(r))
			eta := cfg.SGDLR / (1 + cfg.SGDAlpha*cfg.SGDLR*t)
			t++
			scale *= 1 - eta*cfg.SGDAlpha
			b0 -= eta * (p - y) * rw
			g := eta * (p - y) * rw / scale
			for _, k := range idx {
				b := k & bucketMask
				x := g * float64(m.val(k)*r.mult[k>>kindShift]*o.ratio(b))
				v[b] -= x
				if off != 0 {
					v[off+b] -= x
				}
			}
			if scale < 1e-9 {
				for b := range v {
					v[b] *= scale
				}
				scale = 1
			}
		}
	}
	logf("%-16s SGD done (%d rows, %d epochs)", headCategory[h], len(use), cfg.SGDEpoch)
	w := make([]float32, len(v))
	for b := range v {
		w[b] = float32(v[b] * scale)
	}
	return w
}

var ratioKind = ""

// idfRatios is a smoothed inverse document frequency per bucket raised to the power a, scaled
// to mean 1 over the buckets seen.
func idfRatios(m *Model, rows []trainRow, use []int, a float64) []float32 {
	size := 1 << m.bits
	df := make([]float64, size)
	last := make([]int32, size)
	for _, i := range use {
		for _, k := range rows[i].idx {
			b := k & bucketMask
			if last[b] != int32(i+1) {
				last[b] = int32(i + 1)
				df[b]++
			}
		}
	}
	r := make([]float32, size)
	sum, n := 0.0, 0
	for b := range size {
		if df[b] == 0 {
			continue
		}
		v := math.Pow(math.Log(float64(len(use)+1)/(df[b]+1))+1, a)
		r[b] = float32(v)
		sum += v
		n++
	}
	for b := range r {
		r[b] /= float32(sum / float64(max(n, 1)))
	}
	return r
}
