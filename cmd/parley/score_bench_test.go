package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"parley/internal/sharedtest"
	"parley/toxicity"
)

// BenchmarkScoreCSV is the throughput target's measurement: `parley score --csv -` in process at
// GOMAXPROCS=1, CSV parsing and JSON output included, model loading excluded. Each row is a
// distinct text glued from the shuffled training tweets, so the weight tables are touched the
// way a real stream touches them (a few texts repeated would stay in cache). Two length
// profiles:
//   - 1000chars: every comment 1,000 characters, the top of the "typical comment" range;
//   - thread: lengths drawn from the real news thread in ../shared/fixtures (57 comments, mean
//     about 300 characters, median 141), capped at 1,000.
//
// go test -run '^$' -bench ScoreCSV -benchtime 3x ./cmd/parley
func BenchmarkScoreCSV(b *testing.B) {
	texts := benchTweets(b)
	lengths := threadLengths(b)
	toxicity.Default() // load once, outside the timer, as start-up is excluded
	for _, tc := range []struct {
		name   string
		length func(i int) int
	}{
		{"1000chars", func(int) int { return 1000 }},
		{"thread", func(i int) int { return min(1000, lengths[i%len(lengths)]) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			const rows = 10000
			in, chars := gluedCSV(texts, rows, tc.length)
			prev := runtime.GOMAXPROCS(1)
			defer runtime.GOMAXPROCS(prev)
			var elapsed time.Duration
			for b.Loop() {
				start := time.Now()
				err := run(context.Background(), []string{"score", "--csv", "-"}, func(string) string { return "" },
					bytes.NewReader(in), io.Discard, io.Discard)
				elapsed += time.Since(start)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows*b.N)/elapsed.Seconds(), "comments/s")
			b.ReportMetric(float64(chars)/rows, "chars/comment")
		})
	}
}

// benchTweets returns every training tweet, shuffled with a fixed seed.
func benchTweets(b *testing.B) []string {
	dir := sharedtest.Path(b, "data", "toxicity")
	var texts []string
	for _, name := range []string{"davidson-tweets-train.csv", "olid-tweets-train.csv"} {
		f, err := os.Open(dir + "/" + name)
		if err != nil {
			b.Fatal(err)
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			b.Fatalf("%s: %v", name, err)
		}
		col := -1
		for i, h := range recs[0] {
			if h == "text" {
				col = i
			}
		}
		if col < 0 {
			b.Fatalf("%s: no text column", name)
		}
		for _, r := range recs[1:] {
			texts = append(texts, r[col])
		}
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(texts), func(i, j int) { texts[i], texts[j] = texts[j], texts[i] })
	return texts
}

// threadLengths returns the length in characters of each comment of the real Disqus thread,
// markup included, as a reader's comment arrives.
func threadLengths(b *testing.B) []int {
	f, err := os.Open(sharedtest.Path(b, "fixtures", "disqus-syrian-war-report.xml"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var export struct {
		Posts []struct {
			Message string `xml:"message"`
		} `xml:"post"`
	}
	if err := xml.NewDecoder(f).Decode(&export); err != nil {
		b.Fatal(err)
	}
	var lengths []int
	for _, p := range export.Posts {
		if n := utf8.RuneCountInString(p.Message); n > 0 {
			lengths = append(lengths, n)
		}
	}
	if len(lengths) == 0 {
		b.Fatal("no comments in the thread fixture")
	}
	return lengths
}

// gluedCSV builds an id,text CSV of rows texts, row i glued from consecutive tweets and cut to
// length(i) characters, and returns it with the total number of characters.
func gluedCSV(tweets []string, rows int, length func(int) int) ([]byte, int) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"id", "text"})
	next, chars := 0, 0
	var sb strings.Builder
	for i := range rows {
		sb.Reset()
		want := length(i)
		for utf8.RuneCountInString(sb.String()) < want {
			if sb.Len() > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(tweets[next%len(tweets)])
			next++
		}
		text := []rune(sb.String())[:want]
		chars += len(text)
		w.Write([]string{strconv.Itoa(i), string(text)})
	}
	w.Flush()
	return buf.Bytes(), chars
}
