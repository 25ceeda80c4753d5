// Package moderation is Parley's moderation policy: it turns the classifier's scores, a site's
// word lists, spam signals, the author's trust, the site's mode and the thread's heat into a
// parley.Decision, and reads a thread's temperature from its recent comments. It is pure logic:
// no storage, no clock (the caller passes Now), no network.
package moderation

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"parley"
	"parley/toxicity"
)

// Classifier is what the policy needs from the toxicity model; *toxicity.Model satisfies it.
type Classifier interface {
	Explain(text string, max int) (toxicity.Scores, []toxicity.Span)
	Normalize(text string) (string, []int)
}

// Policy is the default parley.Moderator. It is safe for concurrent use.
type Policy struct {
	c     Classifier
	lists listCache
}

var (
	_ parley.Moderator = (*Policy)(nil)
	_ Classifier       = (*toxicity.Model)(nil)
)

// New returns a policy over classifier c.
func New(c Classifier) *Policy {
	return &Policy{c: c}
}

// Reason codes beyond the classifier's categories, which are their own codes.
const (
	CodeBannedWord    = "banned_word"
	CodeSuspectWord   = "suspect_word"
	CodeLinks         = "links"
	CodeRepeatedText  = "repeated_text"
	CodeNewUserFast   = "new_user_fast"
	CodePreModeration = "pre_moderation"
	CodeNewUserPreMod = "new_user_pre_moderation"
	CodeHeatedThread  = "heated_thread"
	maxWordSpans      = 10
	swearingFloor     = 0.5 // profanity score from which a comment counts as swearing
	newUserLinkWeight = 3
)

// finding is a reason with the action it calls for.
type finding struct {
	action parley.Action
	reason parley.Reason
}

func severity(a parley.Action) int {
	switch a {
	case parley.ActionReject:
		return 2
	case parley.ActionHold:
		return 1
	}
	return 0
}

// Decide judges one comment. The strictest finding sets the action; every finding is kept as a
// reason, most severe first, so a moderator sees all of what the policy saw.
func (p *Policy) Decide(_ context.Context, in parley.ModerationInput) parley.Decision {
	var set parley.ModerationSettings
	if in.Site != nil {
		set = in.Site.Settings.Moderation
	}
	trust := in.Standing.Trust()
	staff := in.Author != nil && (in.Author.Role == parley.RoleModerator || in.Author.Role == parley.RoleAdmin)

	scores, tspans := p.c.Explain(in.Text, MaxSpans)
	d := parley.Decision{Scores: make(map[string]float64, len(toxicity.Categories))}
	for _, c := range toxicity.Categories {
		d.Scores[string(c)] = scores.Get(c)
	}
	if len(tspans) > 0 {
		d.Spans = make([]parley.Span, 0, len(tspans))
		for _, s := range tspans {
			d.Spans = append(d.Spans, parley.Span{Start: s.Start, End: s.End, Text: s.Text, Category: string(s.Category), Weight: s.Weight})
		}
	}

	fs := judgeScores(nil, &set, scores, trust)
	fs = p.judgeWords(fs, &set, in.Text, &d.Spans)
	fs = judgeSpam(fs, &set, in, trust)
	if !in.Imported && !staff {
		fs = judgeRoom(fs, &set, in, trust)
	}

	d.Action = parley.ActionPublish
	classifierOnly := true
	for _, f := range fs {
		if severity(f.action) > severity(d.Action) {
			d.Action = f.action
		}
		if !isCategory(f.reason.Code) {
			classifierOnly = false
		}
	}
	d.Nudge = d.Action == parley.ActionHold && classifierOnly && !set.NoNudge
	slices.SortFunc(fs, func(a, b finding) int {
		return cmp.Or(
			cmp.Compare(severity(b.action), severity(a.action)),
			cmp.Compare(a.reason.Code, b.reason.Code),
			cmp.Compare(a.reason.Detail, b.reason.Detail))
	})
	if len(fs) > 0 {
		d.Reasons = make([]parley.Reason, len(fs))
		for i, f := range fs {
			d.Reasons[i] = f.reason
		}
	}
	slices.SortFunc(d.Spans, func(a, b parley.Span) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), cmp.Compare(a.Category, b.Category))
	})
	return d
}

func isCategory(code string) bool {
	for _, c := range toxicity.Categories {
		if string(c) == code {
			return true
		}
	}
	return false
}

// judgeScores compares each category's score with its bars. Swearing is judged by the profanity
// bar alone: the classifier learned "toxic" from data where swearing is offensive language, so a
// comment whose only other signal is toxicity reads as swearing, not as an attack, and holds only
// if the site's profanity bar says so.
func judgeScores(fs []finding, set *parley.ModerationSettings, s toxicity.Scores, trust int) []finding {
	swearingOnly := s.Profanity >= swearingFloor && s.Profanity < holdAt(set, toxicity.Profanity)
	for _, c := range toxicity.Categories[1:] {
		if c != toxicity.Profanity && s.Get(c) >= holdAt(set, c)+bonus(c, trust) {
			swearingOnly = false
		}
	}
	for _, c := range toxicity.Categories {
		score := s.Get(c)
		if r := rejectAt(set, c); score >= r {
			fs = append(fs, finding{parley.ActionReject, parley.Reason{Code: string(c),
				Detail: fmt.Sprintf("%s score %.2f ≥ %.2f (reject)", label(c), score, r)}})
			continue
		}
		base, extra := holdAt(set, c), bonus(c, trust)
		if score < base+extra || c == toxicity.Toxicity && swearingOnly {
			continue
		}
		detail := fmt.Sprintf("%s score %.2f ≥ %.2f", label(c), score, base+extra)
		if extra > 0 {
			detail += fmt.Sprintf(" (%.2f + %.2f for a trusted author)", base, extra)
		}
		fs = append(fs, finding{parley.ActionHold, parley.Reason{Code: string(c), Detail: detail}})
	}
	return fs
}

