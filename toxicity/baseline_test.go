package toxicity

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// The README's plain baseline, rebuilt in Go to find out what the pipeline loses against it:
// TF-IDF over the raw lower-cased text (character 2–5-grams across word boundaries, word 1–2-grams
// of \w\w+ tokens), each block L2-normalised, logistic regression trained per dataset, scored on
// the held-out split. TOX_EXP=1 go test ./toxicity -run Baseline -v

type spVec struct {
	idx []uint32
	val []float32
}

const baseBits = 21

// rawCounts hashes the baseline's n-grams of text into counts, keyed by bucket; the top bit
// separates the character block from the word block.
func rawCounts(text string, char, word bool) (map[uint32]float32, map[uint32]float32) {
	lt := strings.Join(strings.Fields(strings.ToLower(text)), " ")
	cc, wc := map[uint32]float32{}, map[uint32]float32{}
	mask := uint32(1<<baseBits - 1)
	if char {
		b := []byte(lt)
		for i := range b {
			h := seedChar
			for j := i; j < len(b) && j < i+5; j++ {
				h = fnvByte(h, b[j])
				if j >= i+1 {
					cc[h&mask]++
				}
			}
		}
	}
	if word {
		toks := strings.FieldsFunc(lt, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' })
		var prev string
		for _, t := range toks {
			if len([]rune(t)) < 2 {
				continue
			}
			wc[fnvBytes(seedWord, []byte(t))&mask|1<<baseBits]++
			if prev != "" {
				wc[fnvBytes(fnvByte(fnvBytes(seedBi, []byte(prev)), ' '), []byte(t))&mask|1<<baseBits]++
			}
			prev = t
		}
	}
	return cc, wc
}

// tfidf turns per-document count blocks into L2-normalised TF-IDF vectors, IDF fitted on the
// documents marked in fit.
func tfidf(docs [][2]map[uint32]float32, fit []bool, sublinear bool) []spVec {
	df := map[uint32]float64{}
	n := 0.0
	for i, d := range docs {
		if !fit[i] {
			continue
		}
		n++
		for _, blk := range d {
			for k := range blk {
				df[k]++
			}
		}
	}
	out := make([]spVec, len(docs))
	for i, d := range docs {
		var v spVec
		for _, blk := range d {
			start := len(v.val)
			ss := 0.0
			for k, c := range blk {
				tf := float64(c)
				if sublinear {
					tf = 1 + math.Log(tf)
				}
				x := tf * (math.Log((1+n)/(1+df[k])) + 1)
				v.idx = append(v.idx, k)
				v.val = append(v.val, float32(x))
				ss += x * x
			}
			for j := start; j < len(v.val); j++ {
				v.val[j] /= float32(math.Sqrt(ss))
			}
		}
		out[i] = v
	}
	return out
}

// trainLR is Adagrad logistic regression with a bias, L2 per update.
func trainLR(xs []spVec, ys []int8, dim int, epochs int, lr, l2 float64, seed uint64) []float32 {
	w := make([]float32, dim+1)
	g2 := make([]float32, dim+1)
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	for range epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			z := w[dim]
			for k, b := range xs[i].idx {
				z += w[b] * xs[i].val[k]
			}
			g := float32(sigmoid(float64(z))) - float32(ys[i])
			for k, b := range xs[i].idx {
				gk := g*xs[i].val[k] + float32(l2)*w[b]
				g2[b] += gk * gk
				w[b] -= float32(lr) * gk / float32(math.Sqrt(float64(g2[b])+1e-8))
			}
			g2[dim] += g * g
			w[dim] -= float32(lr) * g / float32(math.Sqrt(float64(g2[dim])+1e-8))
		}
	}
	return w
}

// trainSGD is plain SGD on the L2-regularised log loss (the objective sklearn's
// LogisticRegression and SGDClassifier minimise), with the weight-scale trick so the decay of
// every weight costs O(1) per step, and eta = eta0/(1+alpha·eta0·t).
func trainSGD(xs []spVec, ys []int8, dim int, epochs int, eta0, alpha float64, seed uint64) []float32 {
	v := make([]float64, dim+1)
	s := 1.0
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	t := 0.0
	for range epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			eta := eta0 / (1 + alpha*eta0*t)
			t++
			z := 0.0
			for k, b := range xs[i].idx {
				z += v[b] * float64(xs[i].val[k])
			}
			z = z*s + v[dim]
			g := sigmoid(z) - float64(ys[i])
			s *= 1 - eta*alpha
			for k, b := range xs[i].idx {
				v[b] -= eta * g * float64(xs[i].val[k]) / s
			}
			v[dim] -= eta * g
			if s < 1e-6 {
				for k := range dim {
					v[k] *= s
				}
				s = 1
			}
		}
	}
	w := make([]float32, dim+1)
	for k := range dim {
		w[k] = float32(v[k] * s)
	}
	w[dim] = float32(v[dim])
	return w
}

