package parley

import "time"

// The Transfer types are the plain records that move a site's data into and out of Parley: the
// importers produce them from Disqus, WordPress and Parley files, the store consumes and emits
// them. Records name each other by Ref, a string that is unique within one file for its kind:
// the source id for Disqus and WordPress (so a parent can be found in the database on a later
// run), the exported database id for Parley files.

// TransferThread is one comment section.
type TransferThread struct {
	Ref       string
	Key       string // what the widget looks the thread up by: the canonical URL unless the publisher chose an identifier
	URL       string
	Title     string
	Closed    bool
	CreatedAt time.Time
	SourceID  string // e.g. "dsq:thread:6170951835"; empty for native threads
	// The thread's automatic moderation: pre-moderated, slow mode, when it was found heated.
	Premod      bool
	SlowMinutes int
	HeatedAt    time.Time
}

// TransferUser is a comment author. SourceID identifies the same person across runs and
// databases, e.g. "dsq:user:deocass" or "dsq:guest:Guest".
type TransferUser struct {
	Ref       string
	Name      string
	Kind      UserKind
	Role      Role // informational on import: imported users are always readers
	Email     string
	SourceID  string
	CreatedAt time.Time
}

// TransferComment is one comment. Exactly one of Author (inline, Disqus/WordPress) and
// AuthorRef (a user record seen earlier, Parley files) is set.
type TransferComment struct {
	Ref       string
	ThreadRef string
	ParentRef string // empty for a top-level comment
	AuthorRef string
	Author    *TransferUser
	SourceID  string // required: what makes a re-import idempotent
	Text      string // Markdown source
	HTML      string // filled by the importing command with the live renderer
	Status    Status
	Reason    string // why a comment is not published when no moderation record says so, e.g. "spam"
	// Decision, when set, is stored with the comment in the same batch: the source's own verdict
	// (spam, awaiting moderation) or the policy's under --moderate. A comment already in the
	// database keeps the decision it has.
	Decision  *Decision
	Likes     int // informational on export; imports count the like records
	Featured  bool
	ModNote   string // shown under a comment a moderator edited
	CreatedAt time.Time
	EditedAt  time.Time
	DeletedAt time.Time
	Line      int // where the record starts in its file, for messages
}

// TransferLike is one user's like of one comment.
type TransferLike struct {
	UserRef    string
	CommentRef string
	CreatedAt  time.Time
}

// TransferDecision is the moderation verdict stored for a comment, with when it was made.
type TransferDecision struct {
	CommentRef string
	Decision   Decision
	CreatedAt  time.Time
}

// TransferReport is a reader's flag on a comment.
type TransferReport struct {
	CommentRef, UserRef string
	Reason, Note        string
	CreatedAt           time.Time
	ResolvedAt          time.Time // zero while open
}

// TransferAudit is one entry of a site's moderation log. TargetRef names a comment, user or
// thread record by its ref (TargetType says which); it is empty for the site itself.
type TransferAudit struct {
	ActorRef   string // empty for the policy
	Action     string
	TargetType string
	TargetRef  string
	Reason     string
	Detail     string
	CreatedAt  time.Time
}

// TransferStanding is a user's ban record on the site. The comment counts a standing also
// keeps are derived from the comments themselves and are not part of it.
type TransferStanding struct {
	UserRef     string
	Banned      bool
	BannedUntil time.Time // zero: for good
	BanReason   string
	Shadow      bool
}

// TransferSink receives a site's records in file order: the importers feed one, the store's
// export drives one. A Parley file starts with its Site; Disqus and WordPress files have none.
type TransferSink interface {
	Site(Site) error
	Thread(TransferThread) error
	User(TransferUser) error
	Comment(TransferComment) error
	Like(TransferLike) error
	// The moderation records come after the likes; only Parley files hold them.
	Decision(TransferDecision) error
	Report(TransferReport) error
	Standing(TransferStanding) error
	Audit(TransferAudit) error
}

// TransferStats summarises an import run.
type TransferStats struct {
	Threads, Users     int // created
	Comments, Existing int // created, already present (skipped)
	Likes              int
	Deleted, Rejected  int // among the created comments
	Pending            int
	// Decisions counts the decisions stored (with created comments or from decision records), by action.
	Decisions map[Action]int
	// Moderation records of a Parley file written (reports, audit entries, ban records).
	Reports, Audits, Standings int
	Orphans                    int // replies whose parent never appeared, kept as top-level comments
	Skipped                    int // records that could not be placed (thread or author missing)
}
