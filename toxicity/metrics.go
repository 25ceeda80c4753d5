package toxicity

import "sort"

// ROCAUC returns the area under the ROC curve of scores against 0/1 labels, counting ties as
// half, or NaN-free 0.5 when one class is missing.
func ROCAUC(scores []float64, labels []int8) float64 {
	idx := order(scores)
	var npos, nneg float64
	for _, y := range labels {
		if y == 1 {
			npos++
		} else {
			nneg++
		}
	}
	if npos == 0 || nneg == 0 {
		return 0.5
	}
	// Sum of positive ranks with average ranks for ties (Mann–Whitney U).
	rankSum := 0.0
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && scores[idx[j]] == scores[idx[i]] {
			j++
		}
		avg := float64(i+j+1) / 2
		for k := i; k < j; k++ {
			if labels[idx[k]] == 1 {
				rankSum += avg
			}
		}
		i = j
	}
	return (rankSum - npos*(npos+1)/2) / (npos * nneg)
}

// AveragePrecision returns the mean of precision at each positive, ranking by descending score
// (ties broken pessimistically: negatives first).
func AveragePrecision(scores []float64, labels []int8) float64 {
	idx := order(scores)
	// order is ascending; walk from the top.
	tp, seen, sum, npos := 0.0, 0.0, 0.0, 0.0
	for _, y := range labels {
		if y == 1 {
			npos++
		}
	}
	if npos == 0 {
		return 0
	}
	for i := len(idx) - 1; i >= 0; {
		j := i
		grpPos := 0.0
		for j >= 0 && scores[idx[j]] == scores[idx[i]] {
			if labels[idx[j]] == 1 {
				grpPos++
			}
			j--
		}
		grpN := float64(i - j)
		seen += grpN
		tp += grpPos
		sum += grpPos * tp / seen
		i = j
	}
	return sum / npos
}

func order(scores []float64) []int {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] < scores[idx[b]] })
	return idx
}
