package parley

import (
	"context"
	"time"
)

// Store is what the rules need from storage. Implementations report missing rows as ENOTFOUND
// errors and constraint clashes as ECONFLICT; they decide nothing about who may do what.
type Store interface {
	Site(ctx context.Context, id string) (*Site, error)
	Sites(ctx context.Context) ([]Site, error)
	// PutSite creates the site or replaces its origins and settings.
	PutSite(ctx context.Context, s *Site) error

	// Thread returns the thread with the given key, ENOTFOUND if none.
	Thread(ctx context.Context, siteID, key string) (*Thread, error)
	ThreadByID(ctx context.Context, id int64) (*Thread, error)
	// EnsureThread returns the thread with t's site and key, creating it from t when missing.
	EnsureThread(ctx context.Context, t *Thread) (*Thread, error)
	// Counts returns published comment counts for the given thread keys (missing keys: 0).
	Counts(ctx context.Context, siteID string, keys []string) (map[string]int, error)

	CreateUser(ctx context.Context, u *User) error
	User(ctx context.Context, id int64) (*User, error)
	RenameUser(ctx context.Context, id int64, name string) error

	// CreateComment stores c (setting ID and RootID) and bumps its thread's version. When
	// c.Author is a user not stored yet (ID 0), it is created in the same transaction and
	// c.AuthorID set.
	CreateComment(ctx context.Context, c *Comment) error
	Comment(ctx context.Context, id int64) (*Comment, error)
	// UpdateComment writes c's text, HTML, status and times, and bumps its thread's version.
	UpdateComment(ctx context.Context, c *Comment) error
	// SetLike adds or removes a like and returns the comment's like count afterwards.
	SetLike(ctx context.Context, l Like, on bool) (int, error)
	// Participants lists the display names of a thread's visible commenters (for @mentions).
	Participants(ctx context.Context, threadID int64) ([]string, error)
	// LikedIn lists the comments of a thread that a user likes.
	LikedIn(ctx context.Context, userID, threadID int64) ([]int64, error)

	// Page loads one page of a thread; only published comments and deleted ones with replies.
	Page(ctx context.Context, q PageQuery) (*PageRows, error)
	// Descendants returns up to limit visible descendants of root with ids above after.
	Descendants(ctx context.Context, rootID, after int64, limit int) ([]Comment, error)
	// UserComments returns a user's latest visible comments on a site, newest first.
	UserComments(ctx context.Context, siteID string, userID int64, before int64, limit int) ([]Comment, error)
	// CommentsSince counts the comments a user created on a site since t (rate limiting).
	CommentsSince(ctx context.Context, siteID string, userID int64, t time.Time) (int, error)
}
