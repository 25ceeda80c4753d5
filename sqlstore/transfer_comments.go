package sqlstore

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"parley"
)

// comment writes one comment unless its source id is already in the site. A comment whose
// thread, author or parent has not been written yet waits in import_pending and is retried
// when that appears; asOrphan places a reply whose parent never came as a top-level comment.
func (im *Import) comment(c parley.TransferComment, asOrphan bool) error {
	where := func(err error) error {
		if c.Line > 0 {
			return fmt.Errorf("line %d: comment %s: %w", c.Line, c.SourceID, err)
		}
		return fmt.Errorf("comment %s: %w", c.SourceID, err)
	}
	if c.SourceID == "" {
		return where(errors.New("no source id"))
	}
	if !c.Status.Valid() {
		return where(fmt.Errorf("status %q", c.Status))
	}
	existing, found, err := im.existing(c.SourceID)
	if err != nil {
		return where(err)
	}
	if found {
		im.stats.Existing++
		return im.mapComment(c.Ref, existing)
	}
	thread, ok, err := im.resolveThread(c.ThreadRef)
	if err != nil || !ok {
		return im.waitOr(err, "t:"+c.ThreadRef, pendingRecord{Comment: &c})
	}
	var author int64
	if c.Author != nil {
		if author, err = im.user(*c.Author); err != nil {
			return where(err)
		}
	} else if author, ok, err = im.resolveUser(c.AuthorRef); err != nil || !ok {
		return im.waitOr(err, "u:"+c.AuthorRef, pendingRecord{Comment: &c})
	}
	ref := commentRef{id: im.nextID, root: im.nextID, thread: thread}
	var parent sql.NullInt64
	if c.ParentRef != "" && !asOrphan {
		p, ok, err := im.resolveComment(c.ParentRef)
		if err != nil || !ok {
			return im.waitOr(err, "c:"+c.ParentRef, pendingRecord{Comment: &c})
		}
		if p.thread == thread {
			parent, ref.root = sql.NullInt64{Int64: p.id, Valid: true}, p.root
		} else {
			asOrphan = true // a reply filed under another thread: keep it where it was posted
		}
	}
	if c.HTML == "" && c.Text != "" && im.opt.Render != nil {
		if c.HTML, err = im.opt.Render(c.Text); err != nil {
			return where(err)
		}
	}
	if asOrphan && c.ParentRef != "" {
		im.stats.Orphans++
	}
	if _, err := im.exec(`INSERT INTO comments (id, site_id, thread_id, parent_id, root_id, author_id,
		source, html, status, likes, created_at, edited_at, deleted_at, source_id, status_reason, featured, mod_note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)`,
		ref.id, im.opt.SiteID, thread, parent, ref.root, author, c.Text, c.HTML, c.Status, micros(c.CreatedAt),
		nullMicros(c.EditedAt), nullMicros(c.DeletedAt), c.SourceID, c.Reason, c.Featured, c.ModNote); err != nil {
		return where(mapErr(err))
	}
	im.nextID++
	if c.Decision != nil {
		if _, err := im.putDecision(ref.id, c.Decision, time.Time{}); err != nil {
			return where(err)
		}
	}
	im.touched[thread] = true
	im.stats.Comments++
	switch c.Status {
	case parley.StatusDeleted:
		im.stats.Deleted++
	case parley.StatusRejected:
		im.stats.Rejected++
	case parley.StatusPending:
		im.stats.Pending++
	}
	return im.mapComment(c.Ref, ref)
}

func (im *Import) mapComment(ref string, c commentRef) error {
	im.comments.put(ref, c)
	return im.setRef("c", ref, c.id)
}

const commentRefCols = `SELECT id, root_id, thread_id FROM comments `

// existing finds a comment of the site by source id, or by id when the source id is one an
// export of this database synthesised.
func (im *Import) existing(sourceID string) (commentRef, bool, error) {
	c, found, err := im.queryComment(commentRefCols+`WHERE site_id = ? AND source_id = ?`, im.opt.SiteID, sourceID)
	if err == nil && !found {
		if id, ok := im.ownID(sourceID, ""); ok {
			return im.queryComment(commentRefCols+`WHERE id = ? AND site_id = ?`, id, im.opt.SiteID)
		}
	}
	return c, found, err
}

