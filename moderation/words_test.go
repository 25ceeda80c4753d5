package moderation

import (
	"slices"
	"testing"
)

func TestWordListMatch(t *testing.T) {
	norm := fake{}.Normalize
	tests := []struct {
		words []string
		text  string
		want  []string // matched entries, in order
	}{
		{[]string{"scum"}, "you scum", []string{"scum"}},
		{[]string{"scum"}, "scumbag", nil},
		{[]string{"scum*"}, "scumbag scum", []string{"scum*", "scum*"}},
		{[]string{"go back home"}, "go back go back home", []string{"go back home"}},
		{[]string{"go back home"}, "go back homes", nil},
		{[]string{"go back hom*"}, "go back homeland", []string{"go back hom*"}},
		{[]string{"Crook", "crook"}, "CROOK", []string{"Crook", "crook"}},
		{[]string{"", "  ", "*"}, "anything at all", nil},
		{[]string{"ass"}, "class assessment ass", []string{"ass"}},
		{[]string{"k1ll"}, "k1ll", []string{"k1ll"}},
	}
	for _, tt := range tests {
		l := compile(tt.words, norm)
		n, _ := norm(tt.text)
		var got []string
		for _, h := range l.match(n, nil) {
			got = append(got, h.entry)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q in %q: got %q, want %q", tt.words, tt.text, got, tt.want)
		}
	}
}

func TestListCache(t *testing.T) {
	calls := 0
	norm := func(s string) (string, []int) { calls++; return fake{}.Normalize(s) }
	c := listCache{}
	a := c.get([]string{"x", "y"}, norm)
	b := c.get([]string{"x", "y"}, norm) // same words, a new slice: settings reloaded
	if a != b || calls != 2 {
		t.Errorf("same words compiled again: %p %p after %d calls", a, b, calls)
	}
	if d := c.get([]string{"x", "z"}, norm); d == a {
		t.Error("different words share a compiled list")
	}
	if c.get(nil, norm) != nil {
		t.Error("empty list compiled")
	}
	for i := range 2 * maxCachedLists {
		c.get([]string{string(rune('a' + i%26)), string(rune('A' + i))}, norm)
	}
	if len(c.byArray) > maxCachedLists || len(c.byHash) > maxCachedLists {
		t.Errorf("cache grew to %d, %d", len(c.byArray), len(c.byHash))
	}
}

func TestCountLinks(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"no links here, just example.com", 0},
		{"https://a.example", 1},
		{"HTTP://A.EXAMPLE and Https://b", 2},
		{"www.a.example and https://www.b.example", 2},
		{"[x](https://a.example) <a href=\"http://b.example\">b</a>", 2},
		{"http:// alone, https:, www. alone", 0},
		{"the httpd docs and a www", 0},
	}
	for _, tt := range tests {
		if got := countLinks(tt.text); got != tt.want {
			t.Errorf("countLinks(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}
