package toxicity

import (
	"math"
	"math/rand/v2"
)

// denseNet is a small fastText-style network beside the linear heads: the word, word-pair and
// lexicon features of a comment (not the character n-grams: one vector per n-gram would
// multiply the per-character work) look up a learned vector each, the mean goes through one
// hidden ReLU layer, and its output adds a logit to each learned head. It sees the same words
// as the linear model but can weigh combinations of them.
type denseNet struct {
	bits uint8
	d    int       // embedding width
	hid  int       // hidden units
	emb  []float32 // (1<<bits) × d
	w1   []float32 // hid × d
	b1   []float32 // hid
	w2   []float32 // numHeads × hid
}

// DenseConfig sets the dense network's shape and training.
type DenseConfig struct {
	Bits   uint8
	D, Hid int
	Epochs int
	LR     float64
	L2     float64
	Seed   uint64
}

func defaultDenseConfig() DenseConfig {
	return DenseConfig{Bits: 17, D: 24, Hid: 32, Epochs: 6, LR: 0.05, L2: 1e-6, Seed: 7}
}

func (n *denseNet) bucket(idx uint32) int {
	return int((idx * 2654435761) >> (32 - uint32(n.bits)))
}

// denseFeature reports whether a feature index feeds the dense network.
func denseFeature(idx uint32) bool { return idx>>kindShift != kindChar }

// forward computes the mean embedding e, hidden h and output logits for the feature indices.
func (n *denseNet) forward(idx []uint32, e, h []float32, z *[numHeads]float32) int {
	clear(e)
	cnt := 0
	for _, k := range idx {
		if !denseFeature(k) {
			continue
		}
		v := n.emb[n.bucket(k)*n.d:][:n.d]
		for j := range e {
			e[j] += v[j]
		}
		cnt++
	}
	if cnt > 0 {
		inv := 1 / float32(cnt)
		for j := range e {
			e[j] *= inv
		}
	}
	for i := range h {
		s := n.b1[i]
		row := n.w1[i*n.d:][:n.d]
		for j, x := range e {
			s += row[j] * x
		}
		h[i] = max(s, 0)
	}
	for k := range numHeads {
		s := float32(0)
		row := n.w2[k*n.hid:][:n.hid]
		for i, x := range h {
			s += row[i] * x
		}
		z[k] = s
	}
	return cnt
}

// trainDense fits the network on the training rows (and calibration rows when withCalib),
// every head at once: a row contributes the log loss of each head it is labelled for, against
// the same targets as the linear heads. Per-dataset output biases absorb the base rates while
// training and are dropped afterwards, as the linear heads' dataset bias is.
func trainDense(rows []trainRow, cfg TrainConfig, dc DenseConfig) *denseNet {
	n := &denseNet{bits: dc.Bits, d: dc.D, hid: dc.Hid}
	size := 1 << dc.Bits
	rng := rand.New(rand.NewPCG(dc.Seed, 1))
	n.emb = make([]float32, size*n.d)
	for i := range n.emb {
		n.emb[i] = float32((rng.Float64()*2 - 1) * 0.1)
	}
	n.w1 = make([]float32, n.hid*n.d)
	for i := range n.w1 {
		n.w1[i] = float32((rng.Float64()*2 - 1) * math.Sqrt(6/float64(n.d+n.hid)))
	}
	n.b1 = make([]float32, n.hid)
	n.w2 = make([]float32, numHeads*n.hid)
	for i := range n.w2 {
		n.w2[i] = float32((rng.Float64()*2 - 1) * math.Sqrt(6/float64(n.hid+1)))
	}
	dsIdx := map[string]int{}
	var use []int
	for i, r := range rows {
		if r.split == SplitTrain || cfg.withCalib && r.split == SplitCalib {
			use = append(use, i)
			if _, ok := dsIdx[r.dataset]; !ok {
				dsIdx[r.dataset] = len(dsIdx)
			}
		}
	}
	b2 := make([][numHeads]float32, len(dsIdx))
	// Adagrad accumulators.
	gEmb := make([]float32, size)
	gW1 := make([]float32, len(n.w1))
	gB1 := make([]float32, len(n.b1))
	gW2 := make([]float32, len(n.w2))
	e, h := make([]float32, n.d), make([]float32, n.hid)
	dh, de := make([]float32, n.hid), make([]float32, n.d)
	lr, l2 := float32(dc.LR), float32(dc.L2)
	ada := func(w, g *float32, grad float32) {
		*g += grad * grad
		*w -= lr * grad / float32(math.Sqrt(float64(*g)+1e-8))
	}
	for range dc.Epochs {
		rng.Shuffle(len(use), func(i, j int) { use[i], use[j] = use[j], use[i] })
		for _, ri := range use {
			r := &rows[ri]
			idx := r.idx
			if r.ds {
				idx = idx[:len(idx)-1]
			}
			var z [numHeads]float32
			cnt := n.forward(idx, e, h, &z)
			if cnt == 0 {
				continue
			}
			bi := dsIdx[r.dataset]
			var dz [numHeads]float32
			any := false
			for k := range numHeads {
				if r.labels[k] < 0 {
					continue
				}
				p := float32(sigmoid(float64(z[k] + b2[bi][k])))
				dz[k] = (p - r.y[k]) * r.w
				b2[bi][k] -= 0.01 * dz[k]
				any = true
			}
			if !any {
				continue
			}
			clear(dh)
			for k := range numHeads {
				if dz[k] == 0 {
					continue
				}
				row := n.w2[k*n.hid:][:n.hid]
				for i := range h {
					dh[i] += row[i] * dz[k]
					ada(&row[i], &gW2[k*n.hid+i], dz[k]*h[i]+l2*row[i])
				}
			}
			clear(de)
			for i := range h {
				if h[i] <= 0 {
					continue
				}
				g := dh[i]
				row := n.w1[i*n.d:][:n.d]
				for j := range e {
					de[j] += row[j] * g
					ada(&row[j], &gW1[i*n.d+j], g*e[j]+l2*row[j])
				}
				ada(&n.b1[i], &gB1[i], g)
			}
			inv := 1 / float32(cnt)
			// Embedding rows share one Adagrad accumulator each (fastText-style, row-wise).
			for _, k := range idx {
				if !denseFeature(k) {
					continue
				}
				b := n.bucket(k)
				v := n.emb[b*n.d:][:n.d]
				ss := float32(0)
				for j := range v {
					g := de[j] * inv
					ss += g * g
				}
				gEmb[b] += ss / float32(n.d)
				step := lr / float32(math.Sqrt(float64(gEmb[b])+1e-8))
				for j := range v {
					v[j] -= step * (de[j]*inv + l2*v[j])
				}
			}
		}
	}
	return n
}
