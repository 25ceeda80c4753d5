package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"parley"
)

// commentCols reads a comment with its author, so every listing is one query.
const commentCols = `c.id, c.thread_id, COALESCE(c.parent_id, 0), c.root_id, c.author_id, c.source, c.html, c.status,
	c.likes, c.created_at, c.edited_at, c.deleted_at, COALESCE(c.source_id, ''), c.featured, c.mod_note, u.name, u.kind, u.role`

const commentFrom = ` FROM comments c JOIN users u ON u.id = c.author_id `

func scanComment(r scanner, extra ...any) (parley.Comment, error) {
	var (
		c                parley.Comment
		created          int64
		edited, deleted  sql.NullInt64
		name, kind, role string
	)
	dest := append([]any{&c.ID, &c.ThreadID, &c.ParentID, &c.RootID, &c.AuthorID, &c.Source, &c.HTML, &c.Status,
		&c.Likes, &created, &edited, &deleted, &c.SourceID, &c.Featured, &c.ModNote, &name, &kind, &role}, extra...)
	if err := r.Scan(dest...); err != nil {
		return c, err
	}
	c.CreatedAt, c.EditedAt, c.DeletedAt = fromMicros(created), nullTime(edited), nullTime(deleted)
	c.Author = &parley.User{ID: c.AuthorID, Name: name, Kind: parley.UserKind(kind), Role: parley.Role(role)}
	return c, nil
}

func (s *Store) CreateComment(ctx context.Context, c *parley.Comment) error {
	return s.tx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var siteID string
		if err := tx.QueryRowContext(ctx, `UPDATE threads SET version = version + 1 WHERE id = ? RETURNING site_id`,
			c.ThreadID).Scan(&siteID); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return parley.Errorf(parley.ENOTFOUND, "thread %d not found", c.ThreadID)
			}
			return err
		}
		if c.Author != nil && c.Author.ID == 0 {
			if err := insertUser(ctx, tx, c.Author); err != nil {
				return fmt.Errorf("create author: %w", err)
			}
			c.AuthorID = c.Author.ID
		}
		var parent sql.NullInt64
		if c.ParentID != 0 {
			parent = sql.NullInt64{Int64: c.ParentID, Valid: true}
			if err := tx.QueryRowContext(ctx, `SELECT CASE root_id WHEN 0 THEN id ELSE root_id END FROM comments
				WHERE id = ? AND thread_id = ?`, c.ParentID, c.ThreadID).Scan(&c.RootID); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return parley.Invalid("parent", "parent comment %d is not in this thread", c.ParentID)
				}
				return err
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO comments (site_id, thread_id, parent_id, root_id, author_id, source, html,
			status, likes, created_at, edited_at, deleted_at, source_id, featured, mod_note)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			siteID, c.ThreadID, parent, c.RootID, c.AuthorID, c.Source, c.HTML, c.Status, c.Likes, micros(c.CreatedAt),
			nullMicros(c.EditedAt), nullMicros(c.DeletedAt), nullString(c.SourceID), c.Featured, c.ModNote).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("insert comment: %w", mapErr(err))
		}
		if c.ParentID == 0 {
			c.RootID = c.ID
			if _, err = tx.ExecContext(ctx, `UPDATE comments SET root_id = id WHERE id = ?`, c.ID); err != nil {
				return err
			}
		}
		if c.Decision != nil {
			return saveDecision(ctx, tx, c.ID, *c.Decision, c.CreatedAt)
		}
		return nil
	})
}

