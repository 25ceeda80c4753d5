package toxicity

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"testing"
)

// TestExperiment is a tuning harness, run by hand: TOX_EXP=1 go test -run Experiment.
// It reports AUCs on the calibration split, never the held-out split.
func TestExperiment(t *testing.T) {
	if os.Getenv("TOX_EXP") == "" {
		t.Skip("tuning harness; set TOX_EXP=1")
	}
	d, err := LoadData([]string{sharedData(t)})
	if err != nil {
		t.Fatal(err)
	}
	cfg := envConfig()
	// The refit trains on the calibration rows, so it would flatter a calibration-split score.
	cfg.Refit = os.Getenv("HELD") != "" && os.Getenv("NOREFIT") == ""
	if v := os.Getenv("TIE"); v != "" {
		tieBreak, _ = strconv.ParseFloat(v, 64)
	}
	m, err := Train(d.Examples, d.Cuss, cfg)
	if err != nil {
		t.Fatal(err)
	}
	evalSplit := SplitCalib
	if os.Getenv("HELD") != "" {
		evalSplit = SplitHeld // for the final figures only, never for choosing a variant
	}
	var cal []Example
	for _, e := range d.Examples {
		if SplitOf(e.ID) == evalSplit {
			cal = append(cal, e)
		}
	}
	for _, r := range Evaluate(m, cal) {
		fmt.Printf("%-10s %-16s ap %.4f auc %.4f\n", r.Dataset, r.Category, r.AP, r.AUC)
	}
	for _, name := range []string{"functional.csv", "blind.csv", "blind2.csv", "civil.csv"} {
		for _, r := range Evaluate(m, readSample(t, name)) {
			if r.Category != Threat {
				fmt.Printf("set %-10s %-16s acc %.3f\n", r.Dataset, r.Category, r.Accuracy)
			}
		}
	}
	// Linear heads alone.
	s := m.scratch()
	for h := range numHeads {
		for _, ds := range []string{"davidson", "olid"} {
			var sc []float64
			var lb []int8
			for _, e := range cal {
				if e.Dataset != ds || e.Labels[h] < 0 {
					continue
				}
				m.features(e.Text, s)
				z := m.logits(s, false)
				sc = append(sc, z[h])
				lb = append(lb, e.Labels[h])
			}
			fmt.Printf("linear %-8s %-16s auc %.4f\n", ds, headCategory[h], ROCAUC(sc, lb))
		}
	}
}

// TestPeek lists the calibration-split hate tweets scored lowest, to see what the model misses.
func TestPeek(t *testing.T) {
	if os.Getenv("TOX_EXP") == "" {
		t.Skip("tuning harness; set TOX_EXP=1")
	}
	d, err := LoadData([]string{sharedData(t) + "/toxicity"})
	if err != nil {
		t.Fatal(err)
	}
	m := Default()
	type r struct {
		s float64
		t string
	}
	var pos, neg []r
	for _, e := range d.Examples {
		if SplitOf(e.ID) != SplitCalib || e.Dataset != "davidson" {
			continue
		}
		sc := m.Score(e.Text).IdentityAttack
		if e.Labels[headIdentity] == 1 {
			pos = append(pos, r{sc, e.Text})
		} else {
			neg = append(neg, r{sc, e.Text})
		}
	}
	sort.Slice(pos, func(i, j int) bool { return pos[i].s < pos[j].s })
	sort.Slice(neg, func(i, j int) bool { return neg[i].s > neg[j].s })
	for _, x := range pos[:25] {
		fmt.Printf("POS %.3f %q\n", x.s, x.t)
	}
	for _, x := range neg[:25] {
		fmt.Printf("NEG %.3f %q\n", x.s, x.t)
	}
}

