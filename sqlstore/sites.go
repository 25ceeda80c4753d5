package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"parley"
)

// siteSettings is the stored JSON shape of parley.SiteSettings, kept apart from the domain so
// the domain carries no storage tags.
type siteSettings struct {
	EditWindowSeconds int64    `json:"edit_window_seconds,omitempty"`
	PostsPerMin       int      `json:"posts_per_min,omitempty"`
	MaxImages         int      `json:"max_images,omitempty"`
	ImageOrigins      []string `json:"image_origins,omitempty"`
	Moderation        modRow   `json:"moderation"`
	Erasure           string   `json:"erasure,omitempty"`
}

type modRow struct {
	Mode         string             `json:"mode,omitempty"`
	HoldAt       map[string]float64 `json:"hold_at,omitempty"`
	RejectAt     map[string]float64 `json:"reject_at,omitempty"`
	BannedWords  []string           `json:"banned_words,omitempty"`
	SuspectWords []string           `json:"suspect_words,omitempty"`
	MaxLinks     int                `json:"max_links,omitempty"`
	NoNudge      bool               `json:"no_nudge,omitempty"`
	Heated       string             `json:"heated,omitempty"`
	SlowMinutes  int                `json:"slow_minutes,omitempty"`
}

func (s *Store) Site(ctx context.Context, id string) (*parley.Site, error) {
	row := s.readStmt(ctx, `SELECT id, name, origins, settings, created_at FROM sites WHERE id = ?`).QueryRowContext(ctx, id)
	site, err := scanSite(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, parley.Errorf(parley.ENOTFOUND, "site %q not found", id)
	}
	return site, err
}

func (s *Store) Sites(ctx context.Context) ([]parley.Site, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, name, origins, settings, created_at FROM sites ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []parley.Site
	for rows.Next() {
		site, err := scanSite(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *site)
	}
	return out, rows.Err()
}

type scanner interface{ Scan(...any) error }

func scanSite(r scanner) (*parley.Site, error) {
	var (
		site             parley.Site
		origins, setting string
		created          int64
		st               siteSettings
	)
	if err := r.Scan(&site.ID, &site.Name, &origins, &setting, &created); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(origins), &site.Origins); err != nil {
		return nil, fmt.Errorf("site %s origins: %w", site.ID, err)
	}
	if err := json.Unmarshal([]byte(setting), &st); err != nil {
		return nil, fmt.Errorf("site %s settings: %w", site.ID, err)
	}
	site.Settings = parley.SiteSettings{
		EditWindow: time.Duration(st.EditWindowSeconds) * time.Second, PostsPerMin: st.PostsPerMin,
		MaxImages: st.MaxImages, ImageOrigins: st.ImageOrigins,
		Erasure: parley.Erasure(st.Erasure),
		Moderation: parley.ModerationSettings{
			Mode: parley.Mode(st.Moderation.Mode), HoldAt: st.Moderation.HoldAt, RejectAt: st.Moderation.RejectAt,
			BannedWords: st.Moderation.BannedWords, SuspectWords: st.Moderation.SuspectWords, MaxLinks: st.Moderation.MaxLinks,
			NoNudge: st.Moderation.NoNudge, Heated: parley.HeatedResponse(st.Moderation.Heated), SlowMinutes: st.Moderation.SlowMinutes,
		},
	}
	site.CreatedAt = fromMicros(created)
	return &site, nil
}

func (s *Store) PutSite(ctx context.Context, site *parley.Site) error {
	m := site.Settings.Moderation
	origins, err := json.Marshal(nonNil(site.Origins))
	if err != nil {
		return err
	}
	st, err := json.Marshal(siteSettings{
		EditWindowSeconds: int64(site.Settings.EditWindow / time.Second), PostsPerMin: site.Settings.PostsPerMin,
		MaxImages: site.Settings.MaxImages, ImageOrigins: site.Settings.ImageOrigins,
		Erasure: string(site.Settings.Erasure),
		Moderation: modRow{
			Mode: string(m.Mode), HoldAt: m.HoldAt, RejectAt: m.RejectAt, BannedWords: m.BannedWords,
			SuspectWords: m.SuspectWords, MaxLinks: m.MaxLinks, NoNudge: m.NoNudge, Heated: string(m.Heated), SlowMinutes: m.SlowMinutes,
		},
	})
	if err != nil {
		return err
	}
	if site.CreatedAt.IsZero() {
		site.CreatedAt = s.now()
	}
	if site.Name == "" {
		site.Name = site.ID
	}
	_, err = s.write.ExecContext(ctx, `INSERT INTO sites (id, name, origins, settings, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, origins = excluded.origins, settings = excluded.settings`,
		site.ID, site.Name, string(origins), string(st), micros(site.CreatedAt))
	return mapErr(err)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

const threadCols = `id, site_id, key, url, title, closed, version, created_at`

func scanThread(r scanner) (*parley.Thread, error) {
	var t parley.Thread
	var created int64
	if err := r.Scan(&t.ID, &t.SiteID, &t.Key, &t.URL, &t.Title, &t.Closed, &t.Version, &created); err != nil {
		return nil, err
	}
	t.CreatedAt = fromMicros(created)
	return &t, nil
}

func (s *Store) Thread(ctx context.Context, siteID, key string) (*parley.Thread, error) {
	t, err := scanThread(s.readStmt(ctx, `SELECT `+threadCols+` FROM threads WHERE site_id = ? AND key = ?`).QueryRowContext(ctx, siteID, key))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, parley.Errorf(parley.ENOTFOUND, "no thread for %q", key)
	}
	return t, err
}

