package parley

import (
	"context"
	"time"
)

// Mode is how a site lets comments through.
type Mode string

const (
	ModePost   Mode = "post"    // published unless the policy holds or rejects it (the default)
	ModePre    Mode = "pre"     // everything waits for a moderator, except from trusted authors
	ModePreNew Mode = "pre_new" // new users wait; users with trust go straight through
)

// HeatedResponse is what a site does on its own when a thread runs hot.
type HeatedResponse string

const (
	HeatedNone   HeatedResponse = ""
	HeatedSlow   HeatedResponse = "slow"   // one comment per user per SlowModeMinutes
	HeatedPremod HeatedResponse = "premod" // everything in the thread waits for a moderator
)

// ModerationSettings are a site's moderation knobs; zero values mean the defaults.
type ModerationSettings struct {
	Mode Mode
	// HoldAt is the classifier score at which a comment is held (per category, default 0.5 for
	// all); RejectAt the score at which it is rejected outright (default 0.98 for threats and
	// identity attacks only: a human should look at everything else).
	HoldAt   map[string]float64
	RejectAt map[string]float64
	// Banned words reject a comment; suspect words hold it. Matched after the classifier's
	// normalisation, so "f.u.c.k" matches "fuck".
	BannedWords  []string
	SuspectWords []string
	MaxLinks     int  // more links than this holds the comment (default 2)
	NoNudge      bool // skip the "are you sure?" step
	Heated       HeatedResponse
	SlowMinutes  int // slow mode interval (default 2)
}

// Action is the policy's verdict on a comment.
type Action string

const (
	ActionPublish Action = "publish"
	ActionHold    Action = "hold"
	ActionReject  Action = "reject"
)

// Status is what a comment with this verdict is stored as.
func (a Action) Status() Status {
	switch a {
	case ActionHold:
		return StatusPending
	case ActionReject:
		return StatusRejected
	}
	return StatusPublished
}

// Reason is one thing that moved the verdict, e.g. {"threat", "threat score 0.91"}.
type Reason struct {
	Code   string
	Detail string
}

// Span is a stretch of a comment (offsets in code points, end exclusive) that drove a score.
type Span struct {
	Start, End int
	Text       string
	Category   string
	Weight     float64
}

// Decision is the policy's verdict with everything that led to it, stored with the comment so
// moderators see why.
type Decision struct {
	Action  Action
	Reasons []Reason
	Scores  map[string]float64
	Spans   []Span
	// Nudge is set when the comment is held for what the classifier saw, so its author is asked
	// "are you sure?" before it goes to the queue.
	Nudge bool
}

// Standing is a user's record on one site: trust earned, and any ban.
type Standing struct {
	SiteID         string
	UserID         int64
	Approved       int // comments published or approved
	Rejected       int // comments rejected by moderators or the policy
	BannedUntil    time.Time
	Banned         bool // banned; BannedUntil zero means for good
	BanReason      string
	ShadowBanned   bool
	LastCommentAt  time.Time
	FirstCommentAt time.Time
}

// Trust levels: new users have none, users with a record of approved comments earn it, and
// rejections cost more than approvals earn.
const (
	TrustNew     = 0
	TrustBasic   = 1
	TrustTrusted = 2
)

// Trust returns the user's trust level on the site.
func (s Standing) Trust() int {
	score := s.Approved - 3*s.Rejected
	switch {
	case score >= 10:
		return TrustTrusted
	case score >= 3:
		return TrustBasic
	}
	return TrustNew
}

// BannedAt reports whether the user is banned at time t.
func (s Standing) BannedAt(t time.Time) bool {
	return s.Banned && (s.BannedUntil.IsZero() || t.Before(s.BannedUntil))
}

// Temperature describes how a thread's recent conversation is going.
type Temperature struct {
	Recent        int     // comments considered
	MeanToxicity  float64 // of the recent comments
	Rising        bool    // recent comments more toxic than the ones before
	TopUsersShare float64 // share of recent comments by the two most active authors
	BackAndForth  float64 // share of recent replies that answer one of those two
	Heated        bool
}

// ModerationInput is everything the policy may weigh for one comment.
type ModerationInput struct {
	Site     *Site
	Thread   *Thread
	Author   *User
	Standing Standing
	Text     string
	Now      time.Time
	// Repeats counts the author's comments with the same text in the last day (spam waves).
	Repeats int
	// Heat is the thread's temperature, when known.
	Heat *Temperature
	// Imported comments are judged on their words alone: their authors' pace and the thread's
	// heat belong to another time.
	Imported bool
}

// Moderator turns a comment into a decision. moderation.Policy is the implementation.
type Moderator interface {
	Decide(ctx context.Context, in ModerationInput) Decision
	// Temperature reads a thread's heat from its recent comments and their stored scores.
	Temperature(recent []ScoredComment) Temperature
}

// ScoredComment is a comment with the scores its decision recorded.
type ScoredComment struct {
	ID, ParentID, AuthorID int64
	CreatedAt              time.Time
	Scores                 map[string]float64
}
