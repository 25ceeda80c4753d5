package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"parley"
	"parley/widget"
)

// assets serves the widget's scripts from memory, pre-compressed, with validators, so every
// article view costs a 304 at most once a browser has them.
type assets struct {
	baseURL string
	files   map[string]*renderedPage
}

func newAssets(baseURL string) *assets {
	a := &assets{baseURL: baseURL, files: map[string]*renderedPage{}}
	for _, name := range []string{"embed.js", "counts.js"} {
		body, ok := widget.Script(name)
		if !ok {
			continue
		}
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		sum := sha256.Sum256(body)
		a.files[name] = &renderedPage{body: body, gz: gz.Bytes(), etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	}
	return a
}

func (a *assets) script(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f := a.files[name]
		if f == nil {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		// Short max-age: publishers never change their snippet, so upgrades must reach readers.
		h.Set("Cache-Control", "public, max-age=300")
		h.Set("Access-Control-Allow-Origin", "*")
		h.Add("Vary", "Accept-Encoding")
		h.Set("ETag", f.etag)
		if r.Header.Get("If-None-Match") == f.etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		body := f.body
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			h.Set("Content-Encoding", "gzip")
			body = f.gz
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	}
}

// demo serves the demo article, embedding the widget the way a publisher's page would. The
// scripts load from the base URL, or from the address the page itself was requested on when no
// base URL was configured for it.
func (a *assets) demo(w http.ResponseWriter, r *http.Request) {
	base := a.baseURL
	if base == "" {
		base = "http://" + r.Host
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	if err := widget.RenderDemo(w, widget.Demo{BaseURL: base, SiteID: parley.DemoSiteID, PageURL: base + "/"}); err != nil {
		http.Error(w, "demo page failed", http.StatusInternalServerError)
	}
}
