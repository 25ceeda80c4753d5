package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestParseArgsTakesFlagsAnywhere(t *testing.T) {
	cases := []struct {
		args []string
		site string
		pos  []string
	}{
		{[]string{"disqus", "f.xml", "--site", "x"}, "x", []string{"disqus", "f.xml"}},
		{[]string{"--site", "x", "disqus", "f.xml"}, "x", []string{"disqus", "f.xml"}},
		{[]string{"disqus", "--site=x", "f.xml"}, "x", []string{"disqus", "f.xml"}},
		{[]string{"a", "--", "--site", "b"}, "", []string{"a", "--site", "b"}},
		{[]string{"-", "--site", "y"}, "y", []string{"-"}},
	}
	for _, c := range cases {
		e := &env{stderr: io.Discard}
		fs := newFlagSet(e, "t", "t")
		site := fs.String("site", "", "")
		pos, err := parseArgs(fs, c.args)
		if err != nil || *site != c.site || !reflect.DeepEqual(pos, c.pos) {
			t.Errorf("parseArgs(%q) = %q site %q err %v; want %q site %q", c.args, pos, *site, err, c.pos, c.site)
		}
	}
}

func runParley(args ...string) (string, string, error) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestHelpAndErrors(t *testing.T) {
	out, errOut, err := runParley("--help")
	if !errors.Is(err, flag.ErrHelp) || out != "" || !strings.Contains(errOut, "serve") {
		t.Fatalf("--help: err %v, stdout %q, stderr %q", err, out, errOut)
	}
	_, errOut, err = runParley("serve", "--help")
	if !errors.Is(err, flag.ErrHelp) || !strings.Contains(errOut, "PARLEY_ADDR") || !strings.Contains(errOut, "PARLEY_DB") ||
		!strings.Contains(errOut, "PARLEY_BASE_URL") || !strings.Contains(errOut, "PARLEY_SITES") {
		t.Fatalf("serve --help must name every flag's variable: %q", errOut)
	}
	if _, _, err := runParley("frobnicate"); err == nil || !strings.Contains(err.Error(), "frobnicate") {
		t.Fatalf("unknown command: %v", err)
	}
	if _, _, err := runParley("serve", "--site", "bad id!"); err == nil {
		t.Fatal("a bad --site value was accepted")
	}
	if _, _, err := runParley("serve", "--db", "mysql://x", "--addr", "127.0.0.1:0"); err == nil || !strings.Contains(err.Error(), "mysql") {
		t.Fatalf("unknown database: %v", err)
	}
}

func TestServeAnswersHealthAndDemo(t *testing.T) {
	base := startServe(t, "--site", "news=https://news.example")
	for _, path := range []string{"/healthz", "/", "/embed.js", "/counts.js"} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || len(body) == 0 {
			t.Fatalf("GET %s: %d (%d bytes)", path, res.StatusCode, len(body))
		}
		if path == "/" && !strings.Contains(string(body), base+"/embed.js") {
			t.Fatalf("demo page does not load the widget from %s", base)
		}
	}
}
