package widget

import (
	"bytes"
	"compress/gzip"
	"os/exec"
	"strings"
	"testing"
)

// The widget loads on every article view, so its compressed size is a budget, not a guideline.
const maxEmbedGzip = 30 << 10

func TestEmbedSizeBudget(t *testing.T) {
	b, ok := Script("embed.js")
	if !ok {
		t.Fatal("embed.js missing")
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	t.Logf("embed.js: %d bytes, %d gzipped", len(b), buf.Len())
	if buf.Len() > maxEmbedGzip {
		t.Fatalf("embed.js is %d bytes gzipped, budget %d", buf.Len(), maxEmbedGzip)
	}
}

func TestScripts(t *testing.T) {
	for _, name := range []string{"embed.js", "counts.js"} {
		b, ok := Script(name)
		if !ok || len(bytes.TrimSpace(b)) == 0 {
			t.Fatalf("%s: missing or empty", name)
		}
		if !bytes.Contains(b, []byte(`"use strict"`)) {
			t.Errorf("%s: not in strict mode", name)
		}
	}
	for _, name := range []string{"demo.html", "widget.go", "../go.mod", ""} {
		if _, ok := Script(name); ok {
			t.Errorf("Script(%q) served a file that is not a public script", name)
		}
	}
}

// TestScriptsParse runs Node's syntax check when Node is installed; the scripts have no build
// step, so a stray brace would otherwise only show up in a browser.
func TestScriptsParse(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed; skipping JavaScript syntax check")
	}
	for _, name := range []string{"embed.js", "counts.js"} {
		out, err := exec.Command(node, "--check", name).CombinedOutput()
		if err != nil {
			t.Errorf("node --check %s: %v\n%s", name, err, out)
		}
	}
}

func TestRenderDemo(t *testing.T) {
	var buf bytes.Buffer
	err := RenderDemo(&buf, Demo{BaseURL: "https://comments.example", SiteID: "demo", PageURL: "https://news.example/cycle-lane"})
	if err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		`<div id="parley-comments"></div>`,
		`<script src="https://comments.example/embed.js" data-site="demo" data-url="https://news.example/cycle-lane" async></script>`,
		`<script src="https://comments.example/counts.js" data-site="demo" async></script>`,
		`data-parley-count="https://news.example/cycle-lane"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo page lacks %s", want)
		}
	}
}

func TestRenderDemoEscapes(t *testing.T) {
	var buf bytes.Buffer
	err := RenderDemo(&buf, Demo{
		BaseURL: `javascript:alert(1)//`,
		SiteID:  `x" onload="alert(2)`,
		PageURL: `https://news.example/"><script>alert(3)</script>`,
	})
	if err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, bad := range []string{`<script>alert(3)`, `"><script>`, `onload="alert(2)`, `src="javascript:`} {
		if strings.Contains(out, bad) {
			t.Errorf("hostile value reached the page unescaped: %s", bad)
		}
	}
	if strings.Count(out, "<script") != 2 {
		t.Errorf("want exactly the two widget scripts, page has %d <script tags", strings.Count(out, "<script"))
	}
}