func bonus(c toxicity.Category, trust int) float64 {
	if trust >= parley.TrustTrusted && trustBends(c) {
		return TrustedBonus
	}
	return 0
}

func label(c toxicity.Category) string {
	if c == toxicity.IdentityAttack {
		return "identity attack"
	}
	return string(c)
}

// judgeWords matches the site's banned and suspect lists on the normalised text, so spelling
// tricks do not get past them, and marks each hit in the original text.
func (p *Policy) judgeWords(fs []finding, set *parley.ModerationSettings, text string, spans *[]parley.Span) []finding {
	banned := p.lists.get(set.BannedWords, p.c.Normalize)
	suspect := p.lists.get(set.SuspectWords, p.c.Normalize)
	if banned.empty() && suspect.empty() {
		return fs
	}
	norm, offs := p.c.Normalize(text)
	for _, l := range []struct {
		list   *wordList
		code   string
		noun   string
		action parley.Action
	}{
		{banned, CodeBannedWord, "banned", parley.ActionReject},
		{suspect, CodeSuspectWord, "suspect", parley.ActionHold},
	} {
		hits := l.list.match(norm, nil)
		for i, h := range hits {
			if !slices.ContainsFunc(hits[:i], func(o hit) bool { return o.entry == h.entry }) {
				fs = append(fs, finding{l.action, parley.Reason{Code: l.code,
					Detail: fmt.Sprintf("%s word %q", l.noun, h.entry)}})
			}
			if i >= maxWordSpans {
				continue
			}
			if s, e, ok := origRange(norm, offs, h.start, h.end); ok {
				*spans = append(*spans, parley.Span{Start: s, End: e, Text: substr(text, s, e), Category: l.code, Weight: 1})
			}
		}
	}
	return fs
}

// judgeSpam weighs links and repeated text. A new author's links count triple, so under the
// default limit a new account's first link already waits for a moderator: a fresh account with
// a link is the commonest spam there is, and a real newcomer's source costs only a short wait.
func judgeSpam(fs []finding, set *parley.ModerationSettings, in parley.ModerationInput, trust int) []finding {
	if n := countLinks(in.Text); n > 0 {
		limit, weight := maxLinks(set), 1
		if trust == parley.TrustNew && !in.Imported {
			weight = newUserLinkWeight
		}
		if n*weight > limit {
			detail := fmt.Sprintf("%s, more than the %d allowed", plural(n, "link"), max(limit, 0))
			if weight > 1 {
				detail = fmt.Sprintf("%s from a new account, each counted %d times, more than the %d allowed", plural(n, "link"), weight, max(limit, 0))
			}
			fs = append(fs, finding{parley.ActionHold, parley.Reason{Code: CodeLinks, Detail: detail}})
		}
	}
	switch r := in.Repeats; {
	case r >= RepeatsReject:
		fs = append(fs, finding{parley.ActionReject, parley.Reason{Code: CodeRepeatedText,
			Detail: fmt.Sprintf("same text posted %d times before in the last day (reject at %d)", r, RepeatsReject)}})
	case r >= RepeatsHold:
		fs = append(fs, finding{parley.ActionHold, parley.Reason{Code: CodeRepeatedText,
			Detail: fmt.Sprintf("same text posted %d times before in the last day", r)}})
	}
	return fs
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// judgeRoom weighs what belongs to the moment of posting: the author's pace, the site's mode and
// the thread's heat. Imported comments and staff skip it.
func judgeRoom(fs []finding, set *parley.ModerationSettings, in parley.ModerationInput, trust int) []finding {
	st := in.Standing
	if trust == parley.TrustNew {
		if gap, fast := postingFast(st.FirstCommentAt, st.LastCommentAt, in.Now); fast {
			fs = append(fs, finding{parley.ActionHold, parley.Reason{Code: CodeNewUserFast,
				Detail: fmt.Sprintf("new account posting again %s after its last comment, %s after its first",
					gap.Round(time.Second), max(in.Now.Sub(st.FirstCommentAt), 0).Round(time.Second))}})
		}
	}
	switch set.Mode {
	case "", parley.ModePost:
	case parley.ModePre:
		// Trusted authors skip pre-moderation: they have earned it, and a queue full of
		// regulars' comments hides the ones that need a look.
		if trust < parley.TrustTrusted {
			fs = append(fs, finding{parley.ActionHold, parley.Reason{Code: CodePreModeration,
				Detail: "the site pre-moderates comments from all but trusted authors"}})
		}
	case parley.ModePreNew:
		if trust == parley.TrustNew {
			fs = append(fs, finding{parley.ActionHold, parley.Reason{Code: CodeNewUserPreMod,
				Detail: "the site pre-moderates comments from new authors"}})
		}
	default:
		// A mode this code does not know is a configuration error; holding is recoverable,
		// publishing is not.
		fs = append(fs, finding{parley.ActionHold, parley.Reason{Code: CodePreModeration,
			Detail: fmt.Sprintf("unknown moderation mode %q: held to be safe", set.Mode)}})
	}
	if in.Heat != nil && in.Heat.Heated && set.Heated == parley.HeatedPremod {
		detail := "the thread is heated: every comment waits for a moderator"
		if h := in.Heat; h.Recent > 0 {
			// The caller may know only that the thread is heated, not how hot.
			detail = fmt.Sprintf("the thread is heated (mean toxicity %.2f over the last %d comments): every comment waits for a moderator", h.MeanToxicity, h.Recent)
		}
		fs = append(fs, finding{parley.ActionHold, parley.Reason{Code: CodeHeatedThread, Detail: detail}})
	}
	return fs
}
