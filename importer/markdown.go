package importer

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLToMarkdown converts the HTML of an imported comment to the Markdown source Parley stores,
// so imported comments are edited, exported and rendered exactly like native ones. It keeps
// paragraphs, line breaks, links, bold, italics, quotes, code, lists and images, drops every
// other tag but keeps its text, and escapes Markdown metacharacters in text so that what was
// text stays text (an HTML "<b>" written as text must not become bold, "1." must not become
// a list). With newlines set, bare newlines in text are WordPress line breaks: a blank line
// separates paragraphs and a single newline breaks the line (what wpautop does on display).
func HTMLToMarkdown(src string, newlines bool) string {
	c := &converter{newlines: newlines}
	z := html.NewTokenizer(strings.NewReader(src))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			c.endBlock()
			return cleanText(strings.TrimSpace(c.out.String()))
		case html.TextToken:
			c.text(string(z.Text()))
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			c.start(atom.Lookup(name), attrs, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			name, _ := z.TagName()
			c.end(atom.Lookup(name))
		}
	}
}

// container is an open blockquote or list; items remember whether their marker was written.
type container struct {
	kind   atom.Atom // Blockquote, Ul, Ol or Li
	n      int       // next number of an ordered list
	marker string    // an item's marker, written before its first block
	indent string
}

// emphasis is an open <b> or <i>; its marker is written only once text follows, so empty
// elements leave nothing behind.
type emphasis struct {
	marker  string
	written bool
}

type converter struct {
	newlines bool
	out      strings.Builder
	para     strings.Builder // inline content of the block being built
	stack    []container
	emph     []emphasis // open <b>/<i>, innermost last
	links    []string   // href of each open <a>; "" when the link is dropped
	code     int        // inside <code>
	codeBuf  strings.Builder
	pre      int
	preBuf   strings.Builder
	skip     int    // inside script/style/head: no text
	lastRest string // line prefix of the block written last
}

func (c *converter) start(a atom.Atom, attrs map[string]string, selfClosing bool) {
	switch a {
	case atom.Script, atom.Style, atom.Head, atom.Title, atom.Template, atom.Noscript:
		if !selfClosing {
			c.skip++
		}
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Table, atom.Tr, atom.Hr:
		c.endBlock()
	case atom.Br:
		c.lineBreak()
	case atom.Blockquote:
		c.endBlock()
		c.stack = append(c.stack, container{kind: a})
	case atom.Ul, atom.Ol:
		c.endBlock()
		c.stack = append(c.stack, container{kind: a, n: 1})
	case atom.Li:
		c.endBlock()
		marker := "- "
		for i := len(c.stack) - 1; i >= 0; i-- {
			if k := c.stack[i].kind; k == atom.Ol {
				marker = itoa(c.stack[i].n) + ". "
				c.stack[i].n++
				break
			} else if k == atom.Ul {
				break
			}
		}
		c.stack = append(c.stack, container{kind: a, marker: marker, indent: strings.Repeat(" ", len(marker))})
	case atom.Pre:
		c.endBlock()
		c.pre++
	case atom.Code:
		if c.pre == 0 {
			c.code++
		}
	case atom.B, atom.Strong:
		c.open("**")
	case atom.I, atom.Em:
		c.open("*")
	case atom.A:
		href := safeURL(attrs["href"], true)
		c.links = append(c.links, href)
		if href != "" && c.code == 0 && c.pre == 0 {
			c.flushOpening()
			c.bang()
			c.para.WriteString("[")
		}
	case atom.Img:
		src := safeURL(attrs["src"], false)
		if src == "" || c.code > 0 || c.pre > 0 {
			return
		}
		c.flushOpening()
		c.para.WriteString("![" + escapeInline(collapse(attrs["alt"])) + "](" + src + ")")
	}
}

func (c *converter) end(a atom.Atom) {
	switch a {
	case atom.Script, atom.Style, atom.Head, atom.Title, atom.Template, atom.Noscript:
		if c.skip > 0 {
			c.skip--
		}
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Table, atom.Tr:
		c.endBlock()
	case atom.Blockquote, atom.Ul, atom.Ol, atom.Li:
		c.endBlock()
		// Close up to and including the innermost container of this kind; an end tag with
		// no open element is ignored, as browsers do.
		for i := len(c.stack) - 1; i >= 0; i-- {
			if c.stack[i].kind == a {
				c.stack = c.stack[:i]
				break
			}
		}
	case atom.Pre:
		if c.pre > 0 {
			c.pre--
			if c.pre == 0 {
				c.writePre()
			}
		}
	case atom.Code:
		if c.code > 0 {
			c.code--
			if c.code == 0 {
				c.writeCode()
			}
		}
	case atom.B, atom.Strong:
		c.close("**")
	case atom.I, atom.Em:
		c.close("*")
	case atom.A:
		if n := len(c.links); n > 0 {
			href := c.links[n-1]
			c.links = c.links[:n-1]
			if href == "" || c.code > 0 || c.pre > 0 {
				return
			}
			if strings.HasSuffix(c.para.String(), "[") {
				c.para.WriteString(escapeInline(href))
			}
			c.para.WriteString("](" + href + ")")
		}
	}
}

