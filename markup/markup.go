// Package markup turns a comment's Markdown into HTML that is safe to put in anyone's page:
// goldmark parses (raw HTML never passes), our AST rules enforce link and image policy and mark
// @mentions, and bluemonday sanitises the result as a last line of defence.
package markup

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"parley"
)

var _ parley.Renderer = (*Renderer)(nil)

// LinkRel is set on every link in a comment: readers' links earn no ranking, are marked as
// user-generated, and cannot script the page that opened them.
const LinkRel = "nofollow ugc noopener"

// Renderer is safe for concurrent use; build one with New and share it.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New builds the Markdown pipeline and the sanitising policy.
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(extension.Strikethrough, extension.Linkify),
		goldmark.WithParserOptions(
			parser.WithInlineParsers(util.Prioritized(mentionParser{}, 100)),
			parser.WithASTTransformers(util.Prioritized(policyTransformer{}, 100)),
		),
		goldmark.WithRendererOptions(
			renderer.WithNodeRenderers(util.Prioritized(mentionRenderer{}, 100)),
		),
	)
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li", "hr")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,6}$`)).OnElements("ol")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile("^" + LinkRel + "$")).OnElements("a")
	p.AllowAttrs("target").Matching(regexp.MustCompile(`^_blank$`)).OnElements("a")
	p.AllowAttrs("src", "alt").OnElements("img")
	p.AllowAttrs("loading").Matching(regexp.MustCompile(`^lazy$`)).OnElements("img")
	p.AllowAttrs("referrerpolicy").Matching(regexp.MustCompile(`^no-referrer$`)).OnElements("img")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^parley-mention$`)).OnElements("span")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	return &Renderer{md: md, policy: p}
}

var (
	participantsKey = parser.NewContextKey()
	optionsKey      = parser.NewContextKey()
)

// Render converts Markdown to sanitised HTML under the given options.
func (r *Renderer) Render(source string, opts parley.RenderOptions) (string, error) {
	pc := parser.NewContext()
	pc.Set(participantsKey, longestFirst(opts.Participants))
	pc.Set(optionsKey, opts)
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(source), &buf, parser.WithContext(pc)); err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	return strings.TrimSpace(r.policy.Sanitize(buf.String())), nil
}

// policyTransformer sets rel/target on links and enforces the image limits: an image beyond
// the site's count, or from an origin it does not allow, becomes a plain link to it.
type policyTransformer struct{}

func (policyTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	opts, _ := pc.Get(optionsKey).(parley.RenderOptions)
	images := 0
	var replace []*ast.Image
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			setLinkAttrs(n)
		case *ast.AutoLink:
			setLinkAttrs(n)
		case *ast.Image:
			images++
			if images > opts.MaxImages || !imageAllowed(string(n.Destination), opts.ImageOrigins) {
				replace = append(replace, n)
				return ast.WalkSkipChildren, nil
			}
			n.SetAttributeString("loading", []byte("lazy"))
			n.SetAttributeString("referrerpolicy", []byte("no-referrer"))
		}
		return ast.WalkContinue, nil
	})
	for _, img := range replace {
		link := ast.NewLink()
		link.Destination = img.Destination
		setLinkAttrs(link)
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			link.AppendChild(link, c)
			c = next
		}
		if !link.HasChildren() {
			link.AppendChild(link, ast.NewString(img.Destination))
		}
		img.Parent().ReplaceChild(img.Parent(), img, link)
	}
}

func setLinkAttrs(n ast.Node) {
	n.SetAttributeString("rel", []byte(LinkRel))
	n.SetAttributeString("target", []byte("_blank"))
}

// imageAllowed admits only https images (no mixed content, no tracking over plain http), from
// the allowed origins when the site lists any.
func imageAllowed(dest string, origins []string) bool {
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return false
	}
	if len(origins) == 0 {
		return true
	}
	origin := u.Scheme + "://" + u.Host
	for _, o := range origins {
		if strings.EqualFold(strings.TrimSuffix(o, "/"), origin) {
			return true
		}
	}
	return false
}
