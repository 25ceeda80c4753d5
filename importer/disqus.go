package importer

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"parley"
)

// ReadDisqus streams a Disqus export (<disqus> holding <category>, <thread> and <post>
// elements) into sink: each thread as it is read, then each post with its author inline.
// Disqus messages are HTML and come out as Markdown. Source ids: "dsq:thread:ID" for threads,
// "dsq:ID" for posts, "dsq:user:USERNAME" for registered authors and "dsq:guest:NAME" (plus
// ":EMAIL" when the export has one) for guests. Deleted posts come out as deleted, spam as
// rejected with reason "spam".
func ReadDisqus(r io.Reader, sink Sink) error {
	d := newDecoder(r)
	depth := 0
	for {
		tok, err := token(d)
		if err == io.EOF {
			if depth != 0 {
				line, _ := d.InputPos()
				return lineErrorf(line, "the file ends inside <disqus>")
			}
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			line, _ := d.InputPos()
			if depth == 0 {
				if t.Name.Local != "disqus" {
					return lineErrorf(line, "not a Disqus export: the document is <%s>, want <disqus>", t.Name.Local)
				}
				depth++
				continue
			}
			switch t.Name.Local {
			case "thread", "post":
				n, err := readNode(d, t)
				if err != nil {
					return err
				}
				if t.Name.Local == "thread" {
					err = disqusThread(n, sink)
				} else {
					err = disqusPost(n, sink)
				}
				if err != nil {
					return err
				}
			default:
				if err := d.Skip(); err != nil {
					return lineErrorf(line, "malformed XML in <%s>: %v", t.Name.Local, err)
				}
			}
		case xml.EndElement:
			depth--
		}
	}
}

func disqusThread(n *node, sink Sink) error {
	id := n.attrValue("id")
	if id == "" {
		return lineErrorf(n.line, "<thread> without dsq:id")
	}
	link := n.child("link").str()
	key, ok := threadKey(link)
	if !ok {
		return lineErrorf(n.line, "thread %s: link %q is not an absolute http(s) URL", id, link)
	}
	created, err := parseTime(n.child("createdAt").str())
	if err != nil {
		return lineErrorf(n.child("createdAt").line, "thread %s: createdAt: %v", id, err)
	}
	return sink.Thread(parley.TransferThread{
		Ref: "dsq:thread:" + id, SourceID: "dsq:thread:" + id, Key: key, URL: key,
		Title:  oneLine(n.child("title").str(), parley.MaxTitleRunes),
		Closed: n.child("isClosed").str() == "true", CreatedAt: created,
	})
}

func disqusPost(n *node, sink Sink) error {
	id := n.attrValue("id")
	if id == "" {
		return lineErrorf(n.line, "<post> without dsq:id")
	}
	thread := n.child("thread").attrValue("id")
	if thread == "" {
		return lineErrorf(n.line, "post %s: no <thread dsq:id>", id)
	}
	created, err := parseTime(n.child("createdAt").str())
	if err != nil {
		return lineErrorf(n.line, "post %s: createdAt: %v", id, err)
	}
	c := parley.TransferComment{
		Ref: "dsq:" + id, SourceID: "dsq:" + id, ThreadRef: "dsq:thread:" + thread,
		Text: HTMLToMarkdown(n.child("message").text.String(), false), Status: parley.StatusPublished,
		CreatedAt: created, Line: n.line, Author: disqusAuthor(n.child("author"), created),
	}
	if p := n.child("parent").attrValue("id"); p != "" {
		if p == id {
			return lineErrorf(n.line, "post %s is its own parent", id)
		}
		c.ParentRef = "dsq:" + p
	}
	switch {
	case n.child("isSpam").str() == "true":
		c.Status, c.Reason = parley.StatusRejected, "spam"
		c.Decision = sourceDecision(parley.ActionReject, CodeSourceSpam, "marked spam in the Disqus export")
	case n.child("isDeleted").str() == "true":
		// The export does not say when; the creation time keeps re-imports identical. No
		// decision: the author may have deleted it as well as a moderator.
		c.Status, c.DeletedAt = parley.StatusDeleted, created
	}
	return sink.Comment(c)
}

func disqusAuthor(a *node, seen time.Time) *parley.TransferUser {
	name := a.child("name").str()
	username := a.child("username").str()
	email := strings.ToLower(a.child("email").str())
	u := &parley.TransferUser{Email: email, CreatedAt: seen}
	if a.child("isAnonymous").str() == "true" || username == "" {
		u.Kind, u.Name = parley.UserGuest, cleanName(name, "Guest")
		u.SourceID = "dsq:guest:" + u.Name
		if email != "" {
			u.SourceID += ":" + email
		}
		return u
	}
	u.Kind, u.Name, u.SourceID = parley.UserRegistered, cleanName(name, username), "dsq:user:"+username
	return u
}

// parseTime reads an export's timestamp: RFC 3339, or WordPress's "2006-01-02 15:04:05" and
// Disqus's zone-less variant, both UTC. Microsecond precision, like storage.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, fmt.Errorf("missing")
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Truncate(time.Microsecond), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time like 2006-01-02T15:04:05Z", s)
}
