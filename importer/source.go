package importer

import "parley"

// Reason codes for what the source itself decided about a comment. The importers store it as
// the comment's decision, because the moderator queue shows a comment's decision and nothing
// else: without one, an imported spam post sits in the rejected tab with no why. The status
// reason ("spam") stays as well, for what reads it.
const (
	CodeSourceSpam    = "source_spam"
	CodeSourcePending = "source_pending"
	CodeSourceTrash   = "source_trash"
)

func sourceDecision(a parley.Action, code, detail string) *parley.Decision {
	return &parley.Decision{Action: a, Reasons: []parley.Reason{{Code: code, Detail: detail}}}
}
