package toxicity

import (
	"encoding/gob"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// K-fold cross-validation over the non-held-out rows (training + calibration splits), for
// choosing between variants with less noise than the small calibration split gives. Folds are a
// hash of the id independent of SplitOf; generated sentences always train. Each fold's heads are
// fitted on the other folds with the knobs of envConfig, the fold's rows are scored, and the
// pooled out-of-fold logits give one AUC per dataset and head ("lin"), plus the combined score
// with rules after a Platt fit on the pooled logits ("comb"; the Platt fit has seen those rows,
// but it is two parameters per head and the same for every variant). The vocabulary is built from
// all non-held-out rows, as Train builds it.
//
//	TOX_EXP=1 CVNAME=base go test ./toxicity -run 'TestCV$' -v -timeout 1h
//
// CVNAME saves the out-of-fold logits to /tmp/cv/NAME.gob for TestCVBlend.

const cvFolds = 5

func cvFold(id string) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32()/10) % cvFolds
}

type cvOut struct {
	IDs     []string
	Dataset []string
	Labels  [][numCats]int8
	Z       [numHeads][]float64           // final logit per row, with cfg.AdaptMix
	Block   [numHeads][numKinds][]float64 // the same split by feature block
	// Parts holds, per head, each fit's components (shared, Davidson copy, OLID copy) when the
	// head was trained with domain copies, so other mixes can be scored afterwards.
	Parts [numHeads][][][]float64
}

func TestCV(t *testing.T) {
	if os.Getenv("TOX_EXP") == "" {
		t.Skip("tuning harness; set TOX_EXP=1")
	}
	start := time.Now()
	m, rows, kept, fold, cfg := cvSetup(t)
	out := fitCV(m, rows, fold, cfg)
	for _, e := range kept {
		out.IDs = append(out.IDs, e.ID)
		out.Dataset = append(out.Dataset, e.Dataset)
		out.Labels = append(out.Labels, e.Labels)
	}
	fmt.Printf("cv: %d folds in %s\n", cvFolds, time.Since(start).Round(time.Second))
	// Rule results for the combined score.
	s := m.scratch()
	rrs := make([]ruleResult, len(kept))
	for i, e := range kept {
		m.features(e.Text, s)
		rrs[i] = s.nt.rules()
	}
	cvReport(out, rrs, cfg, "")
	{
		for h := range numHeads {
			if len(out.Parts[h]) == 0 {
				continue
			}
			for _, mix := range [][2]float64{{0, 0}, {0.5, 0.5}, {1, 1}, {0, 1}, {0.5, 1}, {0.25, 0.75}, {1, 0}} {
				z := mixParts(out.Parts[h], mix)
				printCV(out, h, z, fmt.Sprintf("mix %v", mix))
			}
		}
	}
	saveCV(t, out)
}

func cvSetup(t *testing.T) (*Model, []trainRow, []Example, []int, TrainConfig) {
	d, err := LoadData([]string{sharedData(t)})
	if err != nil {
		t.Fatal(err)
	}
	cfg := envConfig()
	cfg.Refit = false
	m, ex := newUntrained(d.Examples, d.Cuss, cfg)
	rows, _ := m.buildRows(ex, cfg)
	var kept []Example
	for _, e := range ex {
		if e.Dataset == "synthetic" || SplitOf(e.ID) != SplitHeld {
			kept = append(kept, e)
		}
	}
	if len(kept) != len(rows) {
		t.Fatalf("%d rows for %d examples", len(rows), len(kept))
	}
	fold := make([]int, len(rows))
	for i, e := range kept {
		fold[i] = cvFold(e.ID)
		if e.Dataset == "synthetic" {
			fold[i] = -1
		}
	}
	return m, rows, kept, fold, cfg
}

