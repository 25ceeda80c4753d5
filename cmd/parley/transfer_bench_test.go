package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkImportDisqus imports a generated Disqus export (gzipped, 100 posts per thread,
// 60% replies, 1% deleted, 1% spam, a fifth guests, one reply in a thousand filed before its
// parent) and reports posts/s and the process's peak RSS. PARLEY_BENCH_POSTS sets the size
// (default 20000); PARLEY_BENCH_FILE keeps the generated file at that path, to time the real
// binary with /usr/bin/time -v. Run with -benchtime=1x: one import is the measurement.
func BenchmarkImportDisqus(b *testing.B) {
	posts := 20000
	if v := os.Getenv("PARLEY_BENCH_POSTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			b.Fatalf("PARLEY_BENCH_POSTS: %v", err)
		}
		posts = n
	}
	dir := b.TempDir()
	path := os.Getenv("PARLEY_BENCH_FILE")
	if path == "" {
		path = filepath.Join(dir, "export.xml.gz")
	}
	if err := writeDisqusExport(path, posts); err != nil {
		b.Fatal(err)
	}
	st, _ := os.Stat(path)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		db := "sqlite:" + filepath.Join(dir, fmt.Sprintf("b%d.db", i))
		start := time.Now()
		err := run(context.Background(), []string{"import", "disqus", path, "--site", "bench", "--db", db, "--quiet"},
			func(string) string { return "" }, strings.NewReader(""), io.Discard, io.Discard)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(posts)/time.Since(start).Seconds(), "posts/s")
	}
	b.ReportMetric(float64(st.Size())/(1<<20), "file-MB")
	if hwm := peakRSS(); hwm > 0 {
		b.ReportMetric(float64(hwm)/(1<<20), "peak-RSS-MB")
	}
}

// peakRSS reads VmHWM (Linux); 0 elsewhere.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// writeDisqusExport streams a synthetic export to path, so the generator's memory does not
// depend on the size either.
func writeDisqusExport(path string, posts int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := gzip.NewWriter(f)
	w := bufio.NewWriterSize(zw, 1<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	const perThread = 100
	threads := (posts + perThread - 1) / perThread
	fmt.Fprint(w, `<?xml version="1.0" encoding="utf-8"?>`+"\n"+`<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">`+"\n")
	t0 := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	for t := 0; t < threads; t++ {
		fmt.Fprintf(w, "<thread dsq:id=\"%d\"><id>p=%d</id><link>https://bench.example/%d/article-%d/</link><title>Article %d</title>"+
			"<createdAt>%s</createdAt><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>\n",
			t+1, t+1, t/1000, t, t, t0.Add(time.Duration(t)*time.Hour).Format(time.RFC3339))
	}
	var held bytes.Buffer // a reply written after the post that follows it
	for p := 0; p < posts; p++ {
		id := p + 1
		thread := p / perThread
		first := thread * perThread
		var parent string
		if held.Len() > 0 {
			parent = fmt.Sprintf("<parent dsq:id=\"%d\"/>", id-1) // the reply that the file lists first
		} else if p > first && rng.IntN(10) < 6 {
			parent = fmt.Sprintf("<parent dsq:id=\"%d\"/>", first+1+rng.IntN(p-first))
		}
		author := fmt.Sprintf("<name>Reader %d</name><isAnonymous>false</isAnonymous><username>reader%d</username>", id%5000, id%5000)
		if rng.IntN(5) == 0 {
			author = fmt.Sprintf("<name>Guest %d</name><isAnonymous>true</isAnonymous>", id%300)
		}
		deleted, spam := rng.IntN(100) == 0, rng.IntN(100) == 0
		var rec bytes.Buffer
		fmt.Fprintf(&rec, "<post dsq:id=\"%d\"><id/><message><![CDATA[<p>Comment %d on article %d: I <b>really</b> think the "+
			"<a href=\"https://ref.example/%d\">report</a> misses the point about item_%d.</p><p>Second paragraph &amp; more.</p>]]></message>"+
			"<createdAt>%s</createdAt><isDeleted>%t</isDeleted><isSpam>%t</isSpam><author>%s</author><thread dsq:id=\"%d\"/>%s</post>\n",
			id, id, thread, id, id, t0.Add(time.Duration(p)*time.Minute).Format(time.RFC3339), deleted, spam, author, thread+1, parent)
		if held.Len() == 0 && p%1000 == 500 && p+1 < posts && (p+1)/perThread == thread {
			held.Write(rec.Bytes()) // written after the next post, which replies to it
			continue
		}
		w.Write(rec.Bytes())
		if held.Len() > 0 {
			w.Write(held.Bytes())
			held.Reset()
		}
	}
	w.Write(held.Bytes())
	fmt.Fprint(w, "</disqus>\n")
	if err := w.Flush(); err != nil {
		return err
	}
	return zw.Close()
}
