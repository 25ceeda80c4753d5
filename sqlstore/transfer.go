package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"parley"
)

// ImportOptions say where an import goes and how its records name each other.
type ImportOptions struct {
	SiteID string
	// ByExportID: refs are the ids of the database a Parley file was exported from, mapped
	// to ours through import_refs. Otherwise refs are source ids ("dsq:123") and are found in
	// the tables themselves, which is what lets a second run find the first run's rows.
	ByExportID bool
	BatchSize  int // records per transaction; 1000 when 0
	// Instance is this database's instance id: source ids "parley:INSTANCE:…" that an
	// export of this very database synthesised name its own native rows.
	Instance string
	Now      func() time.Time // when a record carries no time; the store's clock when nil
	// Render makes a comment's HTML from its Markdown, called only for comments actually
	// written (a re-run renders nothing it skips); records with HTML set keep it.
	Render func(source string) (string, error)
}

// Import writes one run of records: a transaction per batch, each batch a consistent state
// (a comment never lands before its parent), so an interrupted run leaves only whole
// batches and is resumed by running it again — records already present are skipped by
// source id. Only one import may run against a database at a time: they share the scratch
// tables.
type Import struct {
	s        *Store
	ctx      context.Context
	opt      ImportOptions
	tx       *sql.Tx
	n        int   // records in the open batch
	nextID   int64 // comment ids are assigned here so a top-level comment is one INSERT
	touched  map[int64]bool
	stats    parley.TransferStats
	pending  int      // rows in import_pending
	queue    []string // keys that appeared, whose waiting records should be retried
	draining bool
	inTx     map[string]*sql.Stmt // prepared in the open batch
	threads  cache[int64]
	users    cache[int64]
	comments cache[commentRef]
}

type commentRef struct{ id, root, thread int64 }

// pendingRecord is how a waiting record is kept in import_pending.
type pendingRecord struct {
	Comment  *parley.TransferComment  `json:",omitempty"`
	Like     *parley.TransferLike     `json:",omitempty"`
	Decision *parley.TransferDecision `json:",omitempty"`
	Report   *parley.TransferReport   `json:",omitempty"`
	Audit    *parley.TransferAudit    `json:",omitempty"`
}

// retry writes a record that waited for what it hangs on.
func (im *Import) retry(p pendingRecord) error {
	switch {
	case p.Comment != nil:
		return im.comment(*p.Comment, false)
	case p.Like != nil:
		return im.like(*p.Like)
	case p.Decision != nil:
		return im.decision(*p.Decision)
	case p.Report != nil:
		return im.report(*p.Report)
	case p.Audit != nil:
		return im.audit(*p.Audit)
	}
	return nil
}

// cache is a small map of recent lookups, emptied when full so that memory stays bounded
// while the common case (a reply right after its parent, many posts by one author) hits.
type cache[V any] map[string]V

const cacheMax = 50_000

func (c cache[V]) put(k string, v V) {
	if len(c) >= cacheMax {
		clear(c)
	}
	c[k] = v
}

// BeginImport starts an import run into opt.SiteID, which must exist.
func (s *Store) BeginImport(ctx context.Context, opt ImportOptions) (*Import, error) {
	if opt.BatchSize <= 0 {
		opt.BatchSize = 1000
	}
	if opt.Now == nil {
		opt.Now = s.now
	}
	if _, err := s.Site(ctx, opt.SiteID); err != nil {
		return nil, err
	}
	// Leftovers of an interrupted run: their records will come again from the file.
	if _, err := s.write.ExecContext(ctx, `DELETE FROM import_refs; DELETE FROM import_pending`); err != nil {
		return nil, fmt.Errorf("clear import scratch tables: %w", err)
	}
	return &Import{s: s, ctx: ctx, opt: opt, touched: map[int64]bool{}, inTx: map[string]*sql.Stmt{},
		threads: cache[int64]{}, users: cache[int64]{}, comments: cache[commentRef]{}}, nil
}

