package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// stats summarises one load run: completions inside the measured window and their latencies.
type stats struct {
	Conns int `json:"conns"`
	// ThreadComments is the thread's size when the run started: posting gets dearer as it grows.
	ThreadComments int     `json:"thread_comments_at_start,omitempty"`
	Requests       int     `json:"requests"`
	Errors         int     `json:"errors"`
	Seconds        float64 `json:"seconds"`
	PerSec         float64 `json:"per_sec"`
	P50ms          float64 `json:"p50_ms"`
	P99ms          float64 `json:"p99_ms"`
	MaxMs          float64 `json:"max_ms"`
	// Held counts acknowledged posts the moderation policy held for review instead of publishing.
	Held int `json:"held,omitempty"`
}

func (s stats) String() string {
	return fmt.Sprintf("%8.0f/s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  (%d in %.1fs, %d errors, %d conns)",
		s.PerSec, s.P50ms, s.P99ms, s.MaxMs, s.Requests, s.Seconds, s.Errors, s.Conns)
}

// sample is the raw outcome of one load run, kept so that interleaved runs can be merged.
type sample struct {
	conns int
	dur   time.Duration
	lat   []time.Duration
	errs  int
	err   error // the first error, for the report
}

// runLoad runs conns workers, each issuing one request at a time, for warm+dur. Only requests
// that complete after the warm-up and before the end count, which is how requests per second is
// usually defined and treats both servers of a comparison alike. Every latency is kept: at tens
// of thousands of requests per second for seconds, that is a few MB, and the percentiles are exact.
func runLoad(ctx context.Context, conns int, warm, dur time.Duration, newWorker func(i int) func(context.Context) error) sample {
	from := time.Now().Add(warm)
	to := from.Add(dur)
	lat := make([][]time.Duration, conns)
	errs := make([]int, conns)
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	for i := range conns {
		do := newWorker(i)
		wg.Go(func() {
			buf := make([]time.Duration, 0, 4096)
			for ctx.Err() == nil {
				t0 := time.Now()
				if t0.After(to) {
					break
				}
				err := do(ctx)
				t1 := time.Now()
				if t1.Before(from) || t1.After(to) {
					continue
				}
				if err != nil {
					errs[i]++
					once.Do(func() { firstErr = err })
					// A failing server answers fast; do not let errors spin the CPU the other
					// workers need.
					time.Sleep(time.Millisecond)
					continue
				}
				buf = append(buf, t1.Sub(t0))
			}
			lat[i] = buf
		})
	}
	wg.Wait()
	s := sample{conns: conns, dur: dur, lat: slices.Concat(lat...), err: firstErr}
	for _, n := range errs {
		s.errs += n
	}
	if err := ctx.Err(); err != nil {
		s.err = err
	}
	return s
}

// summarize merges runs of the same load into one figure.
func summarize(runs ...sample) (stats, error) {
	var all []time.Duration
	var s stats
	var err error
	for _, r := range runs {
		all = append(all, r.lat...)
		s.Conns, s.Errors, s.Seconds = r.conns, s.Errors+r.errs, s.Seconds+r.dur.Seconds()
		if err == nil {
			err = r.err
		}
	}
	slices.Sort(all)
	s.Requests = len(all)
	if s.Seconds > 0 {
		s.PerSec = math.Round(float64(s.Requests)/s.Seconds*10) / 10
	}
	if len(all) > 0 {
		s.P50ms, s.P99ms, s.MaxMs = ms(percentile(all, 0.50)), ms(percentile(all, 0.99)), ms(all[len(all)-1])
	}
	return s, err
}

// percentile is the nearest-rank percentile of sorted samples.
func percentile(sorted []time.Duration, p float64) time.Duration {
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/1e4) / 100 }

// newTransport keeps one idle keep-alive connection per worker, so a run measures requests and
// not connection set-up. Compression is off so the client sees, and counts, the bytes the server
// sent, and asks for gzip itself as browsers do.
func newTransport(conns int) *http.Transport {
	return &http.Transport{
		MaxIdleConns: conns + 8, MaxIdleConnsPerHost: conns + 8, IdleConnTimeout: time.Minute,
		DisableCompression: true, ForceAttemptHTTP2: false,
	}
}

// api talks to the Parley server the way the widget does.
type api struct {
	base, site, url, title string
	hc                     *http.Client
}

// postReply is what the bench needs from a 201.
type postReply struct {
	Comment struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
	} `json:"comment"`
	Token string `json:"token"`
}

// post creates a comment as the guest the token names, or as a new guest called name. When the
// policy nudges ("are you sure?"), it posts anyway, as an author who disagrees would; the
// comment then waits for review.
func (a *api) post(ctx context.Context, token, name string, parent int64, text string) (postReply, error) {
	body := map[string]any{"site": a.site, "url": a.url, "title": a.title, "text": text}
	if parent != 0 {
		body["parent"] = parent
	}
	if token == "" {
		body["name"] = name
	}
	pr, nudge, err := a.postOnce(ctx, token, body)
	if err == nil && nudge != 0 {
		body["confirm"], body["nudge_id"] = true, nudge
		if pr, nudge, err = a.postOnce(ctx, token, body); err == nil && nudge != 0 {
			err = errors.New("POST comment: nudged again after confirming")
		}
	}
	return pr, err
}