func saveCV(t *testing.T, out *cvOut) {
	if name := os.Getenv("CVNAME"); name != "" {
		os.MkdirAll("/tmp/cv", 0o755)
		f, err := os.Create(filepath.Join("/tmp/cv", name+".gob"))
		if err != nil {
			t.Fatal(err)
		}
		out.Parts = [numHeads][][][]float64{}
		if err := gob.NewEncoder(f).Encode(out); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
}

func envDense() DenseConfig {
	dc := defaultDenseConfig()
	if v := os.Getenv("DBITS"); v != "" {
		b, _ := strconv.Atoi(v)
		dc.Bits = uint8(b)
	}
	if v := os.Getenv("DD"); v != "" {
		dc.D, _ = strconv.Atoi(v)
	}
	if v := os.Getenv("DHID"); v != "" {
		dc.Hid, _ = strconv.Atoi(v)
	}
	if v := os.Getenv("DEPOCHS"); v != "" {
		dc.Epochs, _ = strconv.Atoi(v)
	}
	dc.LR = envF("DLR", dc.LR)
	dc.L2 = envF("DL2", dc.L2)
	return dc
}

// TestCVDense is TestCV for the dense network alone.
func TestCVDense(t *testing.T) {
	if os.Getenv("TOX_EXP") == "" {
		t.Skip("tuning harness; set TOX_EXP=1")
	}
	start := time.Now()
	_, rows, kept, fold, cfg := cvSetup(t)
	dc := envDense()
	out := &cvOut{}
	for h := range numHeads {
		out.Z[h] = make([]float64, len(rows))
	}
	orig := make([]Split, len(rows))
	for i := range rows {
		orig[i] = rows[i].split
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for f := range cvFolds {
		rs := append([]trainRow(nil), rows...)
		for i := range rs {
			rs[i].split = SplitTrain
			if fold[i] == f {
				rs[i].split = SplitCalib
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := trainDense(rs, cfg, dc)
			e, hh := make([]float32, n.d), make([]float32, n.hid)
			mu.Lock()
			defer mu.Unlock()
			for i := range rs {
				if fold[i] != f {
					continue
				}
				idx := rs[i].idx
				if rs[i].ds {
					idx = idx[:len(idx)-1]
				}
				var z [numHeads]float32
				n.forward(idx, e, hh, &z)
				for h := range numHeads {
					out.Z[h][i] = float64(z[h])
				}
			}
		}()
	}
	wg.Wait()
	for _, e := range kept {
		out.IDs = append(out.IDs, e.ID)
		out.Dataset = append(out.Dataset, e.Dataset)
		out.Labels = append(out.Labels, e.Labels)
	}
	fmt.Printf("cv dense %+v in %s\n", dc, time.Since(start).Round(time.Second))
	cvReport(out, nil, cfg, "dense")
	saveCV(t, out)
}

func mixParts(parts [][][]float64, mix [2]float64) []float64 {
	n := len(parts[0][0])
	z := make([]float64, n)
	for _, p := range parts {
		for i := range n {
			v := p[0][i]
			for dd := 1; dd < len(p); dd++ {
				v += mix[dd-1] * p[dd][i]
			}
			z[i] += v / float64(len(parts))
		}
	}
	return z
}

// fitCV fits every fold and returns the pooled out-of-fold logits (rows with fold -1 get 0).
func fitCV(m *Model, rows []trainRow, fold []int, cfg TrainConfig) *cvOut {
	out := &cvOut{}
	size := 1 << cfg.Bits
	for h := range numHeads {
		out.Z[h] = make([]float64, len(rows))
		for k := range numKinds {
			out.Block[h][k] = make([]float64, len(rows))
		}
	}
	orig := make([]Split, len(rows))
	for i := range rows {
		orig[i] = rows[i].split
	}
	for f := range cvFolds {
		for i := range rows {
			rows[i].split = SplitTrain
			if fold[i] == f {
				rows[i].split = SplitCalib
			}
		}
		var wg sync.WaitGroup
		for h := range numHeads {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var parts [][]float32
				var o *fitOpt
				if cfg.Adapt[h] {
					parts, o = fitHeadParts(m, rows, h, cfg, func(string, ...any) {})
				} else {
					parts, o = [][]float32{fitHead(m, rows, h, cfg, func(string, ...any) {})}, &fitOpt{}
				}
				ncomp := 1 + o.ndom
				if f == 0 && o.ndom > 0 {
					out.Parts[h] = make([][][]float64, len(parts))
					for p := range parts {
						out.Parts[h][p] = make([][]float64, ncomp)
						for c := range ncomp {
							out.Parts[h][p][c] = make([]float64, len(rows))
						}
					}
				}
				ws := make([][]float32, len(parts))
				for p := range parts {
					ws[p] = o.collapse(parts[p], cfg.AdaptMix)
				}
				for i := range rows {
					if fold[i] != f {
						continue
					}
					r := &rows[i]
					idx := r.idx
					if r.ds {
						idx = idx[:len(idx)-1]
					}
					z := 0.0
					for p := range parts {
						for _, k := range idx {
							v := float64(ws[p][k&bucketMask] * m.val(k) * r.mult[k>>kindShift])
							z += v
							out.Block[h][k>>kindShift][i] += v / float64(len(parts))
						}
						if o.ndom > 0 {
							for c := range ncomp {
								v := 0.0
								for _, k := range idx {
									b := k & bucketMask
									v += float64(parts[p][c*size+int(b)] * o.ratio(b) * m.val(k) * r.mult[k>>kindShift])
								}
								out.Parts[h][p][c][i] = v
							}
						}
					}
					out.Z[h][i] = z / float64(len(parts))
				}
			}()
		}
		wg.Wait()
	}
	for i := range rows {
		rows[i].split = orig[i]
	}
	return out
}

var cvCells = []struct {
	ds string
	h  int
}{{"davidson", headTox}, {"davidson", headIdentity}, {"olid", headTox}, {"olid", headInsult}}

func cvAUC(out *cvOut, h int, ds string, z []float64) float64 {
	var sc []float64
	var lb []int8
	for i := range z {
		if out.Dataset[i] != ds || out.Labels[i][h] < 0 {
			continue
		}
		sc = append(sc, z[i])
		lb = append(lb, out.Labels[i][h])
	}
	return ROCAUC(sc, lb)
}

func printCV(out *cvOut, h int, z []float64, label string) {
	var b strings.Builder
	for _, c := range cvCells {
		if c.h == h {
			fmt.Fprintf(&b, " %s %.4f", c.ds, cvAUC(out, h, c.ds, z))
		}
	}
	fmt.Printf("cv %-16s %-22s%s\n", headCategory[h], label, b.String())
}

// cvReport prints the linear heads' AUCs and, with rule results, the combined scores'.
func cvReport(out *cvOut, rrs []ruleResult, cfg TrainConfig, tag string) {
	var lin, comb [4]float64
	for j, c := range cvCells {
		lin[j] = cvAUC(out, c.h, c.ds, out.Z[c.h])
	}
	if rrs != nil {
		var platt [numHeads][2]float64
		for h := range numHeads {
			var zs []float64
			var ys []int8
			for i := range out.Z[h] {
				if out.Labels[i][h] < 0 || out.Dataset[i] == "synthetic" || (cfg.CalibOn[h] != "" && out.Dataset[i] != cfg.CalibOn[h]) {
					continue
				}
				zs = append(zs, out.Z[h][i])
				ys = append(ys, out.Labels[i][h])
			}
			platt[h] = fitPlatt(zs, ys, cfg.Prior[h])
		}
		sc := make([][numCats]float64, len(out.Z[0]))
		for i := range sc {
			var p [numHeads]float64
			for h := range numHeads {
				p[h] = sigmoid(platt[h][0]*out.Z[h][i] + platt[h][1])
			}
			rr := rrs[i]
			s := combine(p, &rr)
			for c, cat := range Categories {
				sc[i][c] = s.Get(cat)
			}
		}
		for j, c := range cvCells {
			z := make([]float64, len(sc))
			for i := range sc {
				z[i] = sc[i][c.h]
			}
			comb[j] = cvAUC(out, c.h, c.ds, z)
		}
	}
	f := func(v [4]float64) string {
		return fmt.Sprintf("%.4f / %.4f / %.4f / %.4f", v[0], v[1], v[2], v[3])
	}
	fmt.Printf("CV %s lin  (dav tox / dav hate / olid tox / olid ins) %s\n", tag, f(lin))
	if rrs != nil {
		fmt.Printf("CV %s comb (dav tox / dav hate / olid tox / olid ins) %s\n", tag, f(comb))
	}
}

// TestCVBlend mixes saved out-of-fold logits: CVBLEND="base:1,other:0.5" per head with
// CVHEAD (0 toxicity, 2 identity); each run's logits are standardised first.
func TestCVBlend(t *testing.T) {
	if os.Getenv("TOX_EXP") == "" || os.Getenv("CVBLEND") == "" {
		t.Skip("tuning harness; set TOX_EXP=1 and CVBLEND")
	}
	h, _ := strconv.Atoi(os.Getenv("CVHEAD"))
	var z []float64
	var ref *cvOut
	for _, item := range strings.Split(os.Getenv("CVBLEND"), ",") {
		name, ws, _ := strings.Cut(item, ":")
		ws, hs, _ := strings.Cut(ws, ":")
		w, _ := strconv.ParseFloat(ws, 64)
		src := h
		if hs != "" {
			src, _ = strconv.Atoi(hs)
		}
		f, err := os.Open(filepath.Join("/tmp/cv", name+".gob"))
		if err != nil {
			t.Fatal(err)
		}
		var o cvOut
		if err := gob.NewDecoder(f).Decode(&o); err != nil {
			t.Fatal(err)
		}
		f.Close()
		if ref == nil {
			ref = &o
			z = make([]float64, len(o.Z[h]))
		}
		var s1, s2, n float64
		for i, v := range o.Z[src] {
			if o.Dataset[i] != "synthetic" {
				s1 += v
				s2 += v * v
				n++
			}
		}
		sd := math.Sqrt(s2/n - (s1/n)*(s1/n))
		for i, v := range o.Z[src] {
			z[i] += w * v / sd
		}
		printCV(&o, h, o.Z[h], name)
	}
	printCV(ref, h, z, "blend")
	ref.Z[h] = z
	saveCV(t, ref)
}

// TestCVPeek prints the worst out-of-fold errors of a saved run: CVPEEK=name CVHEAD=h CVDS=olid.
func TestCVPeek(t *testing.T) {
	if os.Getenv("TOX_EXP") == "" || os.Getenv("CVPEEK") == "" {
		t.Skip("tuning harness")
	}
	h, _ := strconv.Atoi(os.Getenv("CVHEAD"))
	ds := os.Getenv("CVDS")
	f, err := os.Open(filepath.Join("/tmp/cv", os.Getenv("CVPEEK")+".gob"))
	if err != nil {
		t.Fatal(err)
	}
	var o cvOut
	if err := gob.NewDecoder(f).Decode(&o); err != nil {
		t.Fatal(err)
	}
	d, err := LoadData([]string{sharedData(t)})
	if err != nil {
		t.Fatal(err)
	}
	text := map[string]string{}
	for _, e := range d.Examples {
		text[e.Dataset+e.ID] = e.Text
	}
	type r struct {
		z float64
		y int8
		t string
	}
	var rs []r
	for i := range o.IDs {
		if o.Dataset[i] == ds && o.Labels[i][h] >= 0 {
			rs = append(rs, r{o.Z[h][i], o.Labels[i][h], text[ds+o.IDs[i]]})
		}
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].z < rs[j].z })
	n := 0
	for _, x := range rs {
		if x.y == 1 && n < 40 {
			fmt.Printf("FN %.2f %q\n", x.z, x.t)
			n++
		}
	}
	n = 0
	for i := len(rs) - 1; i >= 0 && n < 40; i-- {
		if rs[i].y == 0 {
			fmt.Printf("FP %.2f %q\n", rs[i].z, rs[i].t)
			n++
		}
	}
}

