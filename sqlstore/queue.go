package sqlstore

import (
	"context"
	"database/sql"

	"parley"
)

// queueWhere builds the filter shared by the queue listing; the site list always restricts it.
func queueWhere(f parley.QueueFilter) (string, []any) {
	w := ` WHERE c.site_id IN (` + placeholders(len(f.Sites)) + `)`
	args := anyStrings(f.Sites)
	switch f.Queue {
	case parley.QueuePending:
		w += ` AND c.status = 'pending'`
	case parley.QueueRejected:
		w += ` AND c.status = 'rejected'`
	case parley.QueueReported:
		w += ` AND c.status IN ('published', 'pending') AND EXISTS (SELECT 1 FROM reports r WHERE r.comment_id = c.id AND r.resolved_at IS NULL)`
	default:
		w += ` AND c.status <> 'deleted'`
	}
	if f.ThreadID != 0 {
		w += ` AND c.thread_id = ?`
		args = append(args, f.ThreadID)
	}
	if f.UserID != 0 {
		w += ` AND c.author_id = ?`
		args = append(args, f.UserID)
	}
	if f.Text != "" {
		w += ` AND instr(lower(c.source), lower(?)) > 0`
		args = append(args, f.Text)
	}
	if f.Category != "" {
		w += ` AND COALESCE(json_extract(d.scores, '$.' || ?), 0) >= ?`
		args = append(args, f.Category, f.MinScore)
	} else if f.MinScore > 0 {
		w += ` AND COALESCE(d.max_score, 0) >= ?`
		args = append(args, f.MinScore)
	}
	return w, args
}

func (s *Store) QueueItems(ctx context.Context, f parley.QueueFilter) ([]parley.QueueItem, error) {
	if len(f.Sites) == 0 {
		return nil, nil
	}
	where, args := queueWhere(f)
	order := ` ORDER BY COALESCE(d.max_score, 0) DESC, c.id DESC`
	switch f.Sort {
	case "new":
		order = ` ORDER BY c.created_at DESC, c.id DESC`
	case "old":
		order = ` ORDER BY c.created_at, c.id`
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+commentCols+`, `+threadColsT+`, COALESCE(d.action, ''), COALESCE(d.reasons, '[]'),
		COALESCE(d.spans, '[]'), COALESCE(d.scores, '{}')`+commentFrom+` JOIN threads t ON t.id = c.thread_id
		LEFT JOIN decisions d ON d.comment_id = c.id`+where+order+` LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, err
	}
	var items []parley.QueueItem
	for rows.Next() {
		var it parley.QueueItem
		var tCreated int64
		var action, reasons, spans, scores string
		c, err := scanComment(rows, &it.Thread.ID, &it.Thread.SiteID, &it.Thread.Key, &it.Thread.URL, &it.Thread.Title,
			&it.Thread.Closed, &it.Thread.Version, &tCreated, &action, &reasons, &spans, &scores)
		if err != nil {
			rows.Close()
			return nil, err
		}
		it.Comment, it.Thread.CreatedAt = c, fromMicros(tCreated)
		if action != "" {
			if it.Decision, err = scanDecision(action, reasons, spans, scores); err != nil {
				rows.Close()
				return nil, err
			}
		}
		items = append(items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range items {
		if items[i].Reports, err = s.reports(ctx, items[i].Comment.ID); err != nil {
			return nil, err
		}
	}
	return items, nil
}

const threadColsT = `t.id, t.site_id, t.key, t.url, t.title, t.closed, t.version, t.created_at`

func (s *Store) reports(ctx context.Context, commentID int64) ([]parley.Report, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, site_id, comment_id, user_id, reason, note, created_at, resolved_at
		FROM reports WHERE comment_id = ? ORDER BY id`, commentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []parley.Report
	for rows.Next() {
		var r parley.Report
		var created int64
		var resolved sql.NullInt64
		if err := rows.Scan(&r.ID, &r.SiteID, &r.CommentID, &r.UserID, &r.Reason, &r.Note, &created, &resolved); err != nil {
			return nil, err
		}
		r.CreatedAt, r.ResolvedAt = fromMicros(created), nullTime(resolved)
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s *Store) QueueCounts(ctx context.Context, sites []string) (map[parley.Queue]int, error) {
	out := map[parley.Queue]int{}
	for _, q := range []parley.Queue{parley.QueuePending, parley.QueueReported, parley.QueueRejected} {
		if len(sites) == 0 {
			out[q] = 0
			continue
		}
		where, args := queueWhere(parley.QueueFilter{Queue: q, Sites: sites})
		var n int
		if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM comments c LEFT JOIN decisions d ON d.comment_id = c.id`+where,
			args...).Scan(&n); err != nil {
			return nil, err
		}
		out[q] = n
	}
	return out, nil
}