func (im *Import) resolveComment(ref string) (commentRef, bool, error) {
	if c, ok := im.comments[ref]; ok {
		return c, true, nil
	}
	var c commentRef
	var found bool
	var err error
	if im.opt.ByExportID {
		var id int64
		if id, found, err = im.refID("c", ref); found {
			c, found, err = im.queryComment(commentRefCols+`WHERE id = ?`, id)
		}
	} else {
		c, found, err = im.existing(ref)
	}
	if found {
		im.comments.put(ref, c)
	}
	return c, found, err
}

func (im *Import) queryComment(query string, args ...any) (commentRef, bool, error) {
	var c commentRef
	err := im.queryRow(query, args...).Scan(&c.id, &c.root, &c.thread)
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	return c, err == nil, err
}

func (im *Import) like(l parley.TransferLike) error {
	user, ok, err := im.resolveUser(l.UserRef)
	if err != nil || !ok {
		return im.waitOr(err, "u:"+l.UserRef, pendingRecord{Like: &l})
	}
	c, ok, err := im.resolveComment(l.CommentRef)
	if err != nil || !ok {
		return im.waitOr(err, "c:"+l.CommentRef, pendingRecord{Like: &l})
	}
	created := l.CreatedAt
	if created.IsZero() {
		created = im.opt.Now()
	}
	res, err := im.exec(`INSERT INTO likes (user_id, comment_id, created_at) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, user, c.id, micros(created))
	if err != nil {
		return fmt.Errorf("like of comment %s: %w", l.CommentRef, mapErr(err))
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	if _, err := im.exec(`UPDATE comments SET likes = likes + 1 WHERE id = ?`, c.id); err != nil {
		return fmt.Errorf("count like of comment %s: %w", l.CommentRef, err)
	}
	im.touched[c.thread] = true
	im.stats.Likes++
	return nil
}

// waitOr parks a record until key appears (or returns err when the lookup itself failed).
func (im *Import) waitOr(err error, key string, p pendingRecord) error {
	if err != nil {
		return err
	}
	b, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("park record: %w", err)
	}
	self := ""
	if p.Comment != nil {
		self = "c:" + p.Comment.Ref
	}
	if _, err := im.exec(`INSERT INTO import_pending (waits_for, self, record) VALUES (?, ?, ?)`,
		key, self, string(b)); err != nil {
		return fmt.Errorf("park record: %w", err)
	}
	im.pending++
	return nil
}

// drain retries the records that waited for the keys that have appeared. It works through a
// queue instead of recursing, so a long chain of replies filed before their parents cannot
// exhaust the stack.
func (im *Import) drain() error {
	if im.draining {
		return nil
	}
	im.draining = true
	defer func() { im.draining = false }()
	for len(im.queue) > 0 && im.pending > 0 {
		key := im.queue[0]
		im.queue = im.queue[1:]
		recs, err := im.takeWaiting(key)
		if err != nil {
			return err
		}
		for _, p := range recs {
			if err := im.retry(p); err != nil {
				return err
			}
		}
	}
	im.queue = im.queue[:0]
	return nil
}

func (im *Import) takeWaiting(key string) ([]pendingRecord, error) {
	rows, err := im.query(`SELECT record FROM import_pending WHERE waits_for = ? ORDER BY seq`, key)
	if err != nil {
		return nil, fmt.Errorf("read waiting records: %w", err)
	}
	var out []pendingRecord
	for rows.Next() {
		var rec string
		var p pendingRecord
		if err := rows.Scan(&rec); err != nil {
			rows.Close()
			return nil, err
		}
		if err := json.Unmarshal([]byte(rec), &p); err != nil {
			rows.Close()
			return nil, fmt.Errorf("waiting record: %w", err)
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	if _, err := im.exec(`DELETE FROM import_pending WHERE waits_for = ?`, key); err != nil {
		return nil, fmt.Errorf("take waiting records: %w", err)
	}
	im.pending -= len(out)
	return out, nil
}
