package toxicity

import "sort"

// EvalResult is one dataset × category row of an evaluation.
type EvalResult struct {
	Dataset  string
	Category Category
	N, Pos   int
	AUC, AP  float64
	Accuracy float64 // at the 0.5 decision point
}

// Evaluate scores every example and reports, per dataset and per category the dataset labels,
// ROC-AUC, average precision and accuracy at 0.5.
func Evaluate(m *Model, ex []Example) []EvalResult {
	type key struct {
		ds  string
		cat int
	}
	scores := map[key][]float64{}
	labels := map[key][]int8{}
	for i := range ex {
		e := &ex[i]
		sc := m.Score(e.Text)
		for c, cat := range Categories {
			if e.Labels[c] < 0 {
				continue
			}
			k := key{e.Dataset, c}
			scores[k] = append(scores[k], sc.Get(cat))
			labels[k] = append(labels[k], e.Labels[c])
		}
	}
	keys := make([]key, 0, len(scores))
	for k := range scores {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].ds != keys[j].ds {
			return keys[i].ds < keys[j].ds
		}
		return keys[i].cat < keys[j].cat
	})
	var out []EvalResult
	for _, k := range keys {
		s, l := scores[k], labels[k]
		r := EvalResult{Dataset: k.ds, Category: Categories[k.cat], N: len(s), AUC: ROCAUC(s, l), AP: AveragePrecision(s, l)}
		correct := 0
		for i := range s {
			if l[i] == 1 {
				r.Pos++
			}
			if (s[i] >= 0.5) == (l[i] == 1) {
				correct++
			}
		}
		r.Accuracy = float64(correct) / float64(len(s))
		out = append(out, r)
	}
	return out
}
