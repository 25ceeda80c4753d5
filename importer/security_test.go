package importer

import (
	"parley/internal/htmltest"
	"strings"
	"testing"

	"parley"
	"parley/markup"
)

// A thread's URL is shown to moderators as a link and handed to every API client; from a
// Parley file it must be an absolute http(s) URL like one the live API accepts, or the line
// is refused.
func TestParleyThreadURLMustBeHTTP(t *testing.T) {
	for _, u := range []string{"javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "//evil.example/", "not a url"} {
		in := "{\"type\":\"site\",\"id\":\"s\"}\n{\"type\":\"thread\",\"id\":1,\"key\":\"k\",\"url\":\"" + strings.ReplaceAll(u, `"`, `\"`) + "\"}"
		var got collect
		err := ReadParley(strings.NewReader(in), &got)
		le, ok := err.(*LineError)
		if !ok || le.Line != 2 || !strings.Contains(le.Msg, "url") {
			t.Errorf("thread url %q: %v, threads %+v", u, err, got.threads)
		}
	}
	in := "{\"type\":\"site\",\"id\":\"s\"}\n{\"type\":\"thread\",\"id\":1,\"key\":\"k\",\"url\":\"https://news.example/a#c5\"}"
	var got collect
	if err := ReadParley(strings.NewReader(in), &got); err != nil || len(got.threads) != 1 || got.threads[0].URL != "https://news.example/a" {
		t.Fatalf("a good thread url: %v %+v", err, got.threads)
	}
}

// The per-record bound must count markup too: a record of nothing but nested empty elements or
// huge attributes holds no text, yet costs memory all the same.
func TestRecordBoundCountsMarkup(t *testing.T) {
	for name, body := range map[string]string{
		"nested elements": strings.Repeat("<x>", maxElementBytes/3+1) + strings.Repeat("</x>", maxElementBytes/3+1),
		"attributes":      `<x a="` + strings.Repeat("a", maxElementBytes+1) + `"/>`,
	} {
		in := `<disqus><post dsq:id="1" xmlns:dsq="x">` + body + `</post></disqus>`
		err := ReadDisqus(strings.NewReader(in), &collect{})
		if le, ok := err.(*LineError); !ok || !strings.Contains(le.Msg, "MB") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// Whatever HTML an export carries, what the converter makes of it renders to nothing active.
func TestImportedHTMLRendersInert(t *testing.T) {
	r := markup.New()
	for _, h := range []string{
		`<script>alert(1)</script>`, `<img src=x onerror=alert(1)>`, `<a href="javascript:alert(1)">x</a>`,
		`<a href="jav&#x09;ascript:alert(1)">x</a>`, `<a href="JAVASCRIPT:alert(1)">x</a>`, `<iframe src="https://evil.example"></iframe>`,
		`<svg onload=alert(1)>`, `<a href="https://ok.example" onclick="alert(1)">ok</a>`, `<img src="data:image/svg+xml,<svg onload=alert(1)>">`,
		`<style>*{display:none}</style>`, `<b>&lt;script&gt;alert(1)&lt;/script&gt;</b>`, `<a href="https://x.example/&quot;onmouseover=&quot;alert(1)">x</a>`,
		"<a href=\"https://x.example\">[y](javascript:alert(1))</a>", `<img src="https://x.example/a.png" alt="x&quot; onerror=&quot;alert(1)">`,
		"<pre>`</pre><a href=\"javascript:x\">`</a>", `<blockquote><a href="https://a.example">](javascript:alert(1))</a></blockquote>`,
	} {
		for _, newlines := range []bool{false, true} {
			out, err := r.Render(HTMLToMarkdown(h, newlines), parley.RenderOptions{MaxImages: 3})
			if err != nil {
				t.Fatal(err)
			}
			if bad := htmltest.Active(out); len(bad) != 0 {
				t.Errorf("import of %q renders %q: %v", h, out, bad)
			}
		}
	}
	if bad := htmltest.Active(`<p><a href="javascript:x" onclick="y">z</a><script></script></p>`); len(bad) != 3 {
		t.Fatalf("the checker misses active content: %v", bad)
	}
}
