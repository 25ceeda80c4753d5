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
	"sync"
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
	jobs  chan *commitJob
	quit  chan struct{}
	done  chan struct{}
	write *sql.DB
	read  *sql.DB
	now   func() time.Time
	stmts sync.Map // query text → *sql.Stmt on the read pool, see readStmt
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
	s := &Store{write: write, now: func() time.Time { return time.Now().UTC() },
		jobs: make(chan *commitJob), quit: make(chan struct{}), done: make(chan struct{})}
	go s.commitLoop()
	if err := s.migrate(ctx); err != nil {
		s.stopCommitter()
		write.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		s.stopCommitter()
		write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	s.read = read
	return s, nil
}

// readStmt returns the read pool's prepared statement for a fixed query, preparing it the first
// time: the post and page paths run the same dozen queries thousands of times a second, and
// SQLite's parser was a large share of their cost. Only query texts from a small fixed set may
// come here (constants, or built from a bounded choice of parts), since each stays prepared.
func (s *Store) readStmt(ctx context.Context, query string) stmt {
	if st, ok := s.stmts.Load(query); ok {
		return st.(*sql.Stmt)
	}
	st, err := s.read.PrepareContext(ctx, query)
	if err != nil {
		return unprepared{s.read, query} // the query itself will report the error
	}
	if old, loaded := s.stmts.LoadOrStore(query, st); loaded {
		st.Close()
		return old.(*sql.Stmt)
	}
	return st
}

// stmt is what readStmt hands out: a prepared statement, or the plain query when preparing failed.
type stmt interface {
	QueryContext(ctx context.Context, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, args ...any) *sql.Row
}

type unprepared struct {
	db    *sql.DB
	query string
}

func (u unprepared) QueryContext(ctx context.Context, args ...any) (*sql.Rows, error) {
	return u.db.QueryContext(ctx, u.query, args...)
}

func (u unprepared) QueryRowContext(ctx context.Context, args ...any) *sql.Row {
	return u.db.QueryRowContext(ctx, u.query, args...)
}

// Close releases both connection pools.
func (s *Store) Close() error {
	s.stopCommitter()
	var errs []error
	s.stmts.Range(func(_, st any) bool {
		errs = append(errs, st.(*sql.Stmt).Close())
		return true
	})
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
		if err := s.tx(ctx, func(ctx context.Context, tx *sql.Tx) error {
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

// tx runs fn in a write transaction and returns once it is committed (or failed). Concurrent
// calls are group-committed: see commit.go. fn must use the ctx it is given, not its caller's.
func (s *Store) tx(ctx context.Context, fn func(context.Context, *sql.Tx) error) error {
	j := &commitJob{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case s.jobs <- j:
	case <-ctx.Done():
		return ctx.Err()
	case <-s.quit:
		return errors.New("database is closed")
	}
	// Once handed over, the job is answered whatever happens to ctx: the caller must not report
	// failure for a write that may commit.
	return <-j.done
}

// Setting returns an instance-wide value, creating it with def() the first time, so that all
// processes sharing a database agree on it (the guest-token key, for one).
func (s *Store) Setting(ctx context.Context, name string, def func() string) (string, error) {
	var v string
	err := s.tx(ctx, func(ctx context.Context, tx *sql.Tx) error {
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

// column reads a one-column result into a slice; it takes the query's two results as they come.
func column[T any](rows *sql.Rows, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
