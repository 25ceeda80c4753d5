// Package widget holds the browser side of Parley: the embeddable comment widget, the
// comment-count script for article lists, and the demo article the server shows at "/".
// The files are embedded so the single binary serves them without a build step.
package widget

import (
	"embed"
	"html/template"
	"io"
)

//go:embed embed.js counts.js demo.html
var files embed.FS

// The template is embedded and immutable, so a parse failure is a build defect, not a runtime
// condition; failing at init makes it impossible to ship.
var demoTmpl = template.Must(template.ParseFS(files, "demo.html"))

// Script returns a served script's bytes by name ("embed.js" or "counts.js").
func Script(name string) ([]byte, bool) {
	switch name {
	case "embed.js", "counts.js":
	default:
		// Only the two scripts are public; the template source is not.
		return nil, false
	}
	b, err := files.ReadFile(name)
	if err != nil {
		return nil, false
	}
	return b, true
}

// Demo carries what the demo page needs to embed the widget like a publisher would.
type Demo struct{ BaseURL, SiteID, PageURL string }

// RenderDemo writes the demo article page.
func RenderDemo(w io.Writer, d Demo) error {
	return demoTmpl.Execute(w, d)
}
