package sqlstore

import (
	"context"
	"fmt"

	"parley"
)

// visibleTop admits published top-level comments and deleted ones that still hold a conversation.
const visibleTop = `(c.status = 'published' OR (c.status = 'deleted' AND EXISTS (
	SELECT 1 FROM comments d WHERE d.root_id = c.id AND d.id <> c.id AND d.status = 'published')))`

func (s *Store) Page(ctx context.Context, q parley.PageQuery) (*parley.PageRows, error) {
	var keyCol, order, after string
	switch q.Sort {
	case parley.SortNew:
		keyCol, order, after = "c.created_at", "c.created_at DESC, c.id DESC", "(c.created_at < ? OR (c.created_at = ? AND c.id < ?))"
	case parley.SortOld:
		keyCol, order, after = "c.created_at", "c.created_at, c.id", "(c.created_at > ? OR (c.created_at = ? AND c.id > ?))"
	default:
		keyCol, order, after = "c.likes", "c.likes DESC, c.id DESC", "(c.likes < ? OR (c.likes = ? AND c.id < ?))"
	}
	args := []any{q.ThreadID}
	cond := ""
	if !q.Cursor.IsZero() {
		cond = " AND " + after
		args = append(args, q.Cursor.Key, q.Cursor.Key, q.Cursor.ID)
	}
	args = append(args, q.Limit+1)
	rows, err := s.readStmt(ctx, `SELECT `+commentCols+`, `+keyCol+commentFrom+
		`WHERE c.thread_id = ? AND c.parent_id IS NULL AND `+visibleTop+cond+` ORDER BY `+order+` LIMIT ?`).QueryContext(ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("page of thread %d: %w", q.ThreadID, err)
	}
	out := &parley.PageRows{Totals: map[int64]int{}}
	var keys []int64
	for rows.Next() {
		var key int64
		c, err := scanComment(rows, &key)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out.Top = append(out.Top, c)
		keys = append(keys, key)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out.Top) > q.Limit {
		out.Top = out.Top[:q.Limit]
		last := out.Top[q.Limit-1]
		out.Next = parley.Cursor{Key: keys[q.Limit-1], ID: last.ID}
	}
	if err := s.readStmt(ctx, `SELECT COUNT(*) FROM comments WHERE thread_id = ? AND status = 'published'`).
		QueryRowContext(ctx, q.ThreadID).Scan(&out.Count); err != nil {
		return nil, err
	}
	if len(out.Top) == 0 {
		return out, nil
	}
	// The id list is padded to the page size with 0 (no comment has it), so there is one query
	// text per page size and its prepared statement is reused.
	ids := make([]any, q.Limit, q.Limit+1)
	for i := range ids {
		ids[i] = 0
		if i < len(out.Top) {
			ids[i] = out.Top[i].ID
		}
	}
	// The first replies of every top-level comment of the page in one query; the window counts
	// what is left for "show more".
	drows, err := s.readStmt(ctx, `SELECT * FROM (SELECT `+commentCols+`,
		ROW_NUMBER() OVER (PARTITION BY c.root_id ORDER BY c.id) AS rn, COUNT(*) OVER (PARTITION BY c.root_id) AS total`+
		commentFrom+`WHERE c.root_id IN (`+placeholders(len(ids))+`) AND c.id <> c.root_id
		AND c.status IN ('published', 'deleted')) AS d WHERE d.rn <= ? ORDER BY d.id`).QueryContext(ctx, append(ids, q.Replies)...)
	if err != nil {
		return nil, fmt.Errorf("replies of thread %d: %w", q.ThreadID, err)
	}
	defer drows.Close()
	for drows.Next() {
		var rn, total int
		c, err := scanComment(drows, &rn, &total)
		if err != nil {
			return nil, err
		}
		out.Descendants = append(out.Descendants, c)
		out.Totals[c.RootID] = total
	}
	return out, drows.Err()
}
