package server

import (
	"time"

	"parley"
)

// These are the API's JSON shapes, kept apart from the domain types so that neither bends to fit
// the other.

type userJSON struct {
	ID   int64           `json:"id"`
	Name string          `json:"name"`
	Kind parley.UserKind `json:"kind"`
	Role parley.Role     `json:"role,omitempty"`
}

type commentJSON struct {
	ID        int64          `json:"id"`
	Parent    int64          `json:"parent"`
	Author    *userJSON      `json:"author"`
	HTML      string         `json:"html"`
	Text      *string        `json:"text,omitempty"`
	Status    parley.Status  `json:"status"`
	Likes     int            `json:"likes"`
	CreatedAt time.Time      `json:"created_at"`
	EditedAt  *time.Time     `json:"edited_at"`
	Replies   []*commentJSON `json:"replies,omitempty"`
	More      *int           `json:"more_replies,omitempty"`
	Thread    *threadRefJSON `json:"thread,omitempty"`
}

type threadJSON struct {
	ID     int64  `json:"id"`
	URL    string `json:"url"`
	Title  string `json:"title"`
	Closed bool   `json:"closed"`
}

type threadRefJSON struct {
	URL   string `json:"url"`
	Title string `json:"title"`
}

type pageJSON struct {
	Thread   *threadJSON    `json:"thread"`
	Count    int            `json:"count"`
	Comments []*commentJSON `json:"comments"`
	Next     *string        `json:"next"`
}

func toUser(u *parley.User) *userJSON {
	if u == nil {
		return nil
	}
	return &userJSON{ID: u.ID, Name: u.Name, Kind: u.Kind, Role: u.Role}
}

// toComment shapes a comment for readers; a deleted one keeps its place but loses its author and
// words.
func toComment(c *parley.Comment, withSource bool) *commentJSON {
	out := &commentJSON{
		ID: c.ID, Parent: c.ParentID, HTML: c.HTML, Status: c.Status, Likes: c.Likes, CreatedAt: c.CreatedAt,
	}
	if c.Status == parley.StatusDeleted {
		out.HTML, out.Likes = "", 0
		return out
	}
	if c.Author != nil {
		out.Author = &userJSON{ID: c.Author.ID, Name: c.Author.Name, Kind: c.Author.Kind}
	}
	if !c.EditedAt.IsZero() {
		t := c.EditedAt
		out.EditedAt = &t
	}
	if withSource {
		src := c.Source
		out.Text = &src
	}
	return out
}

func toNodes(nodes []*parley.Node, top bool) []*commentJSON {
	out := make([]*commentJSON, 0, len(nodes))
	for _, n := range nodes {
		c := toComment(&n.Comment, false)
		c.Replies = toNodes(n.Replies, false)
		if top {
			more := n.More
			c.More = &more
		}
		out = append(out, c)
	}
	return out
}

func toPage(p *parley.Page) *pageJSON {
	return &pageJSON{
		Thread: &threadJSON{ID: p.Thread.ID, URL: p.Thread.URL, Title: p.Thread.Title, Closed: p.Thread.Closed},
		Count:  p.Count, Comments: toNodes(p.Comments, true), Next: encodeCursor(p.Next),
	}
}
