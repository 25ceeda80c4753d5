package sqlstore

import (
	"context"
	"database/sql"

	"parley"
)

var _ parley.PersonalStore = (*Store)(nil)

func (s *Store) PersonalData(ctx context.Context, siteID string, userID int64) (*parley.PersonalData, error) {
	u, err := s.User(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := &parley.PersonalData{User: u}
	if out.Comments, err = s.comments(ctx, `SELECT `+commentCols+commentFrom+`WHERE c.author_id = ? AND c.site_id = ?
		ORDER BY c.created_at, c.id`, userID, siteID); err != nil {
		return nil, err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT l.comment_id, l.created_at FROM likes l JOIN comments c ON c.id = l.comment_id
		WHERE l.user_id = ? AND c.site_id = ? ORDER BY l.created_at`, userID, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		l := parley.Like{UserID: userID}
		var at int64
		if err := rows.Scan(&l.CommentID, &at); err != nil {
			return nil, err
		}
		l.CreatedAt = fromMicros(at)
		out.Likes = append(out.Likes, l)
	}
	return out, rows.Err()
}

// EraseUser runs in one transaction so a request is either honoured whole or not at all.
func (s *Store) EraseUser(ctx context.Context, siteID string, userID int64, mode parley.Erasure, at int64) (int, error) {
	var n int64
	err := s.tx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		// Every thread the user touched changes for readers: bump them before the rows move.
		if _, err := tx.ExecContext(ctx, `UPDATE threads SET version = version + 1 WHERE id IN (
			SELECT thread_id FROM comments WHERE author_id = ? AND site_id = ?
			UNION SELECT c.thread_id FROM likes l JOIN comments c ON c.id = l.comment_id WHERE l.user_id = ? AND c.site_id = ?)`,
			userID, siteID, userID, siteID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE comments SET likes = likes - 1 WHERE id IN (
			SELECT l.comment_id FROM likes l JOIN comments c ON c.id = l.comment_id WHERE l.user_id = ? AND c.site_id = ?)`,
			userID, siteID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM likes WHERE user_id = ? AND comment_id IN (SELECT id FROM comments WHERE site_id = ?)`,
			userID, siteID); err != nil {
			return err
		}
		if mode == parley.ErasureAnonymize {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM comments WHERE author_id = ? AND site_id = ?`,
				userID, siteID).Scan(&n); err != nil {
				return err
			}
		} else {
			// Decisions quote the words that drove their scores; those go with the text.
			if _, err := tx.ExecContext(ctx, `UPDATE decisions SET spans = '[]' WHERE comment_id IN (
				SELECT id FROM comments WHERE author_id = ? AND site_id = ?)`, userID, siteID); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `UPDATE comments SET status = 'deleted', source = '', html = '',
				deleted_at = COALESCE(deleted_at, ?) WHERE author_id = ? AND site_id = ?`, at, userID, siteID)
			if err != nil {
				return err
			}
			if n, err = res.RowsAffected(); err != nil {
				return err
			}
		}
		// The account itself loses what identifies a person either way.
		_, err := tx.ExecContext(ctx, `UPDATE users SET name = 'Former reader', email = NULL, erased_at = ? WHERE id = ? AND role = 'reader'`,
			at, userID)
		return err
	})
	return int(n), err
}
