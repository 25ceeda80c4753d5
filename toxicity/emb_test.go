package toxicity

import (
	"encoding/gob"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"testing"
)

// TestCVEmbed: in-domain word vectors (PPMI of a ±5-word window over the non-held-out texts,
// reduced to d dimensions by a randomised range finder), a comment = mean of its words'
// unit vectors, one logistic regression per head on that dense vector; out-of-fold logits saved
// for TestCVBlend.
func TestCVEmbed(t *testing.T) {
	if os.Getenv("TOX_EXP") == "" {
		t.Skip()
	}
	m, rows, kept, fold, cfg := cvSetup(t)
	d := 100
	if v := os.Getenv("EMBD"); v != "" {
		d, _ = strconv.Atoi(v)
	}
	s := m.scratch()
	docs := make([][]string, len(kept))
	cnt := map[string]int{}
	for i, e := range kept {
		m.features(e.Text, s)
		for k := range s.nt.words {
			w := string(s.nt.text(k))
			docs[i] = append(docs[i], w)
			if e.Dataset != "synthetic" {
				cnt[w]++
			}
		}
	}
	var vocab []string
	for w, c := range cnt {
		if c >= 3 {
			vocab = append(vocab, w)
		}
	}
	sort.Strings(vocab)
	id := map[string]int{}
	for i, w := range vocab {
		id[w] = i
	}
	V := len(vocab)
	build := func(excl int) [][]float64 {
		co := make([]map[int]float64, V)
		for i := range co {
			co[i] = map[int]float64{}
		}
		for i, doc := range docs {
			if kept[i].Dataset == "synthetic" || fold[i] == excl {
				continue
			}
			for a, wa := range doc {
				ia, ok := id[wa]
				if !ok {
					continue
				}
				for b := max(0, a-5); b < min(len(doc), a+6); b++ {
					if b == a {
						continue
					}
					if ib, ok := id[doc[b]]; ok {
						co[ia][ib] += 1 / float64(abs(a-b))
					}
				}
			}
		}
		rowSum := make([]float64, V)
		colSum := make([]float64, V)
		total := 0.0
		for i := range co {
			for j, c := range co[i] {
				rowSum[i] += c
				colSum[j] += math.Pow(c, 0.75)
				total += c
			}
		}
		ctot := 0.0
		for _, c := range colSum {
			ctot += c
		}
		// PPMI in place.
		for i := range co {
			for j, c := range co[i] {
				v := math.Log(c * ctot / (rowSum[i] * colSum[j]))
				if v <= 0 {
					delete(co[i], j)
				} else {
					co[i][j] = v
				}
			}
		}
		// Randomised range finder: Y = M Ω, then (M Mᵀ) Y twice, orthonormalised each time.
		rng := rand.New(rand.NewPCG(5, 5))
		om := make([][]float64, V)
		for j := range om {
			om[j] = make([]float64, d)
			for k := range om[j] {
				om[j][k] = rng.NormFloat64()
			}
		}
		mul := func(x [][]float64) [][]float64 { // M x
			y := make([][]float64, V)
			for i := range co {
				y[i] = make([]float64, d)
				for j, c := range co[i] {
					for k := range d {
						y[i][k] += c * x[j][k]
					}
				}
			}
			return y
		}
		mulT := func(x [][]float64) [][]float64 { // Mᵀ x
			y := make([][]float64, V)
			for i := range y {
				y[i] = make([]float64, d)
			}
			for i := range co {
				for j, c := range co[i] {
					for k := range d {
						y[j][k] += c * x[i][k]
					}
				}
			}
			return y
		}
		orth := func(y [][]float64) {
			for k := range d {
				for p := range k {
					dot := 0.0
					for i := range y {
						dot += y[i][k] * y[i][p]
					}
					for i := range y {
						y[i][k] -= dot * y[i][p]
					}
				}
				n := 0.0
				for i := range y {
					n += y[i][k] * y[i][k]
				}
				n = math.Sqrt(n) + 1e-12
				for i := range y {
					y[i][k] /= n
				}
			}
		}
		y := mul(om)
		orth(y)
		for range 2 {
			y = mul(mulT(y))
			orth(y)
		}
		// Word vectors: Yᵀ-projected rows of M, i.e. M Mᵀ Y ≈ U Σ² … use B = Yᵀ M, word j = column j of B.
		bt := mulT(y) // V × d: row j = (Yᵀ M)[:, j]
		for j := range bt {
			n := 0.0
			for _, v := range bt[j] {
				n += v * v
			}
			n = math.Sqrt(n) + 1e-12
			for k := range bt[j] {
				bt[j][k] /= n
			}
		}
		X := make([][]float64, len(kept))
		for i, doc := range docs {
			X[i] = make([]float64, d)
			c := 0
			for _, w := range doc {
				if j, ok := id[w]; ok {
					for k := range d {
						X[i][k] += bt[j][k]
					}
					c++
				}
			}
			for k := range d {
				X[i][k] /= float64(max(c, 1))
			}
		}
		return X
	}
	perFold := os.Getenv("EMBFOLD") != ""
	var X [][]float64
	if !perFold {
		X = build(-1)
	}
	std := func(X [][]float64) {
		for k := range d {
			var s1, s2 float64
			for i := range X {
				s1 += X[i][k]
				s2 += X[i][k] * X[i][k]
			}
			mu := s1 / float64(len(X))
			sd := math.Sqrt(max(s2/float64(len(X))-mu*mu, 1e-12))
			for i := range X {
				X[i][k] = (X[i][k] - mu) / sd
			}
		}
	}
	if X != nil {
		std(X)
	}
	out := &cvOut{}
	for h := range numHeads {
		out.Z[h] = make([]float64, len(kept))
	}
	var lvl1 *cvOut
	if n := os.Getenv("EMBSTACK"); n != "" {
		f, err := os.Open("/tmp/cv/" + n + ".gob")
		if err != nil {
			t.Fatal(err)
		}
		lvl1 = &cvOut{}
		if err := gob.NewDecoder(f).Decode(lvl1); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	input := func(i int) []float32 {
		x := make([]float32, d)
		for k := range d {
			x[k] = float32(X[i][k])
		}
		if lvl1 != nil {
			for h := range numHeads {
				for k := range numKinds {
					x = append(x, float32(lvl1.Block[h][k][i]))
				}
			}
		}
		return x
	}
	hidden := 0
	if v := os.Getenv("EMBHID"); v != "" {
		hidden, _ = strconv.Atoi(v)
	}
	for f := range cvFolds {
		if perFold {
			X = build(f)
			std(X)
		}
		var tx [][]float32
		var ty [][numHeads]float32
		var tw []float32
		var td []int
		for i := range kept {
			if fold[i] >= 0 && fold[i] != f {
				x := input(i)
				var yy [numHeads]float32
				for h := range numHeads {
					yy[h] = -1
					if rows[i].labels[h] >= 0 {
						yy[h] = rows[i].y[h]
					}
				}
				tx, ty, tw = append(tx, x), append(ty, yy), append(tw, rows[i].w)
				di := 0
				if kept[i].Dataset == "olid" {
					di = 1
				}
				td = append(td, di)
			}
		}
		sc := StackConfig{Hid: max(hidden, 1), Epochs: 20, LR: 0.003, L2: 1e-4, Seed: 11}
		n := trainStack(tx, ty, tw, td, 2, sc)
		if hidden == 0 {
			clear(n.w2) // linear: the skip path only
		}
		hh := make([]float32, n.hid)
		for i := range kept {
			if fold[i] != f {
				continue
			}
			x := input(i)
			var z [numHeads]float32
			n.forward(x, hh, &z)
			for h := range numHeads {
				out.Z[h][i] = float64(z[h])
			}
		}
	}
	out.IDs, out.Dataset = nil, nil
	for _, e := range kept {
		out.IDs = append(out.IDs, e.ID)
		out.Dataset = append(out.Dataset, e.Dataset)
		out.Labels = append(out.Labels, e.Labels)
	}
	fmt.Printf("embed V=%d d=%d hidden=%d\n", V, d, hidden)
	cvReport(out, nil, cfg, "embed")
	saveCV(t, out)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