// EnsureSite creates the site unless it exists, and reports whether it did.
func (s *Store) EnsureSite(ctx context.Context, site *parley.Site) (bool, error) {
	if _, err := s.Site(ctx, site.ID); err == nil {
		return false, nil
	} else if parley.ErrorCode(err) != parley.ENOTFOUND {
		return false, err
	}
	return true, s.PutSite(ctx, site)
}

// Stats returns the counts so far.
func (im *Import) Stats() parley.TransferStats { return im.stats }

func (im *Import) Site(parley.Site) error { return nil }

func (im *Import) Thread(t parley.TransferThread) error {
	return im.record(func() error { return im.thread(t) })
}

func (im *Import) User(u parley.TransferUser) error {
	return im.record(func() error {
		id, err := im.user(u)
		if err != nil {
			return err
		}
		return im.setRef("u", u.Ref, id)
	})
}

func (im *Import) Comment(c parley.TransferComment) error {
	return im.record(func() error { return im.comment(c, false) })
}

func (im *Import) Like(l parley.TransferLike) error {
	return im.record(func() error { return im.like(l) })
}

// record runs one top-level record in the open batch, retries what was waiting on it, and
// commits when the batch is full.
func (im *Import) record(fn func() error) error {
	if err := im.begin(); err != nil {
		return err
	}
	if err := fn(); err != nil {
		return err
	}
	if err := im.drain(); err != nil {
		return err
	}
	if im.n++; im.n >= im.opt.BatchSize {
		return im.commit()
	}
	return nil
}

