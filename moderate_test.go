package parley_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"parley"
	"parley/sqlstore"
)

// keywordModerator decides by marker words, so these tests pin the service's workflow rather
// than the classifier's judgement (which has its own tests).
type keywordModerator struct{ heatAt int }

func (k keywordModerator) Decide(_ context.Context, in parley.ModerationInput) parley.Decision {
	d := parley.Decision{Action: parley.ActionPublish, Scores: map[string]float64{"toxicity": 0.1}}
	switch {
	case strings.Contains(in.Text, "REJECT"):
		d.Action = parley.ActionReject
		d.Reasons = []parley.Reason{{Code: "banned_word", Detail: "REJECT"}}
	case strings.Contains(in.Text, "NUDGE"):
		d.Action, d.Nudge = parley.ActionHold, true
		d.Scores["toxicity"] = 0.8
		d.Reasons = []parley.Reason{{Code: "toxicity", Detail: "0.80"}}
		i := strings.Index(in.Text, "NUDGE")
		d.Spans = []parley.Span{{Start: i, End: i + 5, Text: "NUDGE", Category: "toxicity", Weight: 0.7}}
	case strings.Contains(in.Text, "HOLD"):
		d.Action = parley.ActionHold
		d.Reasons = []parley.Reason{{Code: "links", Detail: "3 links"}}
	}
	return d
}

func (k keywordModerator) Temperature(recent []parley.ScoredComment) parley.Temperature {
	return parley.Temperature{Recent: len(recent), Heated: k.heatAt > 0 && len(recent) >= k.heatAt}
}

type modEnv struct {
	svc   *parley.Service
	clk   *clock
	st    *sqlstore.Store
	admin *parley.User
}

func newModEnv(t *testing.T, heatAt int) *modEnv {
	t.Helper()
	s, clk := newService(t)
	st := s.Store.(*sqlstore.Store)
	s.Mod, s.Personal, s.Moderator = st, st, keywordModerator{heatAt: heatAt}
	admin, _, err := s.CreateStaff(context.Background(), "Boss@News.example", parley.RoleAdmin, "")
	if err != nil {
		t.Fatal(err)
	}
	return &modEnv{svc: s, clk: clk, st: st, admin: admin}
}

func (m *modEnv) post(t *testing.T, u *parley.User, text string, confirm bool, nudge int64) (*parley.Comment, *parley.User, error) {
	t.Helper()
	return m.svc.Post(context.Background(), parley.PostInput{SiteID: "demo", URL: page, Text: text, Name: "Ann", User: u,
		Confirm: confirm, NudgeID: nudge})
}

func TestNudgeThenPostAnywayOrRevise(t *testing.T) {
	m := newModEnv(t, 0)
	ctx := context.Background()
	_, _, err := m.post(t, nil, "you NUDGE", false, 0)
	var pe *parley.Error
	if !asError(err, &pe) || pe.Code != parley.ENUDGE || pe.Nudge == nil || pe.Nudge.ID == 0 || len(pe.Nudge.Spans) != 1 {
		t.Fatalf("first post: %v, want a nudge with spans", err)
	}
	c, ann, err := m.post(t, nil, "you NUDGE", true, pe.Nudge.ID)
	if err != nil || c.Status != parley.StatusPending {
		t.Fatalf("post anyway: %+v, %v; want pending", c, err)
	}
	_, _, err = m.post(t, ann, "you NUDGE again", false, 0)
	if !asError(err, &pe) || pe.Code != parley.ENUDGE {
		t.Fatalf("second nudge: %v", err)
	}
	if c, _, err = m.post(t, ann, "you, politely", false, pe.Nudge.ID); err != nil || c.Status != parley.StatusPublished {
		t.Fatalf("revised: %+v, %v", c, err)
	}
	o, err := m.svc.Overview(ctx, m.admin)
	if err != nil {
		t.Fatal(err)
	}
	if o.Nudges != (parley.NudgeStats{Shown: 2, Revised: 1, Posted: 1}) || o.Counts[parley.QueuePending] != 1 {
		t.Fatalf("overview = %+v", o)
	}
	hidden, err := m.svc.HiddenOwn(ctx, ann, c.ThreadID)
	if err != nil || len(hidden) != 1 || hidden[0].Status != parley.StatusPending {
		t.Fatalf("author's own held comments = %+v, %v", hidden, err)
	}
}

