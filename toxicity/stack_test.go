package toxicity

import (
	"math"
	"math/rand/v2"
)

// stackNet is a small MLP over a comment's dense summary: each learned head's logit split by
// feature block, the rule results and a few counts. It learns how much to trust each block per
// head and combinations the linear sum cannot express; its outputs replace the heads' logits.
type stackNet struct {
	nin, hid int
	mean, sd []float32 // input standardisation
	w1, b1   []float32 // hid × nin, hid
	w2, b2   []float32 // numHeads × hid, numHeads
	skip     []float32 // numHeads × nin: a linear path beside the hidden layer
}

type StackConfig struct {
	Hid    int
	Epochs int
	LR     float64
	L2     float64
	Seed   uint64
}

func defaultStackConfig() StackConfig {
	return StackConfig{Hid: 16, Epochs: 30, LR: 0.003, L2: 1e-4, Seed: 11}
}

func (n *stackNet) forward(x []float32, h []float32, z *[numHeads]float32) {
	xs := make([]float32, n.nin)
	for j := range xs {
		xs[j] = (x[j] - n.mean[j]) / n.sd[j]
	}
	for i := range n.hid {
		s := n.b1[i]
		for j, v := range xs {
			s += n.w1[i*n.nin+j] * v
		}
		h[i] = max(s, 0)
	}
	for k := range numHeads {
		s := n.b2[k]
		for i, v := range h {
			s += n.w2[k*n.hid+i] * v
		}
		for j, v := range xs {
			s += n.skip[k*n.nin+j] * v
		}
		z[k] = s
	}
}

// trainStack fits the network with Adam on rows xs (inputs), ys (targets, -1 unlabelled), ws
// (row weights) and ds (dataset index for a training-only output bias).
func trainStack(xs [][]float32, ys [][numHeads]float32, ws []float32, ds []int, nds int, sc StackConfig) *stackNet {
	nin := len(xs[0])
	n := &stackNet{nin: nin, hid: sc.Hid}
	n.mean, n.sd = make([]float32, nin), make([]float32, nin)
	for j := range nin {
		var s1, s2 float64
		for _, x := range xs {
			s1 += float64(x[j])
			s2 += float64(x[j]) * float64(x[j])
		}
		m := s1 / float64(len(xs))
		n.mean[j] = float32(m)
		n.sd[j] = float32(math.Sqrt(max(s2/float64(len(xs))-m*m, 1e-6)))
	}
	rng := rand.New(rand.NewPCG(sc.Seed, 3))
	init := func(k, fanIn, fanOut int) []float32 {
		w := make([]float32, k)
		a := math.Sqrt(6 / float64(fanIn+fanOut))
		for i := range w {
			w[i] = float32((rng.Float64()*2 - 1) * a)
		}
		return w
	}
	n.w1, n.b1 = init(sc.Hid*nin, nin, sc.Hid), make([]float32, sc.Hid)
	n.w2, n.b2 = init(numHeads*sc.Hid, sc.Hid, 1), make([]float32, numHeads)
	n.skip = make([]float32, numHeads*nin)
	params := [][]float32{n.w1, n.b1, n.w2, n.b2, n.skip}
	bias := make([]float32, nds*numHeads)
	params = append(params, bias)
	grads := make([][]float32, len(params))
	m1 := make([][]float32, len(params))
	m2 := make([][]float32, len(params))
	for i, p := range params {
		grads[i], m1[i], m2[i] = make([]float32, len(p)), make([]float32, len(p)), make([]float32, len(p))
	}
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	const batch = 64
	step := 0
	h := make([]float32, sc.Hid)
	xsn := make([]float32, nin)
	b1, b2 := 0.9, 0.999
	for range sc.Epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for start := 0; start < len(order); start += batch {
			for _, g := range grads {
				clear(g)
			}
			end := min(start+batch, len(order))
			for _, ri := range order[start:end] {
				x := xs[ri]
				for j := range xsn {
					xsn[j] = (x[j] - n.mean[j]) / n.sd[j]
				}
				for i := range n.hid {
					s := n.b1[i]
					for j, v := range xsn {
						s += n.w1[i*nin+j] * v
					}
					h[i] = max(s, 0)
				}
				var dh [64]float32
				for k := range numHeads {
					if ys[ri][k] < 0 {
						continue
					}
					s := n.b2[k] + bias[ds[ri]*numHeads+k]
					for i, v := range h {
						s += n.w2[k*n.hid+i] * v
					}
					for j, v := range xsn {
						s += n.skip[k*nin+j] * v
					}
					dz := (float32(sigmoid(float64(s))) - ys[ri][k]) * ws[ri]
					grads[3][k] += dz
					grads[5][ds[ri]*numHeads+k] += dz
					for i, v := range h {
						grads[2][k*n.hid+i] += dz * v
						dh[i] += dz * n.w2[k*n.hid+i]
					}
					for j, v := range xsn {
						grads[4][k*nin+j] += dz * v
					}
				}
				for i := range n.hid {
					if h[i] <= 0 {
						continue
					}
					grads[1][i] += dh[i]
					for j, v := range xsn {
						grads[0][i*nin+j] += dh[i] * v
					}
				}
			}
			step++
			c1 := 1 - math.Pow(b1, float64(step))
			c2 := 1 - math.Pow(b2, float64(step))
			inv := 1 / float32(end-start)
			for pi, p := range params {
				for i := range p {
					g := grads[pi][i]*inv + float32(sc.L2)*p[i]
					m1[pi][i] = float32(b1)*m1[pi][i] + float32(1-b1)*g
					m2[pi][i] = float32(b2)*m2[pi][i] + float32(1-b2)*g*g
					p[i] -= float32(sc.LR) * (m1[pi][i] / float32(c1)) / (float32(math.Sqrt(float64(m2[pi][i]/float32(c2)))) + 1e-8)
				}
			}
		}
	}
	return n
}
