package server

import (
	"bytes"
	"testing"
)

// Every cursor value is a distinct cache key, and a client can invent as many as it likes, so
// the page cache must be bounded by what it holds, not only by how many pages.
func TestPageCacheIsBoundedByBytes(t *testing.T) {
	c := newPageCache(20000)
	big := &renderedPage{body: bytes.Repeat([]byte("x"), 1<<20), gz: make([]byte, 1<<10), etag: `"x"`}
	for i := range 2000 {
		c.put(pageKey{thread: 1, version: 1, sort: "new", cursor: string(rune('a'+i%26)) + string(rune(i)), limit: 100}, big)
	}
	if c.size > maxPageCacheBytes {
		t.Fatalf("page cache holds %d MB after 2000 one-MB pages, bound %d MB", c.size>>20, maxPageCacheBytes>>20)
	}
	k := pageKey{thread: 2, version: 1, sort: "new", limit: 20}
	small := &renderedPage{body: []byte("{}"), gz: []byte("z"), etag: `"s"`}
	c.put(k, small)
	if c.get(k) != small {
		t.Fatal("a page just put is not served")
	}
	// Replacing a key must not count it twice.
	before := c.size
	c.put(k, small)
	if c.size != before {
		t.Fatalf("re-putting a page changed the size from %d to %d", before, c.size)
	}
}