func (a *api) postOnce(ctx context.Context, token string, body map[string]any) (pr postReply, nudge int64, err error) {
	b, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.base+"/api/v1/comments", bytes.NewReader(b))
	if err != nil {
		return pr, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := a.hc.Do(req)
	if err != nil {
		return pr, 0, err
	}
	defer resp.Body.Close()
	rb, err := io.ReadAll(resp.Body)
	if err != nil {
		return pr, 0, err
	}
	if resp.StatusCode == http.StatusUnprocessableEntity {
		var e struct {
			Error struct {
				Code  string `json:"code"`
				Nudge struct {
					ID int64 `json:"id"`
				} `json:"nudge"`
			} `json:"error"`
		}
		if json.Unmarshal(rb, &e) == nil && e.Error.Code == "nudge" && e.Error.Nudge.ID != 0 {
			return pr, e.Error.Nudge.ID, nil
		}
	}
	if resp.StatusCode != http.StatusCreated {
		return pr, 0, fmt.Errorf("POST comment: %s: %s", resp.Status, bytes.TrimSpace(rb))
	}
	if err := json.Unmarshal(rb, &pr); err != nil || pr.Comment.ID == 0 {
		return pr, 0, fmt.Errorf("POST comment: unreadable 201 body %q", rb)
	}
	return pr, 0, nil
}

// pagePath is the thread's page as the widget asks for it; extra is added to the query.
func (a *api) pagePath(extra string) string {
	p := "/api/v1/comments?site=" + queryEscape(a.site) + "&url=" + queryEscape(a.url)
	if extra != "" {
		p += "&" + extra
	}
	return p
}

// get fetches path with gzip accepted and returns the raw body as sent.
func (a *api) get(ctx context.Context, path string, hdr http.Header) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.base+path, nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	for k, v := range hdr {
		req.Header[k] = v
	}
	resp, err := a.hc.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

// decoded undoes the transfer's gzip, if any.
func decoded(resp *http.Response, body []byte) ([]byte, error) {
	if resp.Header.Get("Content-Encoding") != "gzip" {
		return body, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// pageIDs lists every comment id on a page, replies included.
func pageIDs(body []byte) (top []int64, all map[int64]bool, err error) {
	type node struct {
		ID      int64   `json:"id"`
		Replies []*node `json:"replies"`
	}
	var p struct {
		Comments []*node `json:"comments"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, nil, fmt.Errorf("page is not JSON: %w", err)
	}
	all = map[int64]bool{}
	var walk func([]*node)
	walk = func(ns []*node) {
		for _, n := range ns {
			all[n.ID] = true
			walk(n.Replies)
		}
	}
	for _, n := range p.Comments {
		top = append(top, n.ID)
	}
	walk(p.Comments)
	return top, all, nil
}

func queryEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_.~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// benchWords is a vocabulary for comment text; what matters is realistic length and markup, not
// meaning.
var benchWords = strings.Fields(`the budget council report said we should not expect a rise in
	taxes this year but the numbers look different when you read the annex carefully and compare
	them with last spring which was already tight for most families I think the minister has a point
	though transport schools hospitals pensions housing rent energy prices inflation wages jobs
	really honestly frankly apparently interesting agree disagree source data chart figure because
	however although meanwhile anyway perhaps clearly obviously local national city region`)

// commentText is 50–600 characters of prose with the Markdown readers actually use: emphasis,
// links, code, quotes, paragraphs and @mentions.
func commentText(r *rand.Rand) string {
	target := 50 + r.IntN(551)
	// One comment in eight carries a link: a new account's link is held for review, as it should be.
	link := r.IntN(8) == 0
	var b strings.Builder
	switch r.IntN(10) {
	case 0:
		b.WriteString("> quoting the article here\n\n")
	case 1:
		// Replies often address someone; mentions are rendered as links to thread participants.
		b.WriteString("@" + benchGuests[r.IntN(len(benchGuests))] + " ")
	}
	for b.Len() < target {
		w := benchWords[r.IntN(len(benchWords))]
		switch r.IntN(30) {
		case 0:
			w = "*" + w + "*"
		case 1:
			w = "**" + w + "**"
		case 2:
			w = "`" + w + "`"
		case 3:
			if link {
				w, link = "["+w+"](https://example.org/"+w+")", false
			}
		}
		sep := " "
		if b.Len() == 0 || strings.HasSuffix(b.String(), "\n") || strings.HasSuffix(b.String(), " ") {
			sep = ""
		} else if r.IntN(25) == 0 {
			sep = ".\n\n"
		}
		if b.Len()+len(sep)+len(w) > 600 {
			break
		}
		b.WriteString(sep)
		b.WriteString(w)
	}
	if b.Len() < 50 {
		b.WriteString(strings.Repeat(" and so on", (50-b.Len())/10+1))
	}
	return b.String()
}