// envConfig is DefaultTrainConfig with the harness's environment knobs applied.
func envConfig() TrainConfig {
	cfg := DefaultTrainConfig()
	if v := os.Getenv("EPOCHS"); v != "" {
		cfg.Epochs, _ = strconv.Atoi(v)
	}
	if v := os.Getenv("LR"); v != "" {
		cfg.LR, _ = strconv.ParseFloat(v, 64)
	}
	if v := os.Getenv("L2"); v != "" {
		cfg.L2, _ = strconv.ParseFloat(v, 64)
	}
	if v := os.Getenv("BITS"); v != "" {
		b, _ := strconv.Atoi(v)
		cfg.Bits = uint8(b)
	}
	if v := os.Getenv("SYNTHW"); v != "" {
		cfg.SynthW, _ = strconv.ParseFloat(v, 64)
	}
	cfg.DSBias = os.Getenv("NODSBIAS") == ""
	cfg.IDF = os.Getenv("IDF") != ""
	if v := os.Getenv("BLOCKW"); v != "" {
		fmt.Sscanf(v, "%g,%g,%g", &cfg.BlockW[0], &cfg.BlockW[1], &cfg.BlockW[2])
	}
	cfg.IDOnlyDav = os.Getenv("NOIDDAV") == ""
	cfg.NoSynth = os.Getenv("NOSYNTH") != ""
	if os.Getenv("PRIOR") != "" {
		fmt.Sscanf(os.Getenv("PRIOR"), "%g,%g,%g", &cfg.Prior[0], &cfg.Prior[1], &cfg.Prior[2])
	}
	if v := os.Getenv("SQ"); v != "" {
		squashK, _ = strconv.ParseFloat(v, 64)
	}
	if v := os.Getenv("SGDH"); v != "" {
		fmt.Sscanf(v, "%d,%d,%d", &cfg.SGD[0], &cfg.SGD[1], &cfg.SGD[2])
	}
	if v := os.Getenv("SGDALPHA"); v != "" {
		cfg.SGDAlpha, _ = strconv.ParseFloat(v, 64)
	}
	if v := os.Getenv("SOFT"); v != "" {
		fmt.Sscanf(v, "%g,%g,%g", &cfg.Soft[0], &cfg.Soft[1], &cfg.Soft[2])
	}
	if v := os.Getenv("POSW"); v != "" {
		fmt.Sscanf(v, "%g,%g,%g", &cfg.PosW[0], &cfg.PosW[1], &cfg.PosW[2])
	}
	if v := os.Getenv("IDFBLEND"); v != "" {
		fmt.Sscanf(v, "%g,%g,%g", &cfg.IDFBlend[0], &cfg.IDFBlend[1], &cfg.IDFBlend[2])
	}
	if v := os.Getenv("NBBLEND"); v != "" {
		fmt.Sscanf(v, "%g,%g,%g", &cfg.NBBlend[0], &cfg.NBBlend[1], &cfg.NBBlend[2])
	}
	if v := os.Getenv("OLIDW"); v != "" {
		fmt.Sscanf(v, "%g,%g,%g", &cfg.OLIDW[0], &cfg.OLIDW[1], &cfg.OLIDW[2])
	}
	if v := os.Getenv("ADAPT"); v != "" {
		var a [3]int
		fmt.Sscanf(v, "%d,%d,%d", &a[0], &a[1], &a[2])
		for h := range numHeads {
			cfg.Adapt[h] = a[h] != 0
		}
	}
	if v := os.Getenv("MIX"); v != "" {
		fmt.Sscanf(v, "%g,%g", &cfg.AdaptMix[0], &cfg.AdaptMix[1])
	}
	if v := os.Getenv("NB"); v != "" {
		fmt.Sscanf(v, "%g,%g,%g", &cfg.NB[0], &cfg.NB[1], &cfg.NB[2])
	}
	if v := os.Getenv("SGDEPOCH"); v != "" {
		cfg.SGDEpoch, _ = strconv.Atoi(v)
	}
	if v := os.Getenv("SGDLR"); v != "" {
		cfg.SGDLR, _ = strconv.ParseFloat(v, 64)
	}
	ratioKind = os.Getenv("RATIOKIND")
	if v := os.Getenv("VOCABMIN"); v != "" {
		cfg.VocabMin, _ = strconv.Atoi(v)
	}
	return cfg
}
