// Package importer reads comment archives — Disqus exports, WordPress WXR files and Parley's
// own JSON-lines exports — as streams of parley.Transfer records, and writes the JSON-lines
// format. Parsers go token by token and hold one record at a time, so a file of any size is
// read in bounded memory; they never touch a database.
package importer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"parley"
)

// Sink receives the records of a file in file order.
type Sink = parley.TransferSink

// LineError is bad input at a line of the file; its message is meant for the person who made
// the file.
type LineError struct {
	Line int
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

func lineErrorf(line int, format string, args ...any) error {
	return &LineError{Line: line, Msg: fmt.Sprintf(format, args...)}
}

// File is an opened archive: gzip is undone transparently (recognised by its magic bytes,
// whatever the name), and Read counts the bytes taken from disk so a progress bar can compare
// them with Size.
type File struct {
	io.Reader
	f    *os.File
	gz   *gzip.Reader
	read atomic.Int64
	Size int64
}

// Open opens path for one pass over it.
func Open(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	file := &File{f: f, Size: st.Size()}
	br := bufio.NewReaderSize(countingReader{f, &file.read}, 256<<10)
	magic, _ := br.Peek(2)
	file.Reader = br
	if bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		if file.gz, err = gzip.NewReader(br); err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		file.Reader = file.gz
	}
	return file, nil
}

// Done returns how many bytes of the file on disk have been read.
func (f *File) Done() int64 { return f.read.Load() }

// Close closes the file.
func (f *File) Close() error {
	var err error
	if f.gz != nil {
		err = f.gz.Close()
	}
	return errors.Join(err, f.f.Close())
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// maxElementBytes bounds what one record may hold, so a damaged file cannot make the reader
// buffer gigabytes looking for an end tag.
const maxElementBytes = 8 << 20

// node is one XML element read whole: small records (a post, a comment) only.
type node struct {
	name xml.Name
	attr []xml.Attr
	text strings.Builder
	kids []*node
	line int
}

// child returns the first child with the given local name, or an empty node.
func (n *node) child(local string) *node {
	for _, k := range n.kids {
		if k.name.Local == local {
			return k
		}
	}
	return &node{}
}

func (n *node) str() string { return strings.TrimSpace(n.text.String()) }

func (n *node) attrValue(local string) string {
	for _, a := range n.attr {
		if a.Name.Local == local {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// newDecoder returns a strict decoder that knows HTML's named entities (exports written by
// PHP often use them) and takes any declared encoding as UTF-8.
func newDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(r)
	d.Strict = true
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(label string, input io.Reader) (io.Reader, error) { return input, nil }
	return d
}

// token reads the next token, turning syntax errors into LineErrors.
func token(d *xml.Decoder) (xml.Token, error) {
	tok, err := d.Token()
	if err != nil && err != io.EOF {
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			if se.Msg == "unexpected EOF" {
				return nil, &LineError{Line: se.Line, Msg: "the file ends inside an element: truncated?"}
			}
			return nil, &LineError{Line: se.Line, Msg: "malformed XML: " + se.Msg}
		}
		line, _ := d.InputPos()
		return nil, &LineError{Line: line, Msg: "malformed XML: " + err.Error()}
	}
	return tok, err
}

// readNode reads the element that start opened, up to its end tag.
func readNode(d *xml.Decoder, start xml.StartElement) (*node, error) {
	line, _ := d.InputPos()
	root := &node{name: start.Name, attr: start.Attr, line: line}
	stack := []*node{root}
	size := 0
	for {
		tok, err := token(d)
		if err == io.EOF {
			return nil, lineErrorf(line, "<%s> is not closed before the end of the file", start.Name.Local)
		}
		if err != nil {
			return nil, err
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			// Markup counts against the bound as text does: nested empty elements or huge
			// attributes hold no text yet cost memory all the same.
			size += len(t.Name.Local) + 16
			for _, a := range t.Attr {
				size += len(a.Name.Local) + len(a.Value) + 16
			}
			if size > maxElementBytes {
				return nil, lineErrorf(line, "<%s> holds more than %d MB", start.Name.Local, maxElementBytes>>20)
			}
			l, _ := d.InputPos()
			k := &node{name: t.Name, attr: t.Copy().Attr, line: l}
			top.kids = append(top.kids, k)
			stack = append(stack, k)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return root, nil
			}
		case xml.CharData:
			size += len(t)
			if size > maxElementBytes {
				return nil, lineErrorf(line, "<%s> holds more than %d MB of text", start.Name.Local, maxElementBytes>>20)
			}
			top.text.Write(t)
		}
	}
}

// cleanName makes a display name of what an export holds (fallback when empty), within the
// limits the live API enforces.
func cleanName(s, fallback string) string {
	if s = oneLine(s, parley.MaxNameRunes); s == "" {
		return fallback
	}
	return s
}

// oneLine returns s as one line without control characters, cut to max runes.
func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(cleanText(s)), " ")
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max])
	}
	return s
}

// threadKey returns the canonical URL the widget will look the thread up by.
func threadKey(link string) (string, bool) {
	u, err := parley.CleanURL("link", strings.TrimSpace(link))
	if err != nil {
		return "", false
	}
	return u, true
}
