package server

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"sync"
)

// pageKey names one rendered page. The thread version is part of the key, and it changes in the
// same transaction as every write to the thread, so a hit can never be older than a write whose
// acknowledgement its reader has already seen.
type pageKey struct {
	thread, version int64
	sort, cursor    string
	limit           int
}

// renderedPage is a page's final bytes, plain and gzipped, with its validator.
type renderedPage struct {
	body, gz []byte
	etag     string
}

// pageCache holds rendered pages. It is bounded by entry count; old versions of a thread are
// never asked for again, so dropping an arbitrary half when full costs only a few re-renders.
type pageCache struct {
	mu  sync.RWMutex
	m   map[pageKey]*renderedPage
	max int
}

func newPageCache(max int) *pageCache {
	return &pageCache{m: make(map[pageKey]*renderedPage), max: max}
}

func (c *pageCache) get(k pageKey) *renderedPage {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[k]
}

func (c *pageCache) put(k pageKey, p *renderedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= c.max {
		n := 0
		for key := range c.m {
			delete(c.m, key)
			if n++; n >= c.max/2 {
				break
			}
		}
	}
	c.m[k] = p
}

// renderPage turns a page value into its cached form.
func renderPage(k pageKey, v any) (*renderedPage, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode page: %w", err)
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
	zw.Write(buf.Bytes())
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("gzip page: %w", err)
	}
	etag := fmt.Sprintf(`"t%d-v%d-%s-%s-%d"`, k.thread, k.version, k.sort, k.cursor, k.limit)
	return &renderedPage{body: buf.Bytes(), gz: gz.Bytes(), etag: etag}, nil
}
