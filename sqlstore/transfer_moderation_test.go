package sqlstore

import (
	"context"
	"fmt"
	"testing"
	"time"

	"parley"
)

// moderatedSettings has every moderation setting away from its default, so a round trip that
// drops one shows.
var moderatedSettings = parley.SiteSettings{EditWindow: 10 * time.Minute, MaxImages: 2, PostsPerMin: -1,
	ImageOrigins: []string{"https://img.example"}, Erasure: parley.ErasureAnonymize,
	Moderation: parley.ModerationSettings{Mode: parley.ModePreNew, HoldAt: map[string]float64{"insult": 0.6},
		RejectAt: map[string]float64{"threat": 0.9}, BannedWords: []string{"spamword"}, SuspectWords: []string{"idiot"},
		MaxLinks: 3, NoNudge: true, Heated: parley.HeatedSlow, SlowMinutes: 5}}

// addModerationState gives site "news" of s one of each moderation record: a thread in slow
// mode, a featured and a moderator-edited comment, decisions by the policy and by a moderator,
// open and resolved reports (one by a reader who never commented), a ban and a shadow-ban, and
// audit entries by a moderator and by the policy about a comment, a user, a thread and the site.
func addModerationState(t *testing.T, s *Store, thread int64, top, reply *parley.Comment, author *parley.User) {
	t.Helper()
	ctx := context.Background()
	mod := &parley.User{Name: "Mo", Kind: parley.UserRegistered, Role: parley.RoleModerator, Email: "mo@news.example", CreatedAt: t0}
	must(t, s.CreateUser(ctx, mod))
	lurker := &parley.User{Kind: parley.UserGuest, Role: parley.RoleReader, CreatedAt: t0}
	must(t, s.CreateUser(ctx, lurker))
	must(t, s.SetThreadModeration(ctx, thread, true, 2, t0.Add(time.Hour)))

	top.Featured = true
	reply.ModNote = "Edited by a moderator"
	must(t, s.UpdateComment(ctx, top))
	must(t, s.UpdateComment(ctx, reply))
	must(t, s.SaveDecision(ctx, top.ID, parley.Decision{Action: parley.ActionHold,
		Reasons: []parley.Reason{{Code: "insult", Detail: "insult score 0.71 ≥ 0.60"}, {Code: "moderator", Detail: "approved by Mo"}},
		Scores:  map[string]float64{"insult": 0.7100000000000001, "toxicity": 0.333, "threat": 0},
		Spans:   []parley.Span{{Start: 4, End: 7, Text: "one", Category: "insult", Weight: 0.25}}}, t0.Add(4*time.Minute)))
	must(t, s.SaveDecision(ctx, reply.ID, parley.Decision{Action: parley.ActionPublish, Scores: map[string]float64{"toxicity": 0.01}},
		t0.Add(5*time.Minute)))

	must(t, s.AddReport(ctx, &parley.Report{SiteID: "news", CommentID: top.ID, UserID: lurker.ID, Reason: "abuse", Note: "rude",
		CreatedAt: t0.Add(6 * time.Minute)}))
	must(t, s.ResolveReports(ctx, top.ID, t0.Add(7*time.Minute)))
	must(t, s.AddReport(ctx, &parley.Report{SiteID: "news", CommentID: reply.ID, UserID: author.ID, Reason: "spam",
		CreatedAt: t0.Add(8 * time.Minute)}))

	must(t, s.PutStanding(ctx, parley.Standing{SiteID: "news", UserID: author.ID, Banned: true, BannedUntil: t0.Add(48 * time.Hour),
		BanReason: "flooding"}))
	must(t, s.PutStanding(ctx, parley.Standing{SiteID: "news", UserID: lurker.ID, ShadowBanned: true}))

	for _, e := range []parley.AuditEntry{
		{ActorID: mod.ID, Action: "approve", TargetType: "comment", TargetID: top.ID, Reason: "fair", Detail: "pending → published"},
		{ActorID: mod.ID, Action: "suspend", TargetType: "user", TargetID: author.ID, Reason: "flooding", Detail: "until …"},
		{Action: "thread_heated", TargetType: "thread", TargetID: thread, Detail: "mean toxicity 0.40"},
		{ActorID: mod.ID, Action: "settings", TargetType: "site", Detail: `mode "pre_new"`},
	} {
		e.SiteID, e.CreatedAt = "news", t0.Add(9*time.Minute)
		must(t, s.AddAudit(ctx, &e))
	}
}

// canonicalModeration describes the moderation records of an export by source ids, as
// canonical does the comments.
func canonicalModeration(r *records) []string {
	users, comments, threads := map[string]string{}, map[string]string{}, map[string]string{}
	for _, u := range r.users {
		users[u.Ref] = u.SourceID
	}
	for _, c := range r.comments {
		comments[c.Ref] = c.SourceID
	}
	var out []string
	for _, t := range r.threads {
		threads[t.Ref] = t.Key
		out = append(out, fmt.Sprintf("thread %s premod=%v slow=%d heated=%v", t.Key, t.Premod, t.SlowMinutes, t.HeatedAt))
	}
	for _, c := range r.comments {
		out = append(out, fmt.Sprintf("comment %s featured=%v note=%q", c.SourceID, c.Featured, c.ModNote))
	}
	for _, x := range r.mod {
		switch x := x.(type) {
		case parley.TransferDecision:
			out = append(out, fmt.Sprintf("decision %s %s %v %v %v %v", comments[x.CommentRef], x.Decision.Action,
				x.Decision.Reasons, x.Decision.Scores, x.Decision.Spans, x.CreatedAt))
		case parley.TransferReport:
			out = append(out, fmt.Sprintf("report %s by %s %s %q %v %v", comments[x.CommentRef], users[x.UserRef], x.Reason, x.Note,
				x.CreatedAt, x.ResolvedAt))
		case parley.TransferStanding:
			out = append(out, fmt.Sprintf("standing %s %v %v %q %v", users[x.UserRef], x.Banned, x.BannedUntil, x.BanReason, x.Shadow))
		case parley.TransferAudit:
			target := x.TargetRef
			switch x.TargetType {
			case "comment":
				target = comments[x.TargetRef]
			case "user":
				target = users[x.TargetRef]
			case "thread":
				target = threads[x.TargetRef]
			}
			out = append(out, fmt.Sprintf("audit %s %s %s %s %q %q %v", users[x.ActorRef], x.Action, x.TargetType, target, x.Reason,
				x.Detail, x.CreatedAt))
		}
	}
	return out
}
