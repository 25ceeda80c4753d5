package markup

import (
	"bytes"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindMention is the AST kind of an @mention of a thread participant.
var KindMention = ast.NewNodeKind("Mention")

// Mention is "@Name" where Name is someone who commented in the thread. Only participants are
// marked: a mention cannot be used to ping or impersonate arbitrary people.
type Mention struct {
	ast.BaseInline
	Name string
}

func (*Mention) Kind() ast.NodeKind { return KindMention }

func (n *Mention) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Name": n.Name}, nil)
}

type mentionParser struct{}

func (mentionParser) Trigger() []byte { return []byte{'@'} }

func (mentionParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	// Sorted once per render (see Render): every "@" of a comment reaches this, so sorting or
	// copying the line here made a comment of "@"s quadratic.
	sorted, _ := pc.Get(participantsKey).([]string)
	if len(sorted) == 0 {
		return nil
	}
	line, _ := block.PeekLine()
	if len(line) < 2 {
		return nil
	}
	rest := line[1:]
	for _, name := range sorted {
		if len(name) == 0 || len(rest) < len(name) || !bytes.EqualFold(rest[:len(name)], []byte(name)) {
			continue
		}
		if r, _ := utf8.DecodeRune(rest[len(name):]); len(rest) > len(name) && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_') {
			continue
		}
		block.Advance(1 + len(name))
		return &Mention{Name: name}
	}
	return nil
}

type mentionRenderer struct{}

func (mentionRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindMention, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.WriteString(`<span class="parley-mention">@`)
			w.Write(util.EscapeHTML([]byte(n.(*Mention).Name)))
			w.WriteString(`</span>`)
		}
		return ast.WalkContinue, nil
	})
}

// longestFirst returns the participants longest first, so "@Ann Lee" is not taken for "@Ann"
// when both took part.
func longestFirst(names []string) []string {
	sorted := append([]string(nil), names...)
	sort.SliceStable(sorted, func(i, j int) bool { return len(sorted[i]) > len(sorted[j]) })
	return sorted
}
