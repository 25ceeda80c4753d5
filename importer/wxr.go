package importer

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"strings"

	"parley"
)

// ReadWXR streams a WordPress export (WXR: <rss><channel><item>… with <wp:comment> elements)
// into sink: a thread for each item that has comments, emitted just before its first comment,
// then the comments in file order. comment_approved 1/0/spam/trash become published, pending,
// rejected (reason "spam") and deleted; pingbacks and trackbacks are not comments and are
// skipped. Source ids: "wp:post:ID" for threads, "wp:ID" for comments, "wp:user:HOST:ID" for
// registered authors (WordPress user ids are per blog) and "wp:guest:NAME[:EMAIL]" for guests.
func ReadWXR(r io.Reader, sink Sink) error {
	d := newDecoder(r)
	var host string
	depth := 0
	for {
		tok, err := token(d)
		if err == io.EOF {
			if depth != 0 {
				line, _ := d.InputPos()
				return lineErrorf(line, "the file ends inside <%s>", map[bool]string{true: "rss", false: "channel"}[depth == 1])
			}
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			line, _ := d.InputPos()
			switch {
			case depth == 0:
				if t.Name.Local != "rss" {
					return lineErrorf(line, "not a WordPress export: the document is <%s>, want <rss>", t.Name.Local)
				}
				depth++
			case depth == 1 && t.Name.Local == "channel":
				depth++
			case depth == 2 && t.Name.Local == "item":
				if err := wxrItem(d, t, host, sink); err != nil {
					return err
				}
			case depth == 2 && t.Name.Local == "base_site_url":
				n, err := readNode(d, t)
				if err != nil {
					return err
				}
				if u, err := url.Parse(n.str()); err == nil {
					host = u.Host
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

// wxrItem reads one item child by child, so a post with a hundred thousand comments is still
// read one comment at a time.
func wxrItem(d *xml.Decoder, start xml.StartElement, host string, sink Sink) error {
	itemLine, _ := d.InputPos()
	fields := map[string]string{}
	var thread *parley.TransferThread
	for {
		tok, err := token(d)
		if err == io.EOF {
			return lineErrorf(itemLine, "<item> is not closed before the end of the file")
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n, err := readNode(d, t)
			if err != nil {
				return err
			}
			if t.Name.Local != "comment" || !strings.HasPrefix(t.Name.Space, "http://wordpress.org/export/") {
				if _, seen := fields[t.Name.Local]; !seen {
					fields[t.Name.Local] = n.str()
				}
				continue
			}
			if thread == nil {
				if thread, err = wxrThread(fields, itemLine); err != nil {
					return err
				}
				if err := sink.Thread(*thread); err != nil {
					return err
				}
			}
			if err := wxrComment(n, thread, host, sink); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

func wxrThread(f map[string]string, line int) (*parley.TransferThread, error) {
	key, ok := threadKey(f["link"])
	if !ok {
		if key, ok = threadKey(f["guid"]); !ok {
			return nil, lineErrorf(line, "item %q has comments but no http(s) <link>", f["title"])
		}
	}
	ref := "wp:link:" + key
	if id := f["post_id"]; id != "" {
		ref = "wp:post:" + id
	}
	t := &parley.TransferThread{Ref: ref, SourceID: ref, Key: key, URL: key,
		Title: oneLine(f["title"], parley.MaxTitleRunes), Closed: f["comment_status"] == "closed"}
	for _, k := range []string{"post_date_gmt", "post_date"} {
		if tm, err := parseTime(f[k]); err == nil && !strings.HasPrefix(f[k], "0000") {
			t.CreatedAt = tm
			break
		}
	}
	return t, nil
}

func wxrComment(n *node, thread *parley.TransferThread, host string, sink Sink) error {
	id := n.child("comment_id").str()
	if id == "" {
		return lineErrorf(n.line, "<wp:comment> without comment_id")
	}
	switch n.child("comment_type").str() {
	case "pingback", "trackback":
		return nil
	}
	date := n.child("comment_date_gmt").str()
	if date == "" || strings.HasPrefix(date, "0000") {
		date = n.child("comment_date").str()
	}
	created, err := parseTime(date)
	if err != nil {
		return lineErrorf(n.line, "comment %s: comment_date: %v", id, err)
	}
	c := parley.TransferComment{
		Ref: "wp:" + id, SourceID: "wp:" + id, ThreadRef: thread.Ref, Status: parley.StatusPublished,
		Text:      HTMLToMarkdown(n.child("comment_content").text.String(), true),
		CreatedAt: created, Line: n.line,
	}
	if p := n.child("comment_parent").str(); p != "" && p != "0" {
		if p == id {
			return lineErrorf(n.line, "comment %s is its own parent", id)
		}
		c.ParentRef = "wp:" + p
	}
	switch approved := n.child("comment_approved").str(); approved {
	case "1", "approve", "approved":
	case "spam":
		c.Status, c.Reason = parley.StatusRejected, "spam"
		c.Decision = sourceDecision(parley.ActionReject, CodeSourceSpam, "marked spam in the WordPress export")
	case "trash", "post-trashed":
		c.Status, c.DeletedAt = parley.StatusDeleted, created
		c.Decision = sourceDecision(parley.ActionReject, CodeSourceTrash, "in the trash in the WordPress export")
	case "0", "hold":
		c.Status = parley.StatusPending
		c.Decision = sourceDecision(parley.ActionHold, CodeSourcePending, "awaiting moderation in the WordPress export")
	default: // anything unknown: a moderator should look first
		c.Status = parley.StatusPending
		c.Decision = sourceDecision(parley.ActionHold, CodeSourcePending,
			fmt.Sprintf("comment_approved %q in the WordPress export", oneLine(approved, 40)))
	}
	name := n.child("comment_author").str()
	email := strings.ToLower(n.child("comment_author_email").str())
	u := &parley.TransferUser{Email: email, CreatedAt: created}
	if uid := n.child("comment_user_id").str(); uid != "" && uid != "0" {
		u.Kind, u.Name, u.SourceID = parley.UserRegistered, cleanName(name, "user "+uid), "wp:user:"+host+":"+uid
	} else {
		u.Kind, u.Name = parley.UserGuest, cleanName(name, "Guest")
		u.SourceID = "wp:guest:" + u.Name
		if email != "" {
			u.SourceID += ":" + email
		}
	}
	c.Author = u
	return sink.Comment(c)
}
