package parley

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/mail"
	"strings"
	"time"
)

const (
	signinLinkTTL = 24 * time.Hour
	sessionTTL    = 30 * 24 * time.Hour
)

// CreateStaff creates (or promotes) the account for email with the given role; a moderator is
// attached to siteID. It returns a one-time sign-in token for the link the caller prints.
func (s *Service) CreateStaff(ctx context.Context, email string, role Role, siteID string) (*User, string, error) {
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != strings.TrimSpace(email) {
		return nil, "", Invalid("email", "%q is not an email address", email)
	}
	email = strings.ToLower(addr.Address)
	switch role {
	case RoleAdmin:
	case RoleModerator:
		if _, err := s.Store.Site(ctx, siteID); err != nil {
			return nil, "", err
		}
	default:
		return nil, "", Invalid("role", "role must be admin or moderator")
	}
	u, err := s.Mod.UserByEmail(ctx, email)
	if ErrorCode(err) == ENOTFOUND {
		name, _, _ := strings.Cut(email, "@")
		u = &User{Name: name, Kind: UserRegistered, Role: role, Email: email, CreatedAt: s.Clock.Now()}
		err = s.Store.CreateUser(ctx, u)
	} else if err == nil && role == RoleAdmin && u.Role != RoleAdmin {
		u.Role = role
		err = s.Mod.SetRole(ctx, u.ID, role)
	} else if err == nil && u.Role == RoleReader {
		u.Role = role
		err = s.Mod.SetRole(ctx, u.ID, role)
	}
	if err != nil {
		return nil, "", fmt.Errorf("staff account %s: %w", email, err)
	}
	if role == RoleModerator {
		if err := s.Mod.AddStaff(ctx, u.ID, siteID); err != nil {
			return nil, "", err
		}
	}
	tok, err := s.SigninToken(ctx, u.ID)
	return u, tok, err
}

// SigninToken issues a one-time sign-in secret for a staff account.
func (s *Service) SigninToken(ctx context.Context, userID int64) (string, error) {
	tok := randomToken()
	if err := s.Mod.PutSigninToken(ctx, hashToken(tok), userID, s.Clock.Now().Add(signinLinkTTL)); err != nil {
		return "", fmt.Errorf("store sign-in link: %w", err)
	}
	return tok, nil
}

// HasAdmin reports whether any admin exists (serve prints a first sign-in link when not).
func (s *Service) HasAdmin(ctx context.Context) (bool, error) { return s.Mod.HasAdmin(ctx) }

// SigninLinkValid reports whether a sign-in link would work, without spending it: opening a link
// only shows a button, so that mail scanners and chat previews fetching it do not burn it.
func (s *Service) SigninLinkValid(ctx context.Context, token string) error {
	ok, err := s.Mod.SigninTokenValid(ctx, hashToken(token), s.Clock.Now())
	if err != nil {
		return err
	}
	if !ok {
		return Errorf(ENOTFOUND, "this sign-in link is unknown, used or expired")
	}
	return nil
}

// SignIn spends a one-time token and opens a session; it returns the session secret.
func (s *Service) SignIn(ctx context.Context, token string) (string, *User, error) {
	id, err := s.Mod.UseSigninToken(ctx, hashToken(token), s.Clock.Now())
	if err != nil {
		return "", nil, err
	}
	u, err := s.Store.User(ctx, id)
	if err != nil {
		return "", nil, err
	}
	sess := randomToken()
	now := s.Clock.Now()
	if err := s.Mod.PutSession(ctx, hashToken(sess), Session{UserID: id, CreatedAt: now, ExpiresAt: now.Add(sessionTTL)}); err != nil {
		return "", nil, fmt.Errorf("store session: %w", err)
	}
	return sess, u, nil
}

// SessionUser returns the staff member a session secret belongs to.
func (s *Service) SessionUser(ctx context.Context, token string) (*User, error) {
	se, err := s.Mod.Session(ctx, hashToken(token), s.Clock.Now())
	if err != nil {
		return nil, err
	}
	return s.Store.User(ctx, se.UserID)
}

// SignOut revokes a session.
func (s *Service) SignOut(ctx context.Context, token string) error {
	return s.Mod.RevokeSession(ctx, hashToken(token), s.Clock.Now())
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}
