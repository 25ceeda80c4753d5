package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"parley"
)

func (s *Store) UserByEmail(ctx context.Context, email string) (*parley.User, error) {
	u, err := scanUser(s.read.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE email = ?`, strings.ToLower(email)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, parley.Errorf(parley.ENOTFOUND, "no user with email %s", email)
	}
	return u, err
}

func (s *Store) SetRole(ctx context.Context, userID int64, role parley.Role) error {
	_, err := s.write.ExecContext(ctx, `UPDATE users SET role = ? WHERE id = ?`, role, userID)
	return mapErr(err)
}

func (s *Store) AddStaff(ctx context.Context, userID int64, siteID string) error {
	_, err := s.write.ExecContext(ctx, `INSERT INTO staff (user_id, site_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, userID, siteID)
	return mapErr(err)
}

func (s *Store) StaffSites(ctx context.Context, userID int64) ([]string, error) {
	return column[string](s.read.QueryContext(ctx, `SELECT site_id FROM staff WHERE user_id = ? ORDER BY site_id`, userID))
}

func (s *Store) HasAdmin(ctx context.Context) (bool, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE role = 'admin'`).Scan(&n)
	return n > 0, err
}

func (s *Store) PutSigninToken(ctx context.Context, hash string, userID int64, expires time.Time) error {
	_, err := s.write.ExecContext(ctx, `INSERT INTO signin_tokens (hash, user_id, expires_at) VALUES (?, ?, ?)`, hash, userID, micros(expires))
	return mapErr(err)
}

func (s *Store) SigninTokenValid(ctx context.Context, hash string, now time.Time) (bool, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM signin_tokens WHERE hash = ? AND used_at IS NULL AND expires_at > ?`,
		hash, micros(now)).Scan(&n)
	return n > 0, err
}

func (s *Store) UseSigninToken(ctx context.Context, hash string, now time.Time) (int64, error) {
	var id int64
	err := s.write.QueryRowContext(ctx, `UPDATE signin_tokens SET used_at = ? WHERE hash = ? AND used_at IS NULL AND expires_at > ?
		RETURNING user_id`, micros(now), hash, micros(now)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, parley.Errorf(parley.ENOTFOUND, "this sign-in link is unknown, used or expired")
	}
	return id, err
}

func (s *Store) PutSession(ctx context.Context, hash string, se parley.Session) error {
	_, err := s.write.ExecContext(ctx, `INSERT INTO sessions (hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		hash, se.UserID, micros(se.CreatedAt), micros(se.ExpiresAt))
	return mapErr(err)
}

func (s *Store) Session(ctx context.Context, hash string, now time.Time) (*parley.Session, error) {
	var se parley.Session
	var created, expires int64
	err := s.read.QueryRowContext(ctx, `SELECT user_id, created_at, expires_at FROM sessions WHERE hash = ? AND revoked_at IS NULL
		AND expires_at > ?`, hash, micros(now)).Scan(&se.UserID, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, parley.Errorf(parley.EUNAUTHORIZED, "your session has ended; sign in again")
	}
	se.CreatedAt, se.ExpiresAt = fromMicros(created), fromMicros(expires)
	return &se, err
}

func (s *Store) RevokeSession(ctx context.Context, hash string, at time.Time) error {
	_, err := s.write.ExecContext(ctx, `UPDATE sessions SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL`, micros(at), hash)
	return err
}

func (s *Store) RevokeUserSessions(ctx context.Context, userID int64, at time.Time) error {
	_, err := s.write.ExecContext(ctx, `UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, micros(at), userID)
	return err
}