func TestQueueActionsAndAudit(t *testing.T) {
	m := newModEnv(t, 0)
	ctx := context.Background()
	held, ann, err := m.post(t, nil, "HOLD this", false, 0)
	if err != nil || held.Status != parley.StatusPending {
		t.Fatalf("held: %+v %v", held, err)
	}
	items, err := m.svc.Queue(ctx, m.admin, "", parley.QueueFilter{})
	if err != nil || len(items) != 1 || items[0].Decision == nil || items[0].Decision.Reasons[0].Code != "links" {
		t.Fatalf("pending queue = %+v, %v", items, err)
	}
	if _, err := m.svc.Moderate(ctx, m.admin, held.ID, parley.ModApprove, "fine", "", ""); err != nil {
		t.Fatal(err)
	}
	pub, _, _ := m.post(t, ann, "ordinary", false, 0)
	if _, err := m.svc.Report(ctx, ann, "1.2.3.4", pub.ID, "nonsense", ""); parley.ErrorCode(err) != parley.EINVALID {
		t.Fatalf("bad report reason: %v", err)
	}
	reporter, err := m.svc.Report(ctx, nil, "1.2.3.4", pub.ID, "spam", "ads")
	if err != nil || reporter == nil || reporter.ID == 0 {
		t.Fatalf("anonymous report: %v", err)
	}
	if _, _, err := m.svc.Post(ctx, parley.PostInput{SiteID: "demo", URL: page, Text: "hi", User: reporter}); parley.ErrorCode(err) != parley.EINVALID {
		t.Fatalf("a reporter's first comment without a name: %v", err)
	}
	if c, _, err := m.svc.Post(ctx, parley.PostInput{SiteID: "demo", URL: page, Text: "hi", User: reporter, Name: "Cy"}); err != nil || c.Author.Name != "Cy" {
		t.Fatalf("a reporter's first comment names them: %+v %v", c, err)
	}
	if items, _ = m.svc.Queue(ctx, m.admin, "demo", parley.QueueFilter{Queue: parley.QueueReported}); len(items) != 1 || items[0].Reports[0].Note != "ads" {
		t.Fatalf("reported queue = %+v", items)
	}
	if _, err := m.svc.Moderate(ctx, m.admin, pub.ID, parley.ModReject, "spam", "", ""); err != nil {
		t.Fatal(err)
	}
	if items, _ = m.svc.Queue(ctx, m.admin, "demo", parley.QueueFilter{Queue: parley.QueueReported}); len(items) != 0 {
		t.Fatalf("reports stay open after a decision: %+v", items)
	}
	edited, err := m.svc.Moderate(ctx, m.admin, held.ID, parley.ModEdit, "link removed", "HOLD *this*", "")
	if err != nil || edited.ModNote != "Edited by a moderator" || !strings.Contains(edited.HTML, "<em>this</em>") {
		t.Fatalf("edit: %+v, %v", edited, err)
	}
	log, err := m.svc.AuditLog(ctx, m.admin, 0)
	if err != nil || len(log) != 3 {
		t.Fatalf("audit = %+v, %v", log, err)
	}
	if log[0].Action != "edit" || log[1].Action != "reject" || log[1].Reason != "spam" || log[2].Action != "approve" || log[2].ActorName == "" {
		t.Fatalf("audit entries = %+v", log)
	}
	// A moderator's verdict survives a recheck of the thread.
	if n, err := m.svc.Recheck(ctx, m.admin, held.ThreadID); err != nil || n != 0 {
		t.Fatalf("recheck moved %d (%v); moderator verdicts must stand", n, err)
	}
}