func (im *Import) begin() error {
	if im.tx != nil {
		return nil
	}
	tx, err := im.s.write.BeginTx(im.ctx, nil)
	if err != nil {
		return fmt.Errorf("begin import batch: %w", err)
	}
	im.tx = tx
	if err := tx.QueryRowContext(im.ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM comments`).Scan(&im.nextID); err != nil {
		return fmt.Errorf("next comment id: %w", err)
	}
	return nil
}

// commit bumps the version of every thread the batch wrote to, once, in the same
// transaction, so no cached page outlives the batch.
func (im *Import) commit() error {
	if im.tx == nil {
		return nil
	}
	for id := range im.touched {
		if _, err := im.exec(`UPDATE threads SET version = version + 1 WHERE id = ?`, id); err != nil {
			return fmt.Errorf("bump thread %d: %w", id, err)
		}
	}
	err := im.tx.Commit()
	im.tx, im.n = nil, 0
	clear(im.inTx)
	clear(im.touched)
	if err != nil {
		return fmt.Errorf("commit import batch: %w", mapErr(err))
	}
	return nil
}

// Abort rolls back the open batch; committed batches stay, and a re-run completes them.
func (im *Import) Abort() {
	if im.tx != nil {
		im.tx.Rollback()
		im.tx = nil
	}
	clear(im.inTx)
}

// stmt returns query prepared in the open batch, once per batch: parsing SQL for every row
// was most of an import's time. (Preparing on the pool would wait for the one write
// connection, which the batch holds.) The transaction closes them when it ends.
func (im *Import) stmt(query string) (*sql.Stmt, error) {
	if st, ok := im.inTx[query]; ok {
		return st, nil
	}
	st, err := im.tx.PrepareContext(im.ctx, query)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	im.inTx[query] = st
	return st, nil
}

func (im *Import) exec(query string, args ...any) (sql.Result, error) {
	st, err := im.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(im.ctx, args...)
}

func (im *Import) queryRow(query string, args ...any) *sql.Row {
	st, err := im.stmt(query)
	if err != nil {
		// sql.Row cannot be built with an error; unprepared, the query reports the same
		// failure at Scan.
		return im.tx.QueryRowContext(im.ctx, query, args...)
	}
	return st.QueryRowContext(im.ctx, args...)
}

func (im *Import) query(query string, args ...any) (*sql.Rows, error) {
	st, err := im.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(im.ctx, args...)
}

// Finish places what is still waiting — a reply whose parent never appeared becomes a
// top-level comment rather than being lost; records whose thread or author never appeared
// are skipped and counted — then commits and clears the scratch tables.
func (im *Import) Finish() (parley.TransferStats, error) {
	if err := im.begin(); err != nil {
		return im.stats, err
	}
	for im.pending > 0 {
		var seq int64
		var rec string
		// Ancestors first: a reply whose missing parent is itself waiting must wait for it to
		// be placed. Only a cycle of parents leaves no such record; then any one breaks it.
		err := im.queryRow(`SELECT seq, record FROM import_pending p WHERE waits_for LIKE 'c:%'
			AND NOT EXISTS (SELECT 1 FROM import_pending q WHERE q.self = p.waits_for) ORDER BY seq LIMIT 1`).Scan(&seq, &rec)
		if errors.Is(err, sql.ErrNoRows) {
			err = im.queryRow(`SELECT seq, record FROM import_pending WHERE waits_for LIKE 'c:%'
				ORDER BY seq LIMIT 1`).Scan(&seq, &rec)
		}
		if errors.Is(err, sql.ErrNoRows) {
			break
		}
		if err != nil {
			return im.stats, fmt.Errorf("read waiting records: %w", err)
		}
		if _, err := im.exec(`DELETE FROM import_pending WHERE seq = ?`, seq); err != nil {
			return im.stats, err
		}
		im.pending--
		var p pendingRecord
		if err := json.Unmarshal([]byte(rec), &p); err != nil {
			return im.stats, fmt.Errorf("waiting record %d: %w", seq, err)
		}
		if p.Comment != nil {
			err = im.comment(*p.Comment, true)
		} else {
			im.stats.Skipped++ // a like or moderation record of a comment that never appeared
		}
		if err == nil {
			err = im.drain()
		}
		if err != nil {
			return im.stats, err
		}
	}
	var left int
	if err := im.queryRow(`SELECT COUNT(*) FROM import_pending`).Scan(&left); err != nil {
		return im.stats, err
	}
	im.stats.Skipped += left
	for _, table := range []string{"import_pending", "import_refs"} {
		if _, err := im.exec(`DELETE FROM ` + table); err != nil {
			return im.stats, fmt.Errorf("clear %s: %w", table, err)
		}
	}
	return im.stats, im.commit()
}

func (im *Import) thread(t parley.TransferThread) error {
	var id int64
	var found bool
	var err error
	if t.SourceID != "" {
		if id, found, err = im.queryID(`SELECT id FROM threads WHERE site_id = ? AND source_id = ?`, im.opt.SiteID, t.SourceID); err != nil {
			return err
		}
	}
	if !found {
		// A thread the site already had natively: adopt it and remember where it came from.
		if id, found, err = im.queryID(`SELECT id FROM threads WHERE site_id = ? AND key = ?`, im.opt.SiteID, t.Key); err != nil {
			return err
		}
		if found && t.SourceID != "" {
			if _, err := im.exec(`UPDATE threads SET source_id = ? WHERE id = ? AND source_id IS NULL`,
				t.SourceID, id); err != nil {
				return fmt.Errorf("thread %s: %w", t.Key, err)
			}
		}
	}
	if !found {
		created := t.CreatedAt
		if created.IsZero() {
			created = im.opt.Now()
		}
		if err := im.queryRow(`INSERT INTO threads (site_id, key, url, title, closed, created_at, source_id,
			premod, slow_minutes, heated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, im.opt.SiteID, t.Key, t.URL,
			t.Title, t.Closed, micros(created), nullString(t.SourceID), t.Premod, t.SlowMinutes, nullMicros(t.HeatedAt)).Scan(&id); err != nil {
			return fmt.Errorf("create thread %s: %w", t.Key, mapErr(err))
		}
		im.stats.Threads++
	}
	im.threads.put(t.Ref, id)
	return im.setRef("t", t.Ref, id)
}

