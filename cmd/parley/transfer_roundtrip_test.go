package main

import (
	"context"
	"testing"
	"time"

	"parley"
	"parley/sqlstore"
)

// addModeration gives site "news" in the database at dsn moderation settings away from every
// default, a featured and a moderator-edited comment, two decisions, an open and a resolved
// report, a ban and a shadow-ban, a thread in slow mode and audit entries by a moderator and by
// the policy, so that a round trip through the JSON-lines format that drops any of it shows.
func addModeration(t *testing.T, dsn string) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	at := time.Date(2024, 5, 1, 12, 0, 0, 123456000, time.UTC)
	site, err := st.Site(ctx, "news")
	must(err)
	site.Settings = parley.SiteSettings{EditWindow: 10 * time.Minute, PostsPerMin: 3, MaxImages: -1,
		ImageOrigins: []string{"https://img.example"}, Erasure: parley.ErasureAnonymize,
		Moderation: parley.ModerationSettings{Mode: parley.ModePre, HoldAt: map[string]float64{"insult": 0.65, "toxicity": 0.55},
			RejectAt: map[string]float64{"identity_attack": 0.9}, BannedWords: []string{"buy now"}, SuspectWords: []string{"idiot", "moron"},
			MaxLinks: 1, NoNudge: true, Heated: parley.HeatedPremod, SlowMinutes: 3}}
	must(st.PutSite(ctx, site))

	c1, err := st.Comment(ctx, 1)
	must(err)
	c2, err := st.Comment(ctx, 2)
	must(err)
	c1.Featured, c2.ModNote = true, "Link removed by a moderator"
	must(st.UpdateComment(ctx, c1))
	must(st.UpdateComment(ctx, c2))
	must(st.SetThreadModeration(ctx, c1.ThreadID, false, 3, at))
	must(st.SaveDecision(ctx, c2.ID, parley.Decision{Action: parley.ActionReject,
		Reasons: []parley.Reason{{Code: "threat", Detail: "threat score 0.99 ≥ 0.98 (reject)"}},
		Scores:  map[string]float64{"threat": 0.99, "toxicity": 0.8123456789, "insult": 0.1},
		Spans:   []parley.Span{{Start: 0, End: 4, Text: "Post", Category: "threat", Weight: 0.5}}}, at))

	mod := &parley.User{Name: "Mo", Kind: parley.UserRegistered, Role: parley.RoleModerator, Email: "mo@news.example", CreatedAt: at}
	must(st.CreateUser(ctx, mod))
	reader := &parley.User{Kind: parley.UserGuest, Role: parley.RoleReader, CreatedAt: at}
	must(st.CreateUser(ctx, reader))
	must(st.AddReport(ctx, &parley.Report{SiteID: "news", CommentID: c1.ID, UserID: reader.ID, Reason: "hate", Note: "see the last line",
		CreatedAt: at}))
	must(st.AddReport(ctx, &parley.Report{SiteID: "news", CommentID: c2.ID, UserID: reader.ID, Reason: "spam", CreatedAt: at}))
	must(st.ResolveReports(ctx, c2.ID, at.Add(time.Hour)))
	must(st.PutStanding(ctx, parley.Standing{SiteID: "news", UserID: c2.AuthorID, Banned: true, BanReason: "threats"}))
	must(st.PutStanding(ctx, parley.Standing{SiteID: "news", UserID: reader.ID, ShadowBanned: true, BannedUntil: at.Add(24 * time.Hour)}))
	for _, e := range []parley.AuditEntry{
		{ActorID: mod.ID, Action: "reject", TargetType: "comment", TargetID: c2.ID, Reason: "threat", Detail: "published → rejected"},
		{ActorID: mod.ID, Action: "ban", TargetType: "user", TargetID: c2.AuthorID, Reason: "threats", Detail: "permanent"},
		{Action: "thread_heated", TargetType: "thread", TargetID: c1.ThreadID, Detail: "mean toxicity 0.41; response: slow mode"},
		{ActorID: mod.ID, Action: "bulk_reject", TargetType: "site", Detail: "0 comments"},
	} {
		e.SiteID, e.CreatedAt = "news", at
		must(st.AddAudit(ctx, &e))
	}
}
