package markup

import (
	"strings"
	"testing"

	"parley"
)

func TestRender(t *testing.T) {
	r := New()
	opts := parley.RenderOptions{MaxImages: 1, Participants: []string{"Ann", "Ann Lee", "bob"}}
	cases := []struct {
		name, in    string
		want, avoid []string
	}{
		{"emphasis", "*hi* **there** ~~no~~", []string{"<em>hi</em>", "<strong>there</strong>", "<del>no</del>"}, nil},
		{"link rel", "[x](https://a.example/)", []string{`<a href="https://a.example/" rel="nofollow ugc noopener" target="_blank">x</a>`}, nil},
		{"autolink rel", "see https://a.example/p", []string{`rel="nofollow ugc noopener"`}, nil},
		{"raw html never renders", "<script>alert(1)</script><b onmouseover=x>b</b>", nil, []string{"<script", "onmouseover", "<b"}},
		{"javascript link dropped", "[x](javascript:alert(1))", nil, []string{"javascript:"}},
		{"data image dropped", "![x](data:image/png;base64,AAAA)", nil, []string{"data:"}},
		{"quote", "> quoted\n\nreply", []string{"<blockquote>", "quoted"}, nil},
		{"code", "`a<b`\n\n```\nx && y\n```", []string{"<code>a&lt;b</code>", "x &amp;&amp; y"}, nil},
		{"list", "1. a\n2. b\n\n- c", []string{"<ol>", "<li>a</li>", "<ul>"}, nil},
		{"image", "![cat](https://img.example/cat.png)", []string{`<img src="https://img.example/cat.png" alt="cat" loading="lazy" referrerpolicy="no-referrer"`}, nil},
		{"image over limit becomes link", "![a](https://i.example/1.png) ![b](https://i.example/2.png)", []string{`<img src="https://i.example/1.png"`, `<a href="https://i.example/2.png" rel="nofollow ugc noopener" target="_blank">b</a>`}, []string{`<img src="https://i.example/2.png"`}},
		{"http image becomes link", "![a](http://i.example/1.png)", []string{`<a href="http://i.example/1.png"`}, []string{"<img"}},
		{"mention longest", "@Ann Lee agreed, @bob too, @nobody not", []string{`<span class="parley-mention">@Ann Lee</span>`, `<span class="parley-mention">@bob</span>`, "@nobody"}, nil},
		{"mention needs word end", "@Annie", nil, []string{"parley-mention"}},
		{"heading is plain", "# big", []string{"big"}, []string{"<h1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := r.Render(c.in, opts)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("Render(%q) = %q, want it to contain %q", c.in, got, w)
				}
			}
			for _, a := range c.avoid {
				if strings.Contains(got, a) {
					t.Errorf("Render(%q) = %q, must not contain %q", c.in, got, a)
				}
			}
		})
	}
}

func FuzzRenderNeverLeaksMarkup(f *testing.F) {
	for _, s := range []string{"<img src=x onerror=alert(1)>", "[a](javascript:x)", "@Ann <b>", "![x](https://a/b.png)"} {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, in string) {
		got, err := r.Render(in, parley.RenderOptions{MaxImages: 2, Participants: []string{"Ann"}})
		if err != nil {
			t.Fatal(err)
		}
		low := strings.ToLower(got)
		for _, bad := range []string{"<script", "onerror=", "onload=", "javascript:", "<iframe", "<style"} {
			if strings.Contains(low, bad) {
				t.Fatalf("Render(%q) = %q contains %q", in, got, bad)
			}
		}
	})
}
