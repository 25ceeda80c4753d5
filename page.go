package parley

import (
	"context"
	"sort"
)

// Page is one page of a thread as readers see it: top-level comments with their first replies
// nested beneath them.
type Page struct {
	Thread   *Thread
	Comments []*Node
	Next     Cursor // zero on the last page
	Count    int    // published comments in the whole thread
}

// Node is a comment with the replies loaded under it. More counts the descendants of a
// top-level comment that were not loaded (fetched with Service.Replies).
type Node struct {
	Comment
	Replies []*Node
	More    int
}

// Thread returns a site's thread by key.
func (s *Service) Thread(ctx context.Context, siteID, key string) (*Thread, error) {
	return s.Store.Thread(ctx, siteID, key)
}

// Page builds one page of the thread's tree.
func (s *Service) Page(ctx context.Context, t *Thread, q PageQuery) (*Page, error) {
	q.ThreadID = t.ID
	if q.Limit <= 0 {
		q.Limit = DefaultPageSize
	}
	if q.Limit > MaxPageSize {
		q.Limit = MaxPageSize
	}
	if q.Replies <= 0 {
		q.Replies = DefaultReplies
	}
	rows, err := s.Store.Page(ctx, q)
	if err != nil {
		return nil, err
	}
	p := &Page{Thread: t, Next: rows.Next, Count: rows.Count}
	byID := make(map[int64]*Node, len(rows.Top)+len(rows.Descendants))
	for i := range rows.Top {
		n := &Node{Comment: rows.Top[i]}
		byID[n.ID] = n
		p.Comments = append(p.Comments, n)
	}
	attach(byID, rows.Descendants)
	for _, n := range p.Comments {
		loaded := countNodes(n.Replies)
		n.More = max(rows.Totals[n.ID]-loaded, 0)
		n.Replies = prune(n.Replies)
	}
	return p, nil
}

// Replies returns the next descendants of a top-level comment after the given id, as a flat
// list in creation order (parents before children) for the client to attach.
func (s *Service) Replies(ctx context.Context, rootID, after int64, limit int) ([]Comment, error) {
	if limit <= 0 || limit > MaxPageSize {
		limit = DefaultReplies
	}
	root, err := s.Store.Comment(ctx, rootID)
	if err != nil {
		return nil, err
	}
	if root.ParentID != 0 {
		return nil, Invalid("id", "replies are listed per top-level comment")
	}
	// A held or rejected root hides its whole conversation from the thread, so here too.
	if root.Status != StatusPublished && root.Status != StatusDeleted {
		return nil, Errorf(ENOTFOUND, "comment %d not found", rootID)
	}
	return s.Store.Descendants(ctx, rootID, after, limit)
}

// attach links descendants (ordered parents first) under their parents; a reply whose parent
// was not loaded is dropped from this page (it arrives with Replies).
func attach(byID map[int64]*Node, desc []Comment) {
	for i := range desc {
		n := &Node{Comment: desc[i]}
		parent, ok := byID[n.ParentID]
		if !ok {
			continue
		}
		byID[n.ID] = n
		parent.Replies = append(parent.Replies, n)
	}
	for _, n := range byID {
		sort.SliceStable(n.Replies, func(i, j int) bool {
			a, b := n.Replies[i], n.Replies[j]
			if !a.CreatedAt.Equal(b.CreatedAt) {
				return a.CreatedAt.Before(b.CreatedAt)
			}
			return a.ID < b.ID
		})
	}
}

// prune drops deleted replies that have nothing beneath them: a placeholder is only worth
// showing when it keeps a conversation together.
func prune(nodes []*Node) []*Node {
	out := nodes[:0]
	for _, n := range nodes {
		n.Replies = prune(n.Replies)
		if n.Status == StatusDeleted && len(n.Replies) == 0 {
			continue
		}
		out = append(out, n)
	}
	return out
}

func countNodes(nodes []*Node) int {
	n := len(nodes)
	for _, c := range nodes {
		n += countNodes(c.Replies)
	}
	return n
}