func (s *Store) Comment(ctx context.Context, id int64) (*parley.Comment, error) {
	c, err := scanComment(s.readStmt(ctx, `SELECT `+commentCols+commentFrom+`WHERE c.id = ?`).QueryRowContext(ctx, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, parley.Errorf(parley.ENOTFOUND, "comment %d not found", id)
	}
	return &c, err
}

func (s *Store) UpdateComment(ctx context.Context, c *parley.Comment) error {
	return s.tx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE comments SET source = ?, html = ?, status = ?, edited_at = ?, deleted_at = ?,
			featured = ?, mod_note = ? WHERE id = ?`, c.Source, c.HTML, c.Status, nullMicros(c.EditedAt), nullMicros(c.DeletedAt),
			c.Featured, c.ModNote, c.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return parley.Errorf(parley.ENOTFOUND, "comment %d not found", c.ID)
		}
		_, err = tx.ExecContext(ctx, `UPDATE threads SET version = version + 1 WHERE id = ?`, c.ThreadID)
		return err
	})
}

func (s *Store) SetLike(ctx context.Context, l parley.Like, on bool) (int, error) {
	var n int
	err := s.tx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var res sql.Result
		var err error
		if on {
			res, err = tx.ExecContext(ctx, `INSERT INTO likes (user_id, comment_id, created_at) VALUES (?, ?, ?)
				ON CONFLICT DO NOTHING`, l.UserID, l.CommentID, micros(l.CreatedAt))
		} else {
			res, err = tx.ExecContext(ctx, `DELETE FROM likes WHERE user_id = ? AND comment_id = ?`, l.UserID, l.CommentID)
		}
		if err != nil {
			return err
		}
		changed, err := res.RowsAffected()
		if err != nil {
			return err
		}
		delta := changed
		if !on {
			delta = -changed
		}
		var thread int64
		if err := tx.QueryRowContext(ctx, `UPDATE comments SET likes = likes + ? WHERE id = ? RETURNING likes, thread_id`,
			delta, l.CommentID).Scan(&n, &thread); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return parley.Errorf(parley.ENOTFOUND, "comment %d not found", l.CommentID)
			}
			return err
		}
		if changed == 0 {
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE threads SET version = version + 1 WHERE id = ?`, thread)
		return err
	})
	return n, err
}

func (s *Store) LikedIn(ctx context.Context, userID, threadID int64) ([]int64, error) {
	ids, err := column[int64](s.read.QueryContext(ctx, `SELECT l.comment_id FROM likes l JOIN comments c ON c.id = l.comment_id
		WHERE l.user_id = ? AND c.thread_id = ? ORDER BY l.comment_id`, userID, threadID))
	if ids == nil && err == nil {
		ids = []int64{} // "likes nothing" is an empty list to clients, not null
	}
	return ids, err
}

func (s *Store) CommentsSince(ctx context.Context, siteID string, userID int64, t time.Time) (int, error) {
	var n int
	err := s.readStmt(ctx, `SELECT COUNT(*) FROM comments WHERE author_id = ? AND site_id = ? AND created_at >= ?`).
		QueryRowContext(ctx, userID, siteID, micros(t)).Scan(&n)
	return n, err
}

func (s *Store) UserComments(ctx context.Context, siteID string, userID int64, before int64, limit int) ([]parley.Comment, error) {
	if before <= 0 {
		before = 1<<63 - 1
	}
	return s.comments(ctx, `SELECT `+commentCols+commentFrom+`WHERE c.author_id = ? AND c.site_id = ? AND c.status = 'published'
		AND c.id < ? ORDER BY c.id DESC LIMIT ?`, userID, siteID, before, limit)
}

func (s *Store) Descendants(ctx context.Context, rootID, after int64, limit int) ([]parley.Comment, error) {
	return s.comments(ctx, `SELECT `+commentCols+commentFrom+`WHERE c.root_id = ? AND c.id <> c.root_id AND c.id > ?
		AND c.status IN ('published', 'deleted') ORDER BY c.id LIMIT ?`, rootID, after, limit)
}

func (s *Store) comments(ctx context.Context, query string, args ...any) ([]parley.Comment, error) {
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []parley.Comment
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (s *Store) Participants(ctx context.Context, threadID int64) ([]string, error) {
	return column[string](s.readStmt(ctx, `SELECT u.name FROM participants p JOIN users u ON u.id = p.user_id
		WHERE p.thread_id = ? LIMIT 1000`).QueryContext(ctx, threadID))
}
