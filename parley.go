// Package parley holds Parley's domain: sites, threads, comments, users and likes, the rules that
// govern them (Service), and the small interfaces those rules need from storage and the outside
// world. It depends on the standard library only.
package parley

import (
	"context"
	"time"
)

// DemoSiteID names the site every database has, so a fresh install serves its demo page.
const DemoSiteID = "demo"

// Site is one publisher's property: the origins allowed to embed it and its settings.
type Site struct {
	ID        string
	Name      string
	Origins   []string // e.g. "https://news.example"; the server's own origin is always allowed
	Settings  SiteSettings
	CreatedAt time.Time
}

// SiteSettings are the knobs a publisher turns; zero values mean "use the default".
type SiteSettings struct {
	EditWindow   time.Duration // how long an author may edit or delete; DefaultEditWindow when 0
	PostsPerMin  int           // per author; DefaultPostsPerMin when 0, negative lifts the limit
	MaxImages    int           // images per comment; DefaultMaxImages when 0, negative forbids images
	ImageOrigins []string      // when set, images must come from these origins (https only)
	Moderation   ModerationSettings
	Erasure      Erasure // what erasing a reader's data does to their comments; ErasureDelete when empty
}

const (
	DefaultEditWindow  = 15 * time.Minute
	DefaultPostsPerMin = 6
	DefaultMaxImages   = 3
)

// EditWindowOrDefault returns the edit window in force.
func (s SiteSettings) EditWindowOrDefault() time.Duration {
	if s.EditWindow <= 0 {
		return DefaultEditWindow
	}
	return s.EditWindow
}

// Thread is the comment section under one page, keyed by its canonical URL or an explicit identifier.
type Thread struct {
	ID        int64
	SiteID    string
	Key       string // canonical URL, or the identifier the publisher chose
	URL       string
	Title     string
	Closed    bool
	CreatedAt time.Time
	// Version changes with every write that can change what readers see, in the same
	// transaction, so caches keyed by it can never serve a page older than an acknowledged write.
	Version int64
}

// Status is where a comment stands.
type Status string

const (
	StatusPublished Status = "published"
	StatusPending   Status = "pending"
	StatusRejected  Status = "rejected"
	StatusDeleted   Status = "deleted"
)

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusPublished, StatusPending, StatusRejected, StatusDeleted:
		return true
	}
	return false
}

// Comment is one post in a thread. Source is what the author wrote (Markdown); HTML is the
// sanitised rendering, computed once when the comment is written.
type Comment struct {
	ID        int64
	ThreadID  int64
	ParentID  int64 // 0 for a top-level comment
	RootID    int64 // the top-level ancestor (itself when top-level): a page loads whole subtrees by it
	AuthorID  int64
	Source    string
	HTML      string
	Status    Status
	Likes     int
	CreatedAt time.Time
	EditedAt  time.Time // zero when never edited
	DeletedAt time.Time // zero unless deleted
	SourceID  string    // where an imported comment came from, e.g. "dsq:123"; empty for native ones
	Featured  bool      // picked by a moderator
	ModNote   string    // shown under a comment a moderator edited

	// Filled on reads for display; not stored with the comment itself.
	Author *User
	// Decision, when set on create, is stored beside the comment in the same transaction.
	Decision *Decision
}

// UserKind separates throw-away guest identities from accounts.
type UserKind string

const (
	UserGuest      UserKind = "guest"
	UserRegistered UserKind = "registered"
)

// Role is what a user may do beyond commenting.
type Role string

const (
	RoleReader    Role = "reader"
	RoleModerator Role = "moderator"
	RoleAdmin     Role = "admin"
)

// User is anyone who comments: a guest with a display name, or a registered account.
type User struct {
	ID        int64
	Name      string
	Kind      UserKind
	Role      Role
	Email     string
	SourceID  string // e.g. "dsq:username" for imported registered authors
	CreatedAt time.Time
	Erased    bool // the reader erased their data: the row stays for their comments, the identity is gone
}

// Sort orders the top-level comments of a thread page.
type Sort string

const (
	SortBest Sort = "best" // most liked first
	SortNew  Sort = "new"
	SortOld  Sort = "old"
)

// ParseSort maps user input to a Sort; empty means best.
func ParseSort(s string) (Sort, error) {
	switch Sort(s) {
	case "":
		return SortBest, nil
	case SortBest, SortNew, SortOld:
		return Sort(s), nil
	}
	return "", Invalid("sort", "sort must be best, new or old")
}

// PageQuery asks for one page of a thread's top-level comments.
type PageQuery struct {
	ThreadID int64
	Sort     Sort
	Cursor   Cursor
	Limit    int // top-level comments per page
	Replies  int // descendants loaded per top-level comment
}

// Cursor is a keyset position: the sort key and id of the last comment of the previous page.
type Cursor struct {
	Key int64
	ID  int64
}

// IsZero reports whether c is the start of the thread.
func (c Cursor) IsZero() bool { return c.ID == 0 }

// PageRows is what storage returns for a page: top-level comments in order, their loaded
// descendants (by RootID, in creation order), and counts of the rest.
type PageRows struct {
	Top         []Comment
	Descendants []Comment
	Totals      map[int64]int // root id → visible descendants in all
	Next        Cursor        // zero when this is the last page
	Count       int           // published comments in the thread
}

// Like is one user's like of one comment.
type Like struct {
	UserID    int64
	CommentID int64
	CreatedAt time.Time
}

// Clock tells the time; injected so edit windows and rate limits are testable.
type Clock interface{ Now() time.Time }

// SystemClock is the wall clock.
type SystemClock struct{}

// Now returns the current time, truncated to what storage keeps.
func (SystemClock) Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// Event tells live subscribers that a thread changed.
type Event struct {
	Type      string // "comment" (new/edited/deleted) or "like"
	SiteID    string
	ThreadID  int64
	CommentID int64
}

// Publisher fans events out to live subscribers; it must never block the writer.
type Publisher interface {
	Publish(ctx context.Context, ev Event)
}