func (c *converter) text(s string) {
	if c.skip > 0 {
		return
	}
	switch {
	case c.pre > 0:
		c.preBuf.WriteString(s)
		return
	case c.code > 0:
		c.codeBuf.WriteString(s)
		return
	}
	if !c.newlines {
		c.inline(collapse(s))
		return
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for i, part := range paraBreak.Split(s, -1) {
		if i > 0 {
			c.endBlock()
		}
		for j, line := range strings.Split(part, "\n") {
			if j > 0 {
				c.lineBreak()
			}
			c.inline(collapse(line))
		}
	}
}

var paraBreak = regexp.MustCompile(`\n[ \t]*\n\s*`)

// inline appends escaped text, opening waiting emphasis after any leading space so that
// "<b> x</b>" becomes " **x**", which Markdown reads as bold, not "** x**", which it does not.
func (c *converter) inline(s string) {
	if s == "" {
		return
	}
	if p := c.para.String(); p == "" || strings.HasSuffix(p, "\n") || strings.HasSuffix(p, " ") {
		s = strings.TrimLeft(s, " ")
		if s == "" {
			return
		}
	}
	if c.pendingEmphasis() {
		trimmed := strings.TrimLeft(s, " ")
		if trimmed == "" {
			c.para.WriteString(" ")
			return
		}
		c.para.WriteString(s[:len(s)-len(trimmed)])
		c.flushOpening()
		s = trimmed
	}
	c.para.WriteString(escapeInline(s))
}

func (c *converter) pendingEmphasis() bool {
	for _, e := range c.emph {
		if !e.written {
			return true
		}
	}
	return false
}

func (c *converter) open(marker string) {
	if c.code == 0 && c.pre == 0 {
		c.emph = append(c.emph, emphasis{marker: marker})
	}
}

// flushOpening writes the markers of emphasis that has content from now on.
func (c *converter) flushOpening() {
	for i := range c.emph {
		if !c.emph[i].written {
			c.para.WriteString(c.emph[i].marker)
			c.emph[i].written = true
		}
	}
}

// close ends the innermost emphasis with this marker. Markdown needs proper nesting, so the
// emphasis opened inside it is closed too and reopened at the next text; an element that held
// no text leaves no markers at all. Trailing space moves outside the marker.
func (c *converter) close(marker string) {
	if c.code > 0 || c.pre > 0 {
		return
	}
	i := len(c.emph) - 1
	for i >= 0 && c.emph[i].marker != marker {
		i--
	}
	if i < 0 {
		return
	}
	c.closeFrom(i)
	c.emph = append(c.emph[:i], c.emph[i+1:]...)
}

func (c *converter) closeFrom(i int) {
	p := c.para.String()
	trimmed := strings.TrimRight(p, " ")
	var closers strings.Builder
	for j := len(c.emph) - 1; j >= i; j-- {
		if c.emph[j].written {
			closers.WriteString(c.emph[j].marker)
			c.emph[j].written = false
		}
	}
	if closers.Len() == 0 {
		return
	}
	c.para.Reset()
	c.para.WriteString(trimmed + closers.String())
	if len(trimmed) < len(p) {
		c.para.WriteString(" ")
	}
}

func (c *converter) lineBreak() {
	if c.pre > 0 {
		c.preBuf.WriteString("\n")
		return
	}
	if p := c.para.String(); p != "" && !strings.HasSuffix(p, "\n") {
		c.para.Reset()
		c.para.WriteString(strings.TrimRight(p, " ") + "\\\n")
	}
}

func (c *converter) writeCode() {
	s := collapse(c.codeBuf.String())
	c.codeBuf.Reset()
	if strings.TrimSpace(s) == "" {
		return
	}
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	c.flushOpening()
	c.para.WriteString(fence + s + fence)
}

func (c *converter) writePre() {
	body := strings.Trim(strings.ReplaceAll(c.preBuf.String(), "\r\n", "\n"), "\n")
	c.preBuf.Reset()
	if strings.TrimSpace(body) == "" {
		return
	}
	fence := strings.Repeat("`", max(3, longestRun(body, '`')+1))
	c.emit(fence + "\n" + body + "\n" + fence)
}

// bang escapes a '!' of text right before a link we write, which would make it an image.
func (c *converter) bang() {
	if p := c.para.String(); strings.HasSuffix(p, "!") && !strings.HasSuffix(p, "\\!") {
		c.para.Reset()
		c.para.WriteString(p[:len(p)-1] + "\\!")
	}
}

// endBlock writes the paragraph built so far as one block.
func (c *converter) endBlock() {
	c.closeFrom(0)
	p := c.para.String()
	c.para.Reset()
	for { // a line break at the end of a block breaks nothing; an escaped '\' stays
		p = strings.TrimRight(p, " ")
		trimmed, ok := strings.CutSuffix(p, "\\\n")
		if !ok {
			break
		}
		p = trimmed
	}
	if strings.TrimSpace(p) == "" {
		return
	}
	lines := strings.Split(p, "\n")
	for i, l := range lines {
		lines[i] = escapeLineStart(strings.TrimLeft(l, " "))
	}
	c.emit(strings.Join(lines, "\n"))
}

// emit appends a block under the open quotes and list items, separated by a blank line that
// keeps the quote markers so one quote stays one quote.
func (c *converter) emit(block string) {
	first, rest := c.prefixes()
	if c.out.Len() > 0 {
		// The blank line between blocks carries the quote markers both blocks share.
		n := 0
		for n < len(rest) && n < len(c.lastRest) && rest[n] == c.lastRest[n] {
			n++
		}
		c.out.WriteString(strings.TrimRight(rest[:n], " ") + "\n")
	}
	c.lastRest = rest
	for i, l := range strings.Split(block, "\n") {
		if i == 0 {
			c.out.WriteString(first)
		} else {
			c.out.WriteString(rest)
		}
		c.out.WriteString(l + "\n")
	}
}

// prefixes returns the line prefix for the first line of a block (with a pending list marker)
// and for the lines after it, consuming the markers.
func (c *converter) prefixes() (first, rest string) {
	for i := range c.stack {
		k := &c.stack[i]
		switch k.kind {
		case atom.Blockquote:
			first += "> "
			rest += "> "
		case atom.Li:
			if k.marker != "" {
				first += k.marker
				k.marker = ""
			} else {
				first += k.indent
			}
			rest += k.indent
		}
	}
	return first, rest
}

// escapeInline backslash-escapes the characters that would start Markdown syntax inside a
// line. URLs are left alone so that the renderer still links them.
func escapeInline(s string) string {
	var b strings.Builder
	words := strings.SplitAfter(s, " ")
	for _, w := range words {
		if isURLWord(w) {
			b.WriteString(w)
			continue
		}
		for i, r := range w {
			switch r {
			case '\\', '`', '*', '_', '[', ']', '<', '>', '~':
				b.WriteByte('\\')
			case '&':
				if i+1 < len(w) && (isAlnum(w[i+1]) || w[i+1] == '#') {
					b.WriteByte('\\')
				}
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isURLWord(w string) bool {
	w = strings.TrimSpace(w)
	if !(strings.HasPrefix(w, "http://") || strings.HasPrefix(w, "https://")) {
		return false
	}
	return !strings.ContainsAny(w, "<>[]`\\")
}

var blockStart = regexp.MustCompile(`^([#>+=-]|[0-9]+[.)])`)

// escapeLineStart escapes what would make a line a heading, quote, list or rule.
func escapeLineStart(l string) string {
	if m := blockStart.FindStringIndex(l); m != nil {
		return l[:m[1]-1] + "\\" + l[m[1]-1:]
	}
	return l
}

// safeURL keeps http(s) (and for links mailto) URLs, percent-encoding what would end a
// Markdown link early; anything else (javascript:, data:, relative) is dropped.
func safeURL(raw string, link bool) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || !(u.Scheme == "http" || u.Scheme == "https" || (link && u.Scheme == "mailto")) {
		return ""
	}
	if u.Scheme != "mailto" && u.Host == "" {
		return ""
	}
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "\n", "", "\r", "").Replace(u.String())
}

var spaces = regexp.MustCompile(`[ \t\r\n\f]+`)

func collapse(s string) string { return spaces.ReplaceAllString(s, " ") }

func longestRun(s string, r byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == r {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

func isAlnum(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

func itoa(n int) string {
	if n > 999999999 {
		n = 999999999
	}
	var b [12]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// cleanText makes imported text acceptable to Parley: valid UTF-8, Unix newlines, and no
// control characters other than newline and tab (which the live API refuses).
func cleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return -1
		}
		return r
	}, s)
}