func TestRolesLimitWhatStaffSee(t *testing.T) {
	m := newModEnv(t, 0)
	ctx := context.Background()
	if err := m.st.PutSite(ctx, &parley.Site{ID: "other"}); err != nil {
		t.Fatal(err)
	}
	mod, _, err := m.svc.CreateStaff(ctx, "mod@news.example", parley.RoleModerator, "other")
	if err != nil {
		t.Fatal(err)
	}
	c, reader, _ := m.post(t, nil, "HOLD on demo", false, 0)
	if _, err := m.svc.Queue(ctx, mod, "demo", parley.QueueFilter{}); parley.ErrorCode(err) != parley.EFORBIDDEN {
		t.Fatalf("moderator of another site reads demo's queue: %v", err)
	}
	if items, err := m.svc.Queue(ctx, mod, "", parley.QueueFilter{}); err != nil || len(items) != 0 {
		t.Fatalf("moderator's own queue leaks other sites: %+v %v", items, err)
	}
	if _, err := m.svc.Moderate(ctx, mod, c.ID, parley.ModApprove, "", "", ""); parley.ErrorCode(err) != parley.EFORBIDDEN {
		t.Fatalf("cross-site approve: %v", err)
	}
	if _, err := m.svc.Queue(ctx, reader, "", parley.QueueFilter{}); parley.ErrorCode(err) != parley.EFORBIDDEN {
		t.Fatalf("reader reads a queue: %v", err)
	}
	if err := m.svc.Ban(ctx, reader, parley.BanInput{SiteID: "demo", UserID: reader.ID, Kind: "unban"}); parley.ErrorCode(err) != parley.EFORBIDDEN {
		t.Fatalf("reader lifts their own ban: %v", err)
	}
	if err := m.svc.UpdateSiteSettings(ctx, mod, "other", parley.ModerationSettings{Mode: parley.ModePre}); parley.ErrorCode(err) != parley.EFORBIDDEN {
		t.Fatalf("moderator changes settings: %v", err)
	}
}

