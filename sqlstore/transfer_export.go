package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"

	"parley"
)

// InstanceID names this database in exports, so that an export's synthesised source ids for
// native rows can be recognised when the file comes back.
func (s *Store) InstanceID(ctx context.Context) (string, error) {
	return s.Setting(ctx, "instance_id", func() string {
		b := make([]byte, 8)
		rand.Read(b)
		return hex.EncodeToString(b)
	})
}

// Export streams everything of a site to sink from one read snapshot: the site, its threads,
// the users its records name (authors, likers, reporters, moderators in its audit log, banned
// users), its comments (in id order, so parents come before replies), its likes, then its
// moderation records: decisions, reports, bans and the audit log. Rows are handed on as they
// are read, never collected. Staff assignments, sessions and sign-in tokens are not part of a
// site's data and never leave the database.
// Native rows have no source id; they get "parley:INSTANCE:ID" (users "parley:INSTANCE:user:ID")
// so that a re-import of the file anywhere is idempotent.
func (s *Store) Export(ctx context.Context, siteID, instance string, sink parley.TransferSink) error {
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer tx.Rollback()
	site, err := scanSite(tx.QueryRowContext(ctx, `SELECT id, name, origins, settings, created_at FROM sites WHERE id = ?`, siteID))
	if errors.Is(err, sql.ErrNoRows) {
		return parley.Errorf(parley.ENOTFOUND, "site %q not found", siteID)
	}
	if err != nil {
		return fmt.Errorf("export site: %w", err)
	}
	if err := sink.Site(*site); err != nil {
		return err
	}
	ref := func(id int64) string { return strconv.FormatInt(id, 10) }
	own := func(kind string, id int64) string { return "parley:" + instance + ":" + kind + ref(id) }
	steps := []exportStep{
		{"threads", `SELECT id, key, url, title, closed, created_at, COALESCE(source_id, ''), premod, slow_minutes, heated_at
			FROM threads WHERE site_id = ?1 ORDER BY id`, func(r *sql.Rows) error {
			var t parley.TransferThread
			var id, created int64
			var heated sql.NullInt64
			if err := r.Scan(&id, &t.Key, &t.URL, &t.Title, &t.Closed, &created, &t.SourceID, &t.Premod, &t.SlowMinutes,
				&heated); err != nil {
				return err
			}
			t.Ref, t.CreatedAt, t.HeatedAt = ref(id), fromMicros(created), nullTime(heated)
			return sink.Thread(t)
		}},
		{"users", `SELECT ` + userCols + ` FROM users WHERE id IN (SELECT author_id FROM comments WHERE site_id = ?1
			UNION SELECT l.user_id FROM likes l JOIN comments c ON c.id = l.comment_id WHERE c.site_id = ?1
			UNION SELECT user_id FROM reports WHERE site_id = ?1
			UNION SELECT actor_id FROM audit WHERE site_id = ?1 AND actor_id IS NOT NULL
			UNION SELECT target_id FROM audit WHERE site_id = ?1 AND target_type = 'user'
			UNION SELECT user_id FROM standings WHERE site_id = ?1 AND ` + hasBan + `) ORDER BY id`,
			func(r *sql.Rows) error {
				u, err := scanUser(r)
				if err != nil {
					return err
				}
				if u.SourceID == "" {
					u.SourceID = own("user:", u.ID)
				}
				return sink.User(parley.TransferUser{Ref: ref(u.ID), Name: u.Name, Kind: u.Kind, Role: u.Role,
					Email: u.Email, SourceID: u.SourceID, CreatedAt: u.CreatedAt})
			}},
		{"comments", `SELECT id, thread_id, COALESCE(parent_id, 0), author_id, source, status, status_reason, likes,
			created_at, edited_at, deleted_at, COALESCE(source_id, ''), featured, mod_note FROM comments WHERE site_id = ?1 ORDER BY id`,
			func(r *sql.Rows) error {
				var c parley.TransferComment
				var id, thread, parent, author, created int64
				var edited, deleted sql.NullInt64
				if err := r.Scan(&id, &thread, &parent, &author, &c.Text, &c.Status, &c.Reason, &c.Likes, &created,
					&edited, &deleted, &c.SourceID, &c.Featured, &c.ModNote); err != nil {
					return err
				}
				c.Ref, c.ThreadRef, c.AuthorRef = ref(id), ref(thread), ref(author)
				if parent != 0 {
					c.ParentRef = ref(parent)
				}
				if c.SourceID == "" {
					c.SourceID = own("", id)
				}
				c.CreatedAt, c.EditedAt, c.DeletedAt = fromMicros(created), nullTime(edited), nullTime(deleted)
				return sink.Comment(c)
			}},
		{"likes", `SELECT l.user_id, l.comment_id, l.created_at FROM likes l JOIN comments c ON c.id = l.comment_id
			WHERE c.site_id = ?1 ORDER BY l.comment_id, l.user_id`, func(r *sql.Rows) error {
			var user, comment, created int64
			if err := r.Scan(&user, &comment, &created); err != nil {
				return err
			}
			return sink.Like(parley.TransferLike{UserRef: ref(user), CommentRef: ref(comment), CreatedAt: fromMicros(created)})
		}},
	}
	for _, st := range append(steps, moderationSteps(sink, ref)...) {
		if err := exportRows(ctx, tx, st.query, siteID, st.row); err != nil {
			return fmt.Errorf("export %s: %w", st.what, err)
		}
	}
	return nil
}

// exportStep is one query of an export and what to do with each of its rows.
type exportStep struct {
	what  string
	query string // ?1 is the site id
	row   func(*sql.Rows) error
}

func exportRows(ctx context.Context, tx *sql.Tx, query, siteID string, row func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query, siteID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
