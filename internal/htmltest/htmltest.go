// Package htmltest tells tests whether rendered HTML could run anything in a reader's browser:
// the importers' and the API's tests ask the same question of what they store.
package htmltest

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// Active lists what in rendered HTML could run or load something: script-like elements, event
// handler attributes, and links or sources that are not http(s)/mailto. Text that merely reads
// "javascript:" is inert and not counted.
func Active(out string) []string {
	var found []string
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return found
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "iframe", "style", "svg", "object", "embed", "form", "base", "meta", "link":
				found = append(found, "<"+tok.Data+">")
			}
			for _, a := range tok.Attr {
				k := strings.ToLower(a.Key)
				if strings.HasPrefix(k, "on") || k == "style" || k == "srcdoc" {
					found = append(found, k)
				}
				if k == "href" || k == "src" {
					u, err := url.Parse(strings.TrimSpace(a.Val))
					if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto") {
						found = append(found, k+"="+a.Val)
					}
				}
			}
		}
	}
}
