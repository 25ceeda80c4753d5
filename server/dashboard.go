package server

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// The dashboard is static files talking to the staff API; nothing in them is rendered per user,
// so they are embedded and served like the widget's scripts.
//
//go:embed dashboard
var dashboardFiles embed.FS

// dashboardCSP allows only our own scripts and styles: the dashboard shows text written by
// strangers to people with power over the site, so an injected script must have nowhere to run.
const dashboardCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; frame-ancestors 'none'"

// dashboardTypes is fixed rather than read from mime.TypeByExtension, which consults the host's
// /etc/mime.types: a module script served with the wrong type is refused by the browser.
var dashboardTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
}

type dashboardFile struct {
	body  []byte
	ctype string
	etag  string
}

// dashboard serves the moderator dashboard's page and assets under /admin/.
func (s *Server) dashboard() http.Handler {
	files := map[string]*dashboardFile{}
	fs.WalkDir(dashboardFiles, "dashboard", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := dashboardFiles.ReadFile(p)
		if err != nil {
			return err
		}
		ctype, ok := dashboardTypes[path.Ext(p)]
		if !ok {
			ctype = "application/octet-stream"
		}
		sum := sha256.Sum256(body)
		files[strings.TrimPrefix(p, "dashboard/")] = &dashboardFile{body, ctype, `"` + hex.EncodeToString(sum[:8]) + `"`}
		return nil
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", dashboardCSP)
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Content-Type-Options", "nosniff")
		name := strings.TrimPrefix(r.URL.Path, "/admin/")
		if name == "" {
			name = "index.html"
		}
		f := files[name]
		if f == nil {
			http.NotFound(w, r)
			return
		}
		// no-cache, not max-age: an upgraded binary must reach moderators on their next load.
		h.Set("Cache-Control", "no-cache")
		h.Set("Content-Type", f.ctype)
		h.Set("ETag", f.etag)
		if r.Header.Get("If-None-Match") == f.etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Content-Length", strconv.Itoa(len(f.body)))
		w.Write(f.body)
	})
}
