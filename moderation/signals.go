package moderation

import (
	"time"
)

// countLinks counts links in a comment's source: every "http://", "https://" and "www." that does
// not follow "//". Bare domains ("example.com") are not counted: too many ordinary sentences
// name a site, and a spammer's link has to be clickable to pay.
func countLinks(text string) int {
	n := 0
	for i := 0; i < len(text); i++ {
		switch c := text[i] | 0x20; {
		case c == 'h' && hasPrefixFold(text[i:], "http"):
			rest := text[i+4:]
			if hasPrefixFold(rest, "s") {
				rest = rest[1:]
			}
			if len(rest) >= 4 && rest[:3] == "://" && rest[3] > ' ' {
				n++
			}
		case c == 'w' && hasPrefixFold(text[i:], "www.") && len(text) > i+4 && text[i+4] > ' ':
			if i < 2 || text[i-2:i] != "//" {
				n++
			}
		}
	}
	return n
}

// hasPrefixFold is strings.HasPrefix ignoring ASCII case; prefix must be lower-case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := range len(prefix) {
		if s[i]|0x20 != prefix[i] {
			return false
		}
	}
	return true
}

// postingFast reports whether an account still new on the site is posting in a burst: its first
// comment here was less than NewAccountWindow ago and its previous one less than FastGap ago.
// A first comment ever (no previous) is never fast.
func postingFast(first, last, now time.Time) (sinceLast time.Duration, fast bool) {
	if first.IsZero() || last.IsZero() {
		return 0, false
	}
	sinceLast = max(now.Sub(last), 0)
	return sinceLast, now.Sub(first) < NewAccountWindow && sinceLast < FastGap
}
