// Package sqlstore keeps Parley's data in SQL: an embedded SQLite file by default. Every rule
// lives above it in package parley; this package only stores, loads and maps driver errors.
package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"parley"
)

//go:embed migrations
var migrationFS embed.FS

var _ parley.Store = (*Store)(nil)

// Store is a parley.Store on database/sql. SQLite allows one writer at a time, so writes go
// through a single connection (they queue instead of failing with "database is locked") while
// reads use a pool that WAL mode lets run beside the writer.
type Store struct {
	write *sql.DB
	read  *sql.DB
	now   func() time.Time
	// Statements on the hottest read paths (every page view looks up its thread), prepared once
	// instead of on every call.
	threadByKey, siteByID, userByID, commentByID *sql.Stmt
}

// Open opens the database a --db value names ("sqlite:PATH") and applies pending migrations.
func Open(ctx context.Context, dsn string) (*Store, error) {
	path, ok := strings.CutPrefix(dsn, "sqlite:")
	if !ok {
		if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
			return nil, errors.New("PostgreSQL is not supported yet; use sqlite:PATH")
		}
		return nil, fmt.Errorf("unknown database %q: want sqlite:PATH", dsn)
	}
	if path == "" {
		return nil, errors.New("sqlite: empty path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
	}
	// synchronous=NORMAL in WAL mode: a commit is in the OS's hands before we acknowledge it,
	// so it survives the process being killed; only a power loss can take the latest commits.
	pragmas := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
	write, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	s := &Store{write: write, now: func() time.Time { return time.Now().UTC() }}
	if err := s.migrate(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	s.read = read
	if err := s.prepare(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("prepare statements: %w", err)
	}
	return s, nil
}

func (s *Store) prepare(ctx context.Context) error {
	for _, p := range []struct {
		dst  **sql.Stmt
		stmt string
	}{
		{&s.threadByKey, `SELECT ` + threadCols + ` FROM threads WHERE site_id = ? AND key = ?`},
		{&s.siteByID, `SELECT id, name, origins, settings, created_at FROM sites WHERE id = ?`},
		{&s.userByID, `SELECT ` + userCols + ` FROM users WHERE id = ?`},
		{&s.commentByID, `SELECT ` + commentCols + commentFrom + `WHERE c.id = ?`},
	} {
		st, err := s.read.PrepareContext(ctx, p.stmt)
		if err != nil {
			return err
		}
		*p.dst = st
	}
	return nil
}

// Close releases both connection pools.
func (s *Store) Close() error {
	var errs []error
	for _, st := range []*sql.Stmt{s.threadByKey, s.siteByID, s.userByID, s.commentByID} {
		if st != nil {
			errs = append(errs, st.Close())
		}
	}
	return errors.Join(append(errs, s.read.Close(), s.write.Close())...)
}

// migrate applies the embedded migrations not yet recorded, each in its own transaction.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrationFS, "migrations/sqlite/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		base := filepath.Base(name)
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number", base)
		}
		body, err := migrationFS.ReadFile(name)
		if err != nil {
			return err
		}
		if err := s.tx(ctx, func(tx *sql.Tx) error {
			var done int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, v).Scan(&done); err != nil || done > 0 {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("%s: %w", base, err)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				v, base, s.now().UnixMicro())
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}

// tx runs fn in a write transaction, committing when it returns nil.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return mapErr(err)
	}
	return mapErr(tx.Commit())
}

// Setting returns an instance-wide value, creating it with def() the first time, so that all
// processes sharing a database agree on it (the guest-token key, for one).
func (s *Store) Setting(ctx context.Context, name string, def func() string) (string, error) {
	var v string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = ?`, name).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			v = def()
			_, err = tx.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES (?, ?)`, name, v)
		}
		return err
	})
	return v, err
}

// mapErr turns driver failures into parley errors by code, never by message.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &parley.Error{Code: parley.ECONFLICT, Message: "already exists"}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return &parley.Error{Code: parley.EINVALID, Message: "refers to something that does not exist"}
		}
	}
	return err
}

func micros(t time.Time) int64 { return t.UTC().UnixMicro() }

func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

func nullMicros(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: micros(t), Valid: true}
}

func nullTime(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return fromMicros(v.Int64)
}

// Ping checks that both pools can reach the database.
func (s *Store) Ping(ctx context.Context) error {
	return errors.Join(s.write.PingContext(ctx), s.read.PingContext(ctx))
}