// user finds the user by source id (or, for this instance's own export, by id) and creates
// it when missing. Imported users are readers whatever the file says: a file must not be
// able to make anyone a moderator.
func (im *Import) user(u parley.TransferUser) (int64, error) {
	if u.SourceID == "" {
		return 0, fmt.Errorf("user %q has no source id", u.Name)
	}
	if id, ok := im.users[u.SourceID]; ok {
		return id, nil
	}
	id, found, err := im.queryID(`SELECT id FROM users WHERE source_id = ?`, u.SourceID)
	if err == nil && !found {
		if own, ok := im.ownID(u.SourceID, "user:"); ok {
			id, found, err = im.queryID(`SELECT id FROM users WHERE id = ?`, own)
		}
	}
	if err != nil {
		return 0, err
	}
	if !found {
		created := u.CreatedAt
		if created.IsZero() {
			created = im.opt.Now()
		}
		// An email another user already has (guests share addresses) is left out rather
		// than failing the import.
		for _, email := range []string{u.Email, ""} {
			id, found, err = im.queryID(`INSERT INTO users (name, kind, role, email, source_id, created_at)
				VALUES (?, ?, 'reader', ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
				u.Name, u.Kind, nullString(email), u.SourceID, micros(created))
			if err != nil || found || email == "" {
				break
			}
		}
		if err != nil {
			return 0, fmt.Errorf("create user %s: %w", u.SourceID, err)
		}
		if !found {
			return 0, fmt.Errorf("create user %s: clashes with an existing user", u.SourceID)
		}
		im.stats.Users++
	}
	im.users.put(u.SourceID, id)
	return id, nil
}

func (im *Import) queryID(query string, args ...any) (int64, bool, error) {
	var id int64
	err := im.queryRow(query, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, mapErr(err)
	}
	return id, true, nil
}

// ownID recognises the source ids an export of this database synthesised for its native
// rows ("parley:INSTANCE:42", "parley:INSTANCE:user:7") and returns the row's id.
func (im *Import) ownID(sourceID, kind string) (int64, bool) {
	if im.opt.Instance == "" {
		return 0, false
	}
	rest, ok := strings.CutPrefix(sourceID, "parley:"+im.opt.Instance+":"+kind)
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil && id > 0
}

// setRef records what a Parley file's ref became, and retries what waited for it.
func (im *Import) setRef(kind, ref string, id int64) error {
	if im.opt.ByExportID {
		if _, err := im.exec(`INSERT OR REPLACE INTO import_refs (kind, ref, local_id) VALUES (?, ?, ?)`,
			kind, ref, id); err != nil {
			return fmt.Errorf("record %s ref %s: %w", kind, ref, err)
		}
	}
	if im.pending > 0 {
		im.queue = append(im.queue, kind+":"+ref)
	}
	return nil
}

func (im *Import) refID(kind, ref string) (int64, bool, error) {
	return im.queryID(`SELECT local_id FROM import_refs WHERE kind = ? AND ref = ?`, kind, ref)
}

func (im *Import) resolveThread(ref string) (int64, bool, error) {
	if id, ok := im.threads[ref]; ok {
		return id, true, nil
	}
	var id int64
	var found bool
	var err error
	if im.opt.ByExportID {
		id, found, err = im.refID("t", ref)
	} else {
		id, found, err = im.queryID(`SELECT id FROM threads WHERE site_id = ? AND source_id = ?`, im.opt.SiteID, ref)
	}
	if found {
		im.threads.put(ref, id)
	}
	return id, found, err
}

func (im *Import) resolveUser(ref string) (int64, bool, error) {
	if id, ok := im.users["ref:"+ref]; ok {
		return id, true, nil
	}
	id, found, err := im.refID("u", ref)
	if found {
		im.users.put("ref:"+ref, id)
	}
	return id, found, err
}
