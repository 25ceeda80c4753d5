package parley

import (
	"context"
	"time"
)

// Queue names a moderator's work list.
type Queue string

const (
	QueuePending  Queue = "pending"  // held by the policy or the site's mode
	QueueReported Queue = "reported" // published, with open reader reports
	QueueRejected Queue = "rejected"
	QueueAll      Queue = "all"
)

// QueueFilter selects and orders queue items. Sites is the set the moderator may see; the
// service fills it from their role, never from the request.
type QueueFilter struct {
	Queue    Queue
	Sites    []string
	ThreadID int64
	UserID   int64
	Category string  // only items whose decision scored this category at least MinScore
	MinScore float64 // on Category, or on the highest score when Category is empty
	Text     string  // substring of the comment's source
	Sort     string  // "score" (highest first, the default), "new", "old"
	Offset   int
	Limit    int
}

// QueueItem is one comment as a moderator sees it.
type QueueItem struct {
	Comment  Comment
	Thread   Thread
	Decision *Decision // nil for comments stored before moderation existed
	Reports  []Report
}

// Report is a reader's flag on a comment.
type Report struct {
	ID         int64
	SiteID     string
	CommentID  int64
	UserID     int64
	Reason     string
	Note       string
	CreatedAt  time.Time
	ResolvedAt time.Time
}

// ReportReasons are what a reader may choose from.
var ReportReasons = []string{"spam", "abuse", "harassment", "hate", "threat", "off_topic", "other"}

// AuditEntry records one moderation act: who, what, when, why.
type AuditEntry struct {
	ID         int64
	SiteID     string
	ActorID    int64 // 0 for the policy itself
	ActorName  string
	Action     string
	TargetType string // "comment", "user", "thread", "site"
	TargetID   int64
	Reason     string
	Detail     string
	CreatedAt  time.Time
}

// Session is a signed-in staff member's browser session.
type Session struct {
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// HeatedThread is a thread the temperature check marked, with its automatic response.
type HeatedThread struct {
	Thread      Thread
	HeatedAt    time.Time
	Premod      bool
	SlowMinutes int
}

// NudgeStats says how often authors revised after an "are you sure?".
type NudgeStats struct {
	Shown   int
	Revised int
	Posted  int // posted anyway
}

// ModerationStore is what moderation needs from storage, beside Store.
type ModerationStore interface {
	// Standing returns a user's ban record and comment counts on a site.
	Standing(ctx context.Context, siteID string, userID int64) (Standing, error)
	PutStanding(ctx context.Context, s Standing) error
	// Repeats counts the user's comments on the site with exactly this text since t.
	Repeats(ctx context.Context, siteID string, userID int64, text string, since time.Time) (int, error)
	RecentScored(ctx context.Context, threadID int64, n int) ([]ScoredComment, error)
	// SetThreadModeration stores a thread's automatic response (pre-moderation, slow mode, heat).
	SetThreadModeration(ctx context.Context, threadID int64, premod bool, slowMinutes int, heatedAt time.Time) error
	ThreadModeration(ctx context.Context, threadID int64) (premod bool, slowMinutes int, heatedAt time.Time, err error)
	LastCommentIn(ctx context.Context, threadID, userID int64) (time.Time, error)

	Decision(ctx context.Context, commentID int64) (*Decision, error)
	SaveDecision(ctx context.Context, commentID int64, d Decision, at time.Time) error

	QueueItems(ctx context.Context, f QueueFilter) ([]QueueItem, error)
	QueueCounts(ctx context.Context, sites []string) (map[Queue]int, error)
	AddReport(ctx context.Context, r *Report) error
	ResolveReports(ctx context.Context, commentID int64, at time.Time) error
	AddAudit(ctx context.Context, e *AuditEntry) error
	Audit(ctx context.Context, sites []string, before int64, limit int) ([]AuditEntry, error)
	// CommentIDs finds comments on the given sites by author or by text (bulk actions).
	CommentIDs(ctx context.Context, sites []string, userID int64, text string, limit int) ([]int64, error)

	UserByEmail(ctx context.Context, email string) (*User, error)
	SetRole(ctx context.Context, userID int64, role Role) error
	AddStaff(ctx context.Context, userID int64, siteID string) error
	StaffSites(ctx context.Context, userID int64) ([]string, error)
	HasAdmin(ctx context.Context) (bool, error)
	PutSigninToken(ctx context.Context, hash string, userID int64, expires time.Time) error
	// SigninTokenValid reports whether a sign-in token is known, unused and unexpired, without
	// spending it.
	SigninTokenValid(ctx context.Context, hash string, now time.Time) (bool, error)
	// UseSigninToken marks a token used and returns its user; a used or expired token is not found.
	UseSigninToken(ctx context.Context, hash string, now time.Time) (int64, error)
	PutSession(ctx context.Context, hash string, s Session) error
	Session(ctx context.Context, hash string, now time.Time) (*Session, error)
	RevokeSession(ctx context.Context, hash string, at time.Time) error
	RevokeUserSessions(ctx context.Context, userID int64, at time.Time) error

	// HiddenOwn returns a user's comments in a thread that the public does not see (held ones
	// and, with their decisions, shadow-banned ones), oldest first.
	HiddenOwn(ctx context.Context, threadID, userID int64) ([]Comment, error)
	// HeatedThreads lists threads marked heated, most recent first.
	HeatedThreads(ctx context.Context, sites []string, limit int) ([]HeatedThread, error)

	AddNudge(ctx context.Context, siteID string, threadID int64, at time.Time) (int64, error)
	ResolveNudge(ctx context.Context, id int64, siteID, outcome string) error
	NudgeStats(ctx context.Context, sites []string) (NudgeStats, error)
}
