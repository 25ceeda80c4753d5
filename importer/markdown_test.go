package importer

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"parley"
	"parley/markup"
)

func TestHTMLToMarkdown(t *testing.T) {
	cases := []struct{ in, want string }{
		{`<p>one</p><p>two</p>`, "one\n\ntwo"},
		{`a<br>b<br/>`, "a\\\nb"},
		{`<b>bold</b> <strong> strong </strong><i>it</i><em></em>`, "**bold** **strong** *it*"},
		{`<a href="https://x.example/a?b=(c)">t</a> <a href="javascript:alert(1)">js</a> <a href="/rel">rel</a>`, "[t](https://x.example/a?b=%28c%29) js rel"},
		{`<a href="https://x.example/"></a>`, "[https://x.example/](https://x.example/)"},
		{`<img src="https://i.example/a.png" alt="a [b]"><img src="data:x">`, "![a \\[b\\]](https://i.example/a.png)"},
		{`<blockquote><p>q1</p><p>q2</p></blockquote>after`, "> q1\n>\n> q2\n\nafter"},
		{`<ul><li>a</li><li>b</li></ul><ol><li>x</li><li>y</li></ol>`, "- a\n\n- b\n\n1. x\n\n2. y"},
		{"<pre>if a < b {\n  x()\n}</pre>", "```\nif a < b {\n  x()\n}\n```"},
		{"<code>a`b</code>", "``a`b``"},
		{`# not a heading, 1. not a list, - not an item, *not em*, _no_, [no](link), <i>&lt;b&gt;</i>`,
			"\\# not a heading, 1. not a list, - not an item, \\*not em\\*, \\_no\\_, \\[no\\](link), *\\<b\\>*"},
		{`<script>alert(1)</script><style>p{}</style>kept <span>text</span> <table><tr><td>cell</td></tr></table>`, "kept text\n\ncell"},
		{`Wow!<a href="https://a.example/">x</a>`, "Wow\\![x](https://a.example/)"},
		{`<b>un<i>closed`, "**un*closed***"},
	}
	for _, tc := range cases {
		if got := HTMLToMarkdown(tc.in, false); got != tc.want {
			t.Errorf("HTMLToMarkdown(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
	if got := HTMLToMarkdown("one\ntwo\n\n\nthree", true); got != "one\\\ntwo\n\nthree" {
		t.Errorf("WordPress newlines: %q", got)
	}
}

var tags = regexp.MustCompile(`<[^>]*>`)

// textSurvives checks the promise that text stays text: plain text, HTML-escaped, converted
// and rendered by the live renderer, reads back as the same text.
func textSurvives(t *testing.T, r *markup.Renderer, s string) {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
	want := strings.TrimSpace(collapse(s))
	md := HTMLToMarkdown(html.EscapeString(s), false)
	out, err := r.Render(md, parley.RenderOptions{MaxImages: 3})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.TrimSpace(collapse(html.UnescapeString(tags.ReplaceAllString(out, ""))))
	if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(want), " ") {
		t.Errorf("text %q\nmarkdown %q\nrendered %q\nreads    %q", want, md, out, got)
	}
}

func TestTextStaysText(t *testing.T) {
	r := markup.New()
	for _, s := range []string{
		"plain", "# head", "1. one", "- item", "> quote", "*em* _em_ **b** ~~s~~", "`code`", "[a](b) ![c](d)",
		"a\\b", "&copy; &amp; &#65;", "<b>tag</b>", "https://x.example/a_b_c", "x = 3 * 4 * 5", "==", "---", "+ plus",
		"***", "a  b", "@name hi", "2017. It was", "(1) and 1)", "www.example.com/a_b*c*",
	} {
		textSurvives(t, r, s)
	}
}

func FuzzHTMLToMarkdown(f *testing.F) {
	for _, s := range []string{"<p>a <b>b</b></p>", "<ul><li>x<ol><li>y</ol></ul>", "<pre>`</pre>", "*_[]<>#"} {
		f.Add(s)
	}
	r := markup.New()
	f.Fuzz(func(t *testing.T, s string) {
		md := HTMLToMarkdown(s, strings.HasPrefix(s, "\n"))
		if !utf8.ValidString(md) || strings.ContainsFunc(md, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' }) {
			t.Fatalf("bad output %q", md)
		}
		if !strings.ContainsAny(s, "<>\n") && len(s) < 200 {
			textSurvives(t, r, s)
		}
	})
}
