package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestBenchHarness runs a tiny bench end to end against the real binary, so the kill -9 is real.
// It proves the harness works and that the correctness checks pass; it asserts no speed, which
// depends on the machine.
func TestBenchHarness(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the parley binary and runs a small bench")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is needed to build the server binary")
	}
	bin := filepath.Join(t.TempDir(), "parley")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	err = run(ctx, []string{"bench", "--server-bin", bin, "--comments", "50", "--duration", "1s", "--warmup", "100ms",
		"--conns", "4", "--rounds", "1", "--fresh-checks", "20", "--kill-after", "500ms"},
		func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
	if err != nil {
		t.Fatalf("bench: %v\nstderr:\n%s", err, stderr.String())
	}
	var rep benchReport
	dec := json.NewDecoder(&stdout)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("stdout is not the JSON report: %v", err)
	}
	if dec.More() {
		t.Fatal("stdout holds more than one JSON object")
	}
	if rep.Comments != 50 || rep.Page.Bytes == 0 || rep.Page.Path == "" {
		t.Errorf("report does not describe the page: %+v", rep.Page)
	}
	for name, s := range map[string]stats{"Parley reads": rep.Page.Parley, "bare reads": rep.Page.Bare,
		"concurrent posts": rep.Posts.Concurrent, "single posts": rep.Posts.Single} {
		if s.Requests == 0 || s.Errors != 0 {
			t.Errorf("%s: %d requests, %d errors", name, s.Requests, s.Errors)
		}
	}
	if f := rep.Freshness; f.Checks < 20 || f.Stale != 0 || f.Errors != 0 {
		t.Errorf("freshness: %+v", f)
	}
	if d := rep.Durability; d.Acknowledged == 0 || d.Present != d.Acknowledged {
		t.Errorf("durability: %+v", d)
	}
	for _, want := range []string{"bare net/http", "ratio", "present after kill -9"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("summary on stderr lacks %q:\n%s", want, stderr.String())
		}
	}
}

// fakeParley acknowledges every post with a new id but serves the same page forever: the cache
// bug the freshness check exists to catch.
func fakeParley(t *testing.T) *httptest.Server {
	var next atomic.Int64
	next.Store(1000)
	page := []byte(`{"thread":{"id":1},"count":1,"comments":[{"id":1,"replies":[{"id":2}]}],"next":null}`)
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			io.Copy(io.Discard, r.Body)
			w.WriteHeader(http.StatusCreated)
			fmt.Fprintf(w, `{"comment":{"id":%d,"status":"published"},"token":"t"}`, next.Add(1))
			return
		}
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Write(page)
	}))
}

func TestFreshnessCheckCatchesAStaleCache(t *testing.T) {
	srv := fakeParley(t)
	defer srv.Close()
	a := &api{base: srv.URL, site: "s", url: "https://x.example/", hc: srv.Client()}
	res, err := checkFreshness(context.Background(), a, []int64{1}, 10, 1)
	if err != nil {
		t.Fatal(err)
	}
	if res.Checks < 10 || res.Stale != 2*res.Checks || len(res.First) == 0 {
		t.Fatalf("a page that never changes must fail both reads of every check: %+v", res)
	}
}

func TestDurabilityCheckCatchesLostPosts(t *testing.T) {
	srv := fakeParley(t)
	a := &api{base: srv.URL, site: "s", url: "https://x.example/", hc: srv.Client()}
	db := filepath.Join(t.TempDir(), "empty.db")
	if err := prepareBenchDB(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	// The fake stores nothing, so every acknowledged post is "lost".
	res, err := checkDurability(context.Background(), srv.Close, a, db, 2, 50*time.Millisecond, []int64{1}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if res.Acknowledged == 0 || res.Present != 0 || len(res.Missing) != res.Acknowledged {
		t.Fatalf("posts absent from the database must be reported missing: %+v", res)
	}
}

func TestCommentTextIsRealistic(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	markdown := 0
	for range 2000 {
		s := commentText(r)
		if len(s) < 50 || len(s) > 600 || s != strings.TrimSpace(s) {
			t.Fatalf("comment text of %d characters, or with surrounding space: %q", len(s), s)
		}
		if strings.ContainsAny(s, "*`[>@") {
			markdown++
		}
	}
	if markdown < 500 {
		t.Fatalf("only %d of 2000 comments use any Markdown", markdown)
	}
}

func TestPercentileIsNearestRank(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i))
	}
	if p50, p99 := percentile(d, 0.5), percentile(d, 0.99); p50 != 50 || p99 != 99 {
		t.Fatalf("p50 %d, p99 %d; want 50 and 99", p50, p99)
	}
	if got := percentile(d[:1], 0.99); got != 1 {
		t.Fatalf("p99 of one sample = %d", got)
	}
}