func b2f(b bool) float32 {
	if b {
		return 1
	}
	return 0
}

// stackInputs is the stacker's input for one comment: block logits, rules, counts.
func stackInputs(block *[numHeads][numKinds]float64, rr *ruleResult, nt *normText) []float32 {
	var x []float32
	for h := range numHeads {
		for k := range numKinds {
			x = append(x, float32(block[h][k]))
		}
	}
	if os.Getenv("STACKMIN") != "" {
		return x
	}
	x = append(x, float32(rr.threat.p), float32(rr.identity.p), float32(rr.insult.p), float32(rr.profanity.p),
		b2f(rr.counter), b2f(rr.negatedHate), b2f(rr.group), b2f(rr.hostile))
	mentions := 0
	for k := range nt.words {
		if string(nt.text(k)) == "@user" {
			mentions++
		}
	}
	x = append(x, float32(math.Log1p(float64(len(nt.words)))), float32(math.Log1p(float64(mentions))), b2f(mostlyCaps(nt.upper, nt.lower)))
	return x
}

// TestCVStack fits the stacker by a second cross-validation over a saved run's out-of-fold block
// logits (CVSTACK=name), same folds.
func TestCVStack(t *testing.T) {
	if os.Getenv("TOX_EXP") == "" || os.Getenv("CVSTACK") == "" {
		t.Skip("tuning harness")
	}
	f, err := os.Open(filepath.Join("/tmp/cv", os.Getenv("CVSTACK")+".gob"))
	if err != nil {
		t.Fatal(err)
	}
	var o cvOut
	if err := gob.NewDecoder(f).Decode(&o); err != nil {
		t.Fatal(err)
	}
	m, rows, kept, fold, cfg := cvSetup(t)
	sc := defaultStackConfig()
	if v := os.Getenv("SHID"); v != "" {
		sc.Hid, _ = strconv.Atoi(v)
	}
	if v := os.Getenv("SEPOCHS"); v != "" {
		sc.Epochs, _ = strconv.Atoi(v)
	}
	sc.LR = envF("SLR", sc.LR)
	sc.L2 = envF("SL2", sc.L2)
	s := m.scratch()
	xs := make([][]float32, len(kept))
	ys := make([][numHeads]float32, len(kept))
	ws := make([]float32, len(kept))
	dsi := make([]int, len(kept))
	for i, e := range kept {
		m.features(e.Text, s)
		rr := s.nt.rules()
		var blk [numHeads][numKinds]float64
		for h := range numHeads {
			for k := range numKinds {
				blk[h][k] = o.Block[h][k][i]
			}
		}
		xs[i] = stackInputs(&blk, &rr, &s.nt)
		for h := range numHeads {
			ys[i][h] = -1
			if rows[i].labels[h] >= 0 {
				ys[i][h] = rows[i].y[h]
			}
		}
		ws[i] = rows[i].w
		if e.Dataset == "olid" {
			dsi[i] = 1
		}
	}
	out := &cvOut{IDs: o.IDs, Dataset: o.Dataset, Labels: o.Labels}
	for h := range numHeads {
		out.Z[h] = make([]float64, len(kept))
	}
	var wg sync.WaitGroup
	for f := range cvFolds {
		var tx [][]float32
		var ty [][numHeads]float32
		var tw []float32
		var td []int
		for i := range kept {
			if fold[i] >= 0 && fold[i] != f {
				tx, ty, tw, td = append(tx, xs[i]), append(ty, ys[i]), append(tw, ws[i]), append(td, dsi[i])
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := trainStack(tx, ty, tw, td, 2, sc)
			h := make([]float32, n.hid)
			for i := range kept {
				if fold[i] != f {
					continue
				}
				var z [numHeads]float32
				n.forward(xs[i], h, &z)
				for hh := range numHeads {
					out.Z[hh][i] = float64(z[hh])
				}
			}
		}()
	}
	wg.Wait()
	cvReport(&o, nil, cfg, "level1")
	cvReport(out, nil, cfg, fmt.Sprintf("stack %+v", sc))
	saveCV(t, out)
}

// TestCVFolds prints per-fold AUCs of saved runs (RUNS=a,b), to see whether a difference holds in every fold.
func TestCVFolds(t *testing.T) {
	if os.Getenv("TOX_EXP") == "" {
		t.Skip()
	}
	for _, n := range strings.Split(os.Getenv("RUNS"), ",") {
		f, _ := os.Open("/tmp/cv/" + n + ".gob")
		var o cvOut
		gob.NewDecoder(f).Decode(&o)
		for _, c := range cvCells {
			fmt.Printf("%-8s %-8s %-16s", n, c.ds, headCategory[c.h])
			for f := range cvFolds {
				var sc []float64
				var lb []int8
				for i := range o.IDs {
					if o.Dataset[i] == c.ds && o.Labels[i][c.h] >= 0 && cvFold(o.IDs[i]) == f {
						sc = append(sc, o.Z[c.h][i])
						lb = append(lb, o.Labels[i][c.h])
					}
				}
				fmt.Printf(" %.4f", ROCAUC(sc, lb))
			}
			fmt.Println()
		}
	}
}
