package toxicity

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkScoreLong scores comments of about 1,000 characters, the top of the "typical comment"
// range in the throughput target. They are glued from the full training files when
// ../shared/data is present: tens of thousands of distinct comments touch the 4 MB weight table
// the way `parley score --csv` does, where the few dozen built from the committed samples stay
// in cache and flatter the memory-bound parts.
func BenchmarkScoreLong(b *testing.B) {
	files := []string{"testdata/olid-sample.csv", "testdata/davidson-sample.csv"}
	if _, err := os.Stat(longShared); err == nil {
		files = []string{longShared}
	}
	var texts []string
	for _, f := range files {
		d, err := LoadData([]string{f})
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range d.Examples {
			texts = append(texts, e.Text)
		}
	}
	texts = glue(texts, 1000)
	m := Default()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		m.Score(texts[i%len(texts)])
	}
}

var longShared = filepath.Join("..", "..", "shared", "data", "toxicity")

// Scoring runs on every post: it must not allocate per comment (garbage collection would then
// take a share of every spam wave). One scratch is used directly: the pool behind Score drops
// items on purpose under the race detector. The bound is one allocation per ten texts, where a
// per-word or per-token allocation gives dozens.
func TestScoreAllocatesNothing(t *testing.T) {
	m := Default()
	texts := glue(goldenTexts(t), 1000)
	sc := m.scratch()
	for _, s := range texts {
		m.score(s, sc, false) // grow the scratch slices
	}
	allocs := testing.AllocsPerRun(3, func() {
		for _, s := range texts {
			m.score(s, sc, false)
		}
	})
	if allocs > float64(len(texts))/10 {
		t.Fatalf("%v allocations scoring %d texts", allocs, len(texts))
	}
	t.Logf("%v allocations scoring %d texts of about 1,000 characters", allocs, len(texts))
}
