package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"parley/server"
)

// openStream opens a live-update stream as the client behind xff (no header when empty) and
// returns its status; an open stream stays open until the test ends.
func (e *env) openStream(xff string) (int, apiError) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	e.t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", e.url+"/api/v1/stream?site=news&url="+article, nil)
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { res.Body.Close() })
	var ae apiError
	if res.StatusCode == http.StatusOK {
		bufio.NewReader(res.Body).ReadString('\n') // subscribed once the first line is out
	} else {
		json.NewDecoder(res.Body).Decode(&ae)
	}
	return res.StatusCode, ae
}

func TestStreamsAreCappedPerAddress(t *testing.T) {
	e := newEnvWith(t, func(c *server.Config) { c.MaxStreamsPerAddr = 2 })
	for i := range 2 {
		if code, _ := e.openStream(""); code != http.StatusOK {
			t.Fatalf("stream %d: status %d", i+1, code)
		}
	}
	code, ae := e.openStream("")
	if code != http.StatusTooManyRequests || ae.Error.Code != "rate_limited" {
		t.Fatalf("third stream from one address: %d %+v, want 429 rate_limited", code, ae)
	}
	// The header is anyone's to write: with no trusted proxy it changes nothing.
	if code, _ := e.openStream("203.0.113.9"); code != http.StatusTooManyRequests {
		t.Fatalf("a forged X-Forwarded-For escaped the cap: %d", code)
	}
}

func TestForwardedForIsBelievedOnlyFromTrustedProxies(t *testing.T) {
	proxies, err := server.ParseProxies("127.0.0.1, ::1/128")
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvWith(t, func(c *server.Config) { c.MaxStreamsPerAddr, c.TrustedProxies = 1, proxies })
	// In order: each stream stays open, so later ones count against earlier ones.
	for _, c := range []struct {
		xff  string
		want int
		why  string
	}{
		{"198.51.100.7", http.StatusOK, "first reader"},
		{"198.51.100.7", http.StatusTooManyRequests, "the same reader again"},
		// Another reader behind the same balancer has a cap of their own.
		{"198.51.100.8", http.StatusOK, "second reader"},
		// A client that prepends a forged address is still counted by the one the proxy appended.
		{"192.0.2.1, 198.51.100.7", http.StatusTooManyRequests, "forged hop accepted"},
		// Hops added by trusted proxies are skipped: the reader is the last untrusted one.
		{"198.51.100.7, 127.0.0.1", http.StatusTooManyRequests, "trusted hop not skipped"},
		// A garbled chain counts against the proxy itself, never against a made-up reader.
		{"not-an-ip", http.StatusOK, "garbled chain, first time"},
		{"also garbage", http.StatusTooManyRequests, "garbled chain, second time (each garbled header became its own reader)"},
	} {
		if code, _ := e.openStream(c.xff); code != c.want {
			t.Fatalf("%s: X-Forwarded-For %q got %d, want %d", c.why, c.xff, code, c.want)
		}
	}
}

func TestParseProxies(t *testing.T) {
	for _, bad := range []string{"10.0.0.0/33", "example.com", "10.0.0.1/x"} {
		if _, err := server.ParseProxies(bad); err == nil {
			t.Errorf("ParseProxies(%q) accepted", bad)
		}
	}
	ps, err := server.ParseProxies(" 10.0.0.0/8 ,,192.168.1.5, fd00::/8")
	if err != nil || len(ps) != 3 || ps[1].Bits() != 32 {
		t.Fatalf("ParseProxies: %v %v", ps, err)
	}
}
