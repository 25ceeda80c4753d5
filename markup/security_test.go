package markup

import (
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"parley"
)

// A thread may have up to 1000 participants (the store's cap) and a comment 10,000 characters;
// a comment of nothing but "@" must not cost work proportional to their product times the line
// length, or any guest can tie up a core per post.
func TestMentionsCostLinearWork(t *testing.T) {
	r := New()
	names := make([]string, 1000)
	for i := range names {
		names[i] = fmt.Sprintf("participant number %d", i)
	}
	src := strings.Repeat("@", parley.MaxCommentRunes)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	out, err := r.Render(src, parley.RenderOptions{Participants: names})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "@@@") {
		t.Fatalf("the @s are lost: %.40q", out)
	}
	// Linear work allocates a few times the input; the quadratic version allocated ~100 MB.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Fatalf("rendering 10,000 @ allocated %d MB", alloc>>20)
	}
}

// Mentions keep matching case-insensitively and longest first after the participant list is
// prepared once per render rather than once per "@".
func TestMentionsStillMatchLongestFirst(t *testing.T) {
	out, err := New().Render("@ann lee and @ANN and @annie", parley.RenderOptions{Participants: []string{"Ann", "Ann Lee"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<span class="parley-mention">@Ann Lee</span>`, `<span class="parley-mention">@Ann</span> and @annie`} {
		if !strings.Contains(out, want) {
			t.Fatalf("got %q, want %q in it", out, want)
		}
	}
}

// A participant's display name is text, never markup, wherever a mention puts it.
func TestMentionNamesAreEscaped(t *testing.T) {
	name := `<img src=x onerror=alert(1)>`
	out, err := New().Render("hi @"+name, parley.RenderOptions{Participants: []string{name}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "<img") || !strings.Contains(out, "parley-mention") {
		t.Fatalf("mention of a hostile name rendered %q", out)
	}
}

// eventAttr finds an on* attribute inside a tag (text that merely reads "onerror=" is harmless).
var eventAttr = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)

// Every link a comment can produce carries the rel and target we set, whatever the author wrote,
// and only http(s)/mailto survive.
func TestLinksCannotEscapePolicy(t *testing.T) {
	r := New()
	for _, src := range []string{
		`[a](https://x.example "t")`, `<https://x.example>`, `https://x.example`, `[a](mailto:a@x.example)`,
		`[a](vbscript:msgbox)`, `[a](JaVaScRiPt:alert(1))`, `[a](java&#x09;script:alert(1))`, `[a](data:text/html,<script>)`,
		"[a](\x01javascript:alert(1))", `![a](https://x.example/a.png" onerror="alert(1))`,
	} {
		out, err := r.Render(src, parley.RenderOptions{MaxImages: 3})
		if err != nil {
			t.Fatal(err)
		}
		low := strings.ToLower(out)
		for _, bad := range []string{"javascript:", "vbscript:", "data:", "<script"} {
			if strings.Contains(low, bad) {
				t.Errorf("Render(%q) = %q contains %q", src, out, bad)
			}
		}
		if eventAttr.MatchString(out) {
			t.Errorf("Render(%q) = %q has an event handler attribute", src, out)
		}
		if n := strings.Count(out, "<a "); n != strings.Count(out, `rel="nofollow ugc noopener" target="_blank"`) {
			t.Errorf("Render(%q) = %q: a link without our rel/target", src, out)
		}
	}
}