func dotLR(w []float32, x spVec) float64 {
	z := w[len(w)-1]
	for k, b := range x.idx {
		z += w[b] * x.val[k]
	}
	return float64(z)
}

func envF(name string, def float64) float64 {
	if v, err := strconv.ParseFloat(os.Getenv(name), 64); err == nil {
		return v
	}
	return def
}

func TestBaseline(t *testing.T) {
	if os.Getenv("TOX_EXP") == "" {
		t.Skip("tuning harness; set TOX_EXP=1")
	}
	d, err := LoadData([]string{sharedData(t) + "/toxicity"})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(os.Getenv("MODEL")) // any model: only its vocabulary and lexicon are used
	if err != nil {
		t.Fatal(err)
	}
	m, err := Load(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	epochs, lr, l2 := int(envF("EPOCHS", 10)), envF("LR", 0.2), envF("L2", 1e-6)
	eval := SplitHeld
	if os.Getenv("ONCALIB") != "" {
		eval = SplitCalib
	}
	type task struct {
		ds string
		h  int
	}
	for _, tk := range []task{{"davidson", headTox}, {"davidson", headIdentity}, {"olid", headTox}, {"olid", headInsult}} {
		var docs [][2]map[uint32]float32
		var pipe []spVec
		var ytox []int8
		var fit []bool
		var ys []int8
		var split []Split
		for _, e := range d.Examples {
			if e.Dataset != tk.ds || e.Labels[tk.h] < 0 {
				continue
			}
			c, w := rawCounts(e.Text, os.Getenv("NOCHAR") == "", os.Getenv("NOWORD") == "")
			docs = append(docs, [2]map[uint32]float32{c, w})
			if os.Getenv("PIPE") != "" {
				pipe = append(pipe, pipeVec(m, e.Text))
			}
			sp := SplitOf(e.ID)
			fit = append(fit, sp != eval)
			ys = append(ys, e.Labels[tk.h])
			ytox = append(ytox, e.Labels[headTox])
			split = append(split, sp)
		}
		xs := tfidf(docs, fit, os.Getenv("SUBLIN") != "")
		rawXs := append([]spVec(nil), xs...)
		if pipe != nil {
			rawW := float32(envF("RAWW", 0))
			for i := range xs {
				v := pipe[i]
				if rawW > 0 {
					for k, b := range xs[i].idx {
						if b < 1<<baseBits {
							v.idx = append(v.idx, b|2<<baseBits)
							v.val = append(v.val, xs[i].val[k]*rawW)
						}
					}
				}
				xs[i] = v
			}
		}
		var trX []spVec
		var trY []int8
		for i := range xs {
			if split[i] == SplitTrain || (eval == SplitHeld && split[i] == SplitCalib && os.Getenv("TRAINONLY") == "") {
				trX, trY = append(trX, xs[i]), append(trY, ys[i])
			}
		}
		if nb := envF("NB", 0); nb > 0 {
			r := nbRatioVec(trX, trY, 4<<baseBits, nb)
			for i := range xs {
				v := spVec{idx: xs[i].idx, val: make([]float32, len(xs[i].val))}
				for k, b := range v.idx {
					v.val[k] = xs[i].val[k] * r[b]
				}
				xs[i] = v
			}
			trX = trX[:0]
			for i := range xs {
				if split[i] == SplitTrain || (eval == SplitHeld && split[i] == SplitCalib && os.Getenv("TRAINONLY") == "") {
					trX = append(trX, xs[i])
				}
			}
		}
		var w []float32
		if a := envF("ALPHA", 0); a > 0 {
			w = trainSGD(trX, trY, 4<<baseBits, epochs, lr, a, 1)
		} else {
			w = trainLR(trX, trY, 4<<baseBits, epochs, lr, l2, 1)
		}
		var sc []float64
		var lb []int8
		for i := range xs {
			if split[i] == eval {
				sc, lb = append(sc, dotLR(w, xs[i])), append(lb, ys[i])
			}
		}
		fmt.Printf("baseline %-8s %-16s train %5d eval %5d auc %.4f\n", tk.ds, headCategory[tk.h], len(trX), len(sc), ROCAUC(sc, lb))
		if os.Getenv("ENS") != "" && pipe != nil {
			// A separately trained raw-text model, averaged with the pipeline model.
			var rX []spVec
			var rY []int8
			for i := range rawXs {
				if split[i] == SplitTrain || (eval == SplitHeld && split[i] == SplitCalib && os.Getenv("TRAINONLY") == "") {
					rX, rY = append(rX, rawXs[i]), append(rY, ys[i])
				}
			}
			wr := trainSGD(rX, rY, 4<<baseBits, epochs, lr, envF("ALPHA", 1e-5), 1)
			for _, mix := range []float64{0.25, 0.5} {
				var sc2 []float64
				for i := range xs {
					if split[i] == eval {
						sc2 = append(sc2, (1-mix)*dotLR(w, xs[i])+mix*dotLR(wr, rawXs[i]))
					}
				}
				fmt.Printf("ensemble raw share %.2f auc %.4f\n", mix, ROCAUC(sc2, lb))
			}
		}
		if tk.h == headIdentity && os.Getenv("HIER") != "" {
			// Hate given toxic, times toxic.
			var tX, hX []spVec
			var tY, hY []int8
			for i := range xs {
				if split[i] == SplitTrain || (eval == SplitHeld && split[i] == SplitCalib && os.Getenv("TRAINONLY") == "") {
					tX, tY = append(tX, xs[i]), append(tY, ytox[i])
					if ytox[i] == 1 {
						hX, hY = append(hX, xs[i]), append(hY, ys[i])
					}
				}
			}
			a := envF("ALPHA", 1e-5)
			wt := trainSGD(tX, tY, 4<<baseBits, epochs, lr, a, 1)
			wh := trainSGD(hX, hY, 4<<baseBits, epochs, lr, a, 1)
			for _, mix := range []float64{0, 0.5, 1} {
				var sc2 []float64
				for i := range xs {
					if split[i] == eval {
						// log p(hate) = log p(tox) + log p(hate|tox), blended with the flat model.
						h := math.Log(sigmoid(dotLR(wt, xs[i]))) + math.Log(sigmoid(dotLR(wh, xs[i])))
						f := math.Log(sigmoid(dotLR(w, xs[i])))
						sc2 = append(sc2, mix*h+(1-mix)*f)
					}
				}
				fmt.Printf("hier mix %.1f auc %.4f\n", mix, ROCAUC(sc2, lb))
			}
		}
	}
}

// pipeVec is the pipeline's own feature vector (normalised text, blocks scaled to blockW).
func pipeVec(m *Model, text string) spVec {
	s := m.scratch()
	m.features(text, s)
	cnt := map[uint32]float32{}
	for _, f := range s.fs {
		cnt[f.idx]++
	}
	var ss [numKinds]float64
	for k, c := range cnt {
		if os.Getenv("PRODNORM") != "" {
			ss[k>>kindShift] += float64(c)
		} else {
			ss[k>>kindShift] += float64(c * c)
		}
	}
	var v spVec
	for k, c := range cnt {
		kind := k >> kindShift
		bw := envF(fmt.Sprintf("BW%d", kind), float64(m.blockW[kind]))
		v.idx = append(v.idx, k&bucketMask)
		v.val = append(v.val, c*float32(bw/math.Sqrt(ss[kind])))
	}
	return v
}

// nbRatioVec is NB-SVM's log-count ratio per feature (Wang & Manning 2012), over binarised
// features with smoothing a, scaled to mean |r| = 1 so learning rates carry over.
func nbRatioVec(xs []spVec, ys []int8, dim int, a float64) []float32 {
	p, q := make([]float64, dim), make([]float64, dim)
	for i, x := range xs {
		for _, b := range x.idx {
			if ys[i] == 1 {
				p[b]++
			} else {
				q[b]++
			}
		}
	}
	return logCountRatios(p, q, a)
}
