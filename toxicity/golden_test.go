package toxicity

import (
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The golden scores pin what the committed model computes, so speed work on normalisation,
// features and rules cannot move a score unnoticed. They were generated from the code before
// the long-comment optimisations (PARLEY_GOLDEN_UPDATE=1 go test -run Golden ./toxicity).
//
//   - testdata/golden-scores.txt.gz: every row of the testdata CSVs, plus ~1,000-character
//     comments glued from them, as float64 scores (compared within 1e-9) and a hash of Explain's
//     spans;
//   - testdata/golden-heldout.txt: when ../shared/data is present, a SHA-256 of the float64 bits
//     of Score and of Explain (scores and spans) on every held-out row and on long comments glued
//     from them (bit-exact: the held-out data is not in the repository, so only a hash can be).
const (
	goldenFile     = "testdata/golden-scores.txt.gz"
	goldenHeldFile = "testdata/golden-heldout.txt"
)

func goldenTexts(t testing.TB) []string {
	var texts []string
	files, _ := filepath.Glob("testdata/*.csv")
	for _, f := range files {
		d, err := LoadData([]string{f})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, e := range d.Examples {
			texts = append(texts, e.Text)
		}
	}
	return append(texts, glue(texts, 1000)...)
}

// glue concatenates texts into comments of about n bytes (cut on a rune boundary), the
// "long comment" shape the throughput target is hardest on.
func glue(texts []string, n int) []string {
	var out []string
	var sb strings.Builder
	for _, s := range texts {
		sb.WriteString(s)
		sb.WriteByte(' ')
		if sb.Len() >= n {
			s := sb.String()
			cut := n
			for cut < len(s) && cut > 0 && s[cut]&0xC0 == 0x80 {
				cut--
			}
			out = append(out, s[:cut])
			sb.Reset()
		}
	}
	return out
}

func scoreVals(s Scores) [5]float64 {
	return [5]float64{s.Toxicity, s.Insult, s.IdentityAttack, s.Threat, s.Profanity}
}

func spanKey(spans []Span) string {
	var b strings.Builder
	for _, sp := range spans {
		fmt.Fprintf(&b, "%d:%d:%s:%s:%v;", sp.Start, sp.End, sp.Text, sp.Category, sp.Weight)
	}
	h := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(h[:8])
}

func TestGoldenScores(t *testing.T) {
	m := Default()
	texts := goldenTexts(t)
	if os.Getenv("PARLEY_GOLDEN_UPDATE") == "1" {
		f, err := os.Create(goldenFile)
		if err != nil {
			t.Fatal(err)
		}
		zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
		w := bufio.NewWriter(zw)
		for _, s := range texts {
			sc, spans := m.Explain(s, 5)
			for _, v := range scoreVals(sc) {
				w.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
				w.WriteByte(' ')
			}
			w.WriteString(spanKey(spans))
			w.WriteByte('\n')
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(goldenFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	i, bad := 0, 0
	for ; sc.Scan(); i++ {
		if i >= len(texts) {
			t.Fatalf("golden file has more rows than the %d texts", len(texts))
		}
		fields := strings.Fields(sc.Text())
		got := scoreVals(m.Score(texts[i]))
		got2, spans := m.Explain(texts[i], 5)
		for c := range 5 {
			want, _ := strconv.ParseFloat(fields[c], 64)
			if math.Abs(got[c]-want) > 1e-9 || math.Abs(scoreVals(got2)[c]-want) > 1e-9 {
				bad++
				if bad <= 10 {
					t.Errorf("row %d %s: got %v (explain %v), want %v: %.80q", i, Categories[c], got[c], scoreVals(got2)[c], want, texts[i])
				}
			}
		}
		if k := spanKey(spans); k != fields[5] && bad < 10 {
			bad++
			t.Errorf("row %d: spans %v changed: %.80q", i, spans, texts[i])
		}
	}
	if i != len(texts) {
		t.Fatalf("golden file has %d rows, want %d", i, len(texts))
	}
}

func TestGoldenHeldout(t *testing.T) {
	d, err := LoadData([]string{filepath.Join(sharedData(t), "toxicity")})
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, e := range d.Examples {
		if SplitOf(e.ID) == SplitHeld {
			texts = append(texts, e.Text)
		}
	}
	texts = append(texts, glue(texts, 1000)...)
	m := Default()
	hs, he := sha256.New(), sha256.New()
	var buf [8]byte
	for _, s := range texts {
		for _, v := range scoreVals(m.Score(s)) {
			binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
			hs.Write(buf[:])
		}
		sc, spans := m.Explain(s, 5)
		for _, v := range scoreVals(sc) {
			binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
			he.Write(buf[:])
		}
		he.Write([]byte(spanKey(spans)))
	}
	got := fmt.Sprintf("%d %x %x\n", len(texts), hs.Sum(nil), he.Sum(nil))
	if os.Getenv("PARLEY_GOLDEN_UPDATE") == "1" {
		if err := os.WriteFile(goldenHeldFile, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(goldenHeldFile)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Fatalf("held-out scores changed:\n got %s want %s", got, want)
	}
}

// TestCachedWordSumsMatchFeatures checks the scoring shortcut (cached n-gram sums per lexicon
// word) against the full feature list that training and Explain use, on every committed text:
// a model whose cache went stale or skipped a word would score differently from what it learned.
func TestCachedWordSumsMatchFeatures(t *testing.T) {
	m := Default()
	s := m.scratch()
	cached := 0
	for _, text := range goldenTexts(t) {
		m.features(text, s)
		full := m.logits(s, false)
		m.extract(text, s, true)
		if s.acc.chSq > 0 {
			cached++
		}
		fast := m.logits(s, false)
		for h := range numHeads {
			if d := math.Abs(full[h] - fast[h]); d > 1e-5*max(1, math.Abs(full[h])) {
				t.Fatalf("%q: head %d logit %v with cached sums, %v from the full features", text, h, fast[h], full[h])
			}
		}
	}
	if cached == 0 {
		t.Fatal("no text used the cached word sums")
	}
}
