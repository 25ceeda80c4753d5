package moderation

import (
	"time"

	"parley"
	"parley/toxicity"
)

// Defaults. Each is explained in docs/moderation.md; the short version is here.
const (
	// DefaultHoldAt is the classifier's calibrated decision point: at 0.5 a moderator should look.
	DefaultHoldAt = 0.5
	// DefaultProfanityHoldAt is above every score the classifier gives swearing (0.6 for words
	// that depend on context, 0.93 for the strongest), so swearing alone never holds a comment:
	// a newsroom argues with the strong words, it does not queue them. Slurs still hold through
	// identity_attack, and a site that wants a clean room sets profanity to 0.5.
	DefaultProfanityHoldAt = 0.95
	// DefaultRejectAt applies to threats and identity attacks only; everything else a human
	// should see before it disappears.
	DefaultRejectAt = 0.98
	// TrustedBonus raises the hold bar for trusted authors on the categories where context
	// changes the reading (toxicity, insult, profanity), never on threats or identity attacks.
	TrustedBonus = 0.1
	// DefaultMaxLinks is how many links a comment may carry before it is held.
	DefaultMaxLinks = 2

	// RepeatsHold and RepeatsReject count the author's earlier comments with the same text in
	// the last day. One repeat is a double submit; two is a pattern; five is a spam wave.
	RepeatsHold   = 2
	RepeatsReject = 5

	// A new account is "new" on the site for NewAccountWindow after its first comment; posting
	// again within FastGap of its previous comment in that window is what a bot does and a person
	// joining a discussion rarely needs to.
	NewAccountWindow = 10 * time.Minute
	FastGap          = 30 * time.Second

	// MaxSpans is how many classifier spans a decision keeps for the moderator.
	MaxSpans = 5
)

// never is a bar no score reaches: a category with it does not act.
const never = 2.0

// holdAt is the hold bar for category c under set, before any trust adjustment. A value in the
// settings is used when positive (above 1 turns the category off); zero or less means the default.
func holdAt(set *parley.ModerationSettings, c toxicity.Category) float64 {
	if v, ok := set.HoldAt[string(c)]; ok && v > 0 {
		return v
	}
	if c == toxicity.Profanity {
		return DefaultProfanityHoldAt
	}
	return DefaultHoldAt
}

// rejectAt is the reject bar for category c under set.
func rejectAt(set *parley.ModerationSettings, c toxicity.Category) float64 {
	if v, ok := set.RejectAt[string(c)]; ok && v > 0 {
		return v
	}
	if c == toxicity.Threat || c == toxicity.IdentityAttack {
		return DefaultRejectAt
	}
	return never
}

// trustBends reports whether a trusted author's bar for c may be raised: threats and identity
// attacks do not read differently from a regular.
func trustBends(c toxicity.Category) bool {
	return c == toxicity.Toxicity || c == toxicity.Insult || c == toxicity.Profanity
}

func maxLinks(set *parley.ModerationSettings) int {
	if set.MaxLinks == 0 {
		return DefaultMaxLinks
	}
	// Negative forbids links, as "more than -1" reads.
	return max(set.MaxLinks, -1)
}