func (s *Store) ThreadByID(ctx context.Context, id int64) (*parley.Thread, error) {
	t, err := scanThread(s.readStmt(ctx, `SELECT `+threadCols+` FROM threads WHERE id = ?`).QueryRowContext(ctx, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, parley.Errorf(parley.ENOTFOUND, "thread %d not found", id)
	}
	return t, err
}

func (s *Store) EnsureThread(ctx context.Context, t *parley.Thread) (*parley.Thread, error) {
	if got, err := s.Thread(ctx, t.SiteID, t.Key); err == nil || parley.ErrorCode(err) != parley.ENOTFOUND {
		return got, err
	}
	var out *parley.Thread
	err := s.tx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		// A concurrent first comment may have created it: DO NOTHING, then read what is there.
		if _, err := tx.ExecContext(ctx, `INSERT INTO threads (site_id, key, url, title, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (site_id, key) DO NOTHING`, t.SiteID, t.Key, t.URL, t.Title, micros(t.CreatedAt)); err != nil {
			return err
		}
		var err error
		out, err = scanThread(tx.QueryRowContext(ctx, `SELECT `+threadCols+` FROM threads WHERE site_id = ? AND key = ?`, t.SiteID, t.Key))
		return err
	})
	return out, err
}

func (s *Store) Counts(ctx context.Context, siteID string, keys []string) (map[string]int, error) {
	out := make(map[string]int, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(keys)+1)
	args = append(args, siteID)
	for _, k := range keys {
		out[k] = 0
		args = append(args, k)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT t.key, (SELECT COUNT(*) FROM comments c WHERE c.thread_id = t.id AND c.status = 'published')
		FROM threads t WHERE t.site_id = ? AND t.key IN (`+placeholders(len(keys))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

const userCols = `id, name, kind, role, COALESCE(email, ''), COALESCE(source_id, ''), created_at, erased_at IS NOT NULL`

func scanUser(r scanner) (*parley.User, error) {
	var u parley.User
	var created int64
	if err := r.Scan(&u.ID, &u.Name, &u.Kind, &u.Role, &u.Email, &u.SourceID, &created, &u.Erased); err != nil {
		return nil, err
	}
	u.CreatedAt = fromMicros(created)
	return &u, nil
}

func (s *Store) CreateUser(ctx context.Context, u *parley.User) error {
	return mapErr(insertUser(ctx, s.write, u))
}

// rowQuerier is what both *sql.DB and *sql.Tx offer, so one insert serves both.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func insertUser(ctx context.Context, db rowQuerier, u *parley.User) error {
	if u.Role == "" {
		u.Role = parley.RoleReader
	}
	return db.QueryRowContext(ctx, `INSERT INTO users (name, kind, role, email, source_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, u.Name, u.Kind, u.Role, nullString(strings.ToLower(u.Email)), nullString(u.SourceID),
		micros(u.CreatedAt)).Scan(&u.ID)
}

func (s *Store) User(ctx context.Context, id int64) (*parley.User, error) {
	u, err := scanUser(s.readStmt(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`).QueryRowContext(ctx, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, parley.Errorf(parley.ENOTFOUND, "user %d not found", id)
	}
	return u, err
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

func (s *Store) RenameUser(ctx context.Context, id int64, name string) error {
	_, err := s.write.ExecContext(ctx, `UPDATE users SET name = ? WHERE id = ?`, name, id)
	return mapErr(err)
}
