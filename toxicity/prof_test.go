package toxicity

import (
	"strings"
	"testing"
)

// BenchmarkScoreLong scores comments of about 1,000 characters built from the committed sample,
// the top of the "typical comment" range in the throughput target.
func BenchmarkScoreLong(b *testing.B) {
	var ex []Example
	for _, f := range []string{"testdata/olid-sample.csv", "testdata/davidson-sample.csv"} {
		d, err := LoadData([]string{f})
		if err != nil {
			b.Fatal(err)
		}
		ex = append(ex, d.Examples...)
	}
	var texts []string
	var sb strings.Builder
	for _, e := range ex {
		sb.WriteString(e.Text)
		sb.WriteByte(' ')
		if sb.Len() >= 1000 {
			texts = append(texts, sb.String()[:1000])
			sb.Reset()
		}
	}
	m := Default()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		m.Score(texts[i%len(texts)])
	}
}