func TestBansShadowBansAndBulk(t *testing.T) {
	m := newModEnv(t, 0)
	ctx := context.Background()
	_, troll, _ := m.post(t, nil, "first", false, 0)
	m.post(t, troll, "second", false, 0)
	if err := m.svc.Ban(ctx, m.admin, parley.BanInput{SiteID: "demo", UserID: troll.ID, Kind: "suspend"}); parley.ErrorCode(err) != parley.EINVALID {
		t.Fatalf("suspend without duration: %v", err)
	}
	if err := m.svc.Ban(ctx, m.admin, parley.BanInput{SiteID: "demo", UserID: troll.ID, Kind: "suspend", For: time.Hour, Reason: "cool off"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := m.post(t, troll, "let me in", false, 0); parley.ErrorCode(err) != parley.EFORBIDDEN || !strings.Contains(err.Error(), "until") {
		t.Fatalf("suspended user posts: %v", err)
	}
	m.clk.Add(time.Hour + time.Minute)
	if err := m.svc.Ban(ctx, m.admin, parley.BanInput{SiteID: "demo", UserID: troll.ID, Kind: "shadow_ban"}); err != nil {
		t.Fatal(err)
	}
	c, _, err := m.post(t, troll, "shouting into the void", false, 0)
	if err != nil || c.Status != parley.StatusRejected || c.Decision.Reasons[len(c.Decision.Reasons)-1].Code != "shadow_ban" {
		t.Fatalf("shadow-banned post: %+v %v", c, err)
	}
	th, _ := m.svc.Thread(ctx, "demo", page)
	if p, _ := m.svc.Page(ctx, th, parley.PageQuery{}); p.Count != 2 {
		t.Fatalf("public count %d: a shadow-banned comment must not show", p.Count)
	}
	n, err := m.svc.Bulk(ctx, m.admin, "demo", troll.ID, "", parley.ModReject, "troll")
	if err != nil || n != 3 {
		t.Fatalf("bulk reject = %d, %v", n, err)
	}
	if p, _ := m.svc.Page(ctx, th, parley.PageQuery{}); p.Count != 0 {
		t.Fatalf("public count after bulk reject: %d", p.Count)
	}
	st, _ := m.st.Standing(ctx, "demo", troll.ID)
	if st.Rejected != 3 || st.Trust() != parley.TrustNew || !st.ShadowBanned {
		t.Fatalf("standing = %+v", st)
	}
}

func TestHeatedThreadGoesToSlowMode(t *testing.T) {
	m := newModEnv(t, 3)
	ctx := context.Background()
	site, _ := m.st.Site(ctx, "demo")
	site.Settings.Moderation.Heated, site.Settings.Moderation.SlowMinutes = parley.HeatedSlow, 5
	site.Settings.PostsPerMin = -1
	if err := m.st.PutSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	_, a, _ := m.post(t, nil, "one", false, 0)
	m.post(t, nil, "two", false, 0)
	m.post(t, nil, "three", false, 0) // the third comment tips the fake temperature over
	if _, _, err := m.post(t, a, "four", false, 0); parley.ErrorCode(err) != parley.ERATELIMITED {
		t.Fatalf("post in slow mode: %v", err)
	}
	m.clk.Add(6 * time.Minute)
	if _, _, err := m.post(t, a, "five", false, 0); err != nil {
		t.Fatalf("post after the slow-mode interval: %v", err)
	}
	o, _ := m.svc.Overview(ctx, m.admin)
	if len(o.Heated) != 1 || o.Heated[0].SlowMinutes != 5 {
		t.Fatalf("heated threads = %+v", o.Heated)
	}
	log, _ := m.svc.AuditLog(ctx, m.admin, 0)
	if len(log) == 0 || log[len(log)-1].Action != "thread_heated" {
		t.Fatalf("audit = %+v", log)
	}
}

func TestSignInLinksAreOneTimeAndSessionsRevocable(t *testing.T) {
	m := newModEnv(t, 0)
	ctx := context.Background()
	if _, _, err := m.svc.CreateStaff(ctx, "not an email", parley.RoleAdmin, ""); parley.ErrorCode(err) != parley.EINVALID {
		t.Fatalf("bad email: %v", err)
	}
	_, tok, err := m.svc.CreateStaff(ctx, "ed@news.example", parley.RoleModerator, "demo")
	if err != nil {
		t.Fatal(err)
	}
	sess, u, err := m.svc.SignIn(ctx, tok)
	if err != nil || u.Role != parley.RoleModerator {
		t.Fatalf("sign in: %+v %v", u, err)
	}
	if _, _, err := m.svc.SignIn(ctx, tok); parley.ErrorCode(err) != parley.ENOTFOUND {
		t.Fatalf("second use of a link: %v", err)
	}
	if got, err := m.svc.SessionUser(ctx, sess); err != nil || got.ID != u.ID {
		t.Fatalf("session user: %+v %v", got, err)
	}
	if err := m.svc.SignOut(ctx, sess); err != nil {
		t.Fatal(err)
	}
	if _, err := m.svc.SessionUser(ctx, sess); parley.ErrorCode(err) != parley.EUNAUTHORIZED {
		t.Fatalf("revoked session: %v", err)
	}
	_, tok2, _ := m.svc.CreateStaff(ctx, "late@news.example", parley.RoleAdmin, "")
	m.clk.Add(25 * time.Hour)
	if _, _, err := m.svc.SignIn(ctx, tok2); parley.ErrorCode(err) != parley.ENOTFOUND {
		t.Fatalf("expired link: %v", err)
	}
}

func TestEditsAreJudgedLikePosts(t *testing.T) {
	m := newModEnv(t, 0)
	ctx := context.Background()
	c, ann, _ := m.post(t, nil, "harmless", false, 0)
	_, err := m.svc.Edit(ctx, ann, c.ID, "now NUDGE", false, 0)
	var pe *parley.Error
	if !asError(err, &pe) || pe.Code != parley.ENUDGE {
		t.Fatalf("toxic edit: %v, want a nudge", err)
	}
	if got, _ := m.st.Comment(ctx, c.ID); got.Source != "harmless" {
		t.Fatalf("a nudged edit changed the comment: %q", got.Source)
	}
	edited, err := m.svc.Edit(ctx, ann, c.ID, "now NUDGE", true, pe.Nudge.ID)
	if err != nil || edited.Status != parley.StatusPending {
		t.Fatalf("confirmed toxic edit: %+v %v; want pending", edited, err)
	}
	if _, err := m.svc.Moderate(ctx, m.admin, c.ID, parley.ModReject, "", "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := m.svc.Edit(ctx, ann, c.ID, "sorry", false, 0); parley.ErrorCode(err) != parley.EFORBIDDEN {
		t.Fatalf("editing a rejected comment: %v", err)
	}
}
