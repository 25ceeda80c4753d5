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

// maxPageCacheBytes bounds what the page cache holds. Any client can invent cursors, each a new
// key, and a page of 100 comments with their replies can run to megabytes, so a bound by count
// alone let anyone fill memory.
const maxPageCacheBytes = 256 << 20

// pageCache holds rendered pages. It is bounded by entry count and bytes; old versions of a
// thread are never asked for again, so dropping an arbitrary half when full costs only a few
// re-renders.
type pageCache struct {
	mu   sync.RWMutex
	m    map[pageKey]*renderedPage
	max  int
	size int // bytes held, plain and gzipped
}

func (p *renderedPage) bytes() int { return len(p.body) + len(p.gz) }

func newPageCache(max int) *pageCache {
	return &pageCache{m: make(map[pageKey]*renderedPage), max: max}
}

func (c *pageCache) get(k pageKey) *renderedPage {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[k]
}

func (c *pageCache) put(k pageKey, p *renderedPage) {
	if p.bytes() > maxPageCacheBytes/4 {
		return // served, but not worth a quarter of the cache
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[k]; ok {
		c.size -= old.bytes()
		delete(c.m, k)
	}
	if len(c.m) >= c.max || c.size+p.bytes() > maxPageCacheBytes {
		keep := len(c.m) / 2
		for key, old := range c.m {
			if len(c.m) <= keep && c.size+p.bytes() <= maxPageCacheBytes/2 {
				break
			}
			delete(c.m, key)
			c.size -= old.bytes()
		}
	}
	c.m[k] = p
	c.size += p.bytes()
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
