package parley_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"parley"
)

// /replies must not bring back the conversation under a root a moderator rejected or holds:
// the thread page hides it, so every other way in must too.
func TestRepliesOfAHiddenRootStayHidden(t *testing.T) {
	m := newModEnv(t, 0)
	ctx := context.Background()
	root, ann, _ := m.post(t, nil, "root", false, 0)
	reply, _, err := m.svc.Post(ctx, parley.PostInput{SiteID: "demo", URL: page, ParentID: root.ID, Text: "reply", Name: "Bo"})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := m.svc.Replies(ctx, root.ID, 0, 10); err != nil || len(got) != 1 || got[0].ID != reply.ID {
		t.Fatalf("replies of a published root: %+v %v", got, err)
	}
	if _, err := m.svc.Moderate(ctx, m.admin, root.ID, parley.ModReject, "abuse", "", ""); err != nil {
		t.Fatal(err)
	}
	if got, err := m.svc.Replies(ctx, root.ID, 0, 10); parley.ErrorCode(err) != parley.ENOTFOUND {
		t.Fatalf("replies of a rejected root: %+v %v", got, err)
	}
	// A root its author deleted stays a placeholder, and the conversation under it stays too.
	own, _, _ := m.post(t, ann, "mine", false, 0)
	if _, _, err := m.svc.Post(ctx, parley.PostInput{SiteID: "demo", URL: page, ParentID: own.ID, Text: "answer", Name: "Cy"}); err != nil {
		t.Fatal(err)
	}
	if err := m.svc.Delete(ctx, ann, own.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := m.svc.Replies(ctx, own.ID, 0, 10); err != nil || len(got) != 1 {
		t.Fatalf("replies under a deleted root: %+v %v", got, err)
	}
}

// An edit is where a shadow-banned author would notice: it must behave as for a published
// comment, and leave the comment rejected.
func TestShadowBannedAuthorEditsUnnoticed(t *testing.T) {
	m := newModEnv(t, 0)
	ctx := context.Background()
	_, troll, _ := m.post(t, nil, "first", false, 0)
	if err := m.svc.Ban(ctx, m.admin, parley.BanInput{SiteID: "demo", UserID: troll.ID, Kind: "shadow_ban"}); err != nil {
		t.Fatal(err)
	}
	c, _, err := m.post(t, troll, "into the void", false, 0)
	if err != nil {
		t.Fatal(err)
	}
	e, err := m.svc.Edit(ctx, troll, c.ID, "into the void, edited", false, 0)
	if err != nil {
		t.Fatalf("edit by a shadow-banned author: %v", err)
	}
	if e.Status != parley.StatusRejected || e.Decision == nil || e.Decision.Reasons[len(e.Decision.Reasons)-1].Code != "shadow_ban" {
		t.Fatalf("edited shadow-banned comment: %+v", e)
	}
	if got, _ := m.st.Comment(ctx, c.ID); got.Status != parley.StatusRejected {
		t.Fatalf("stored status %q", got.Status)
	}
	// After the shadow ban is lifted, what a moderator or the policy rejected stays uneditable.
	if err := m.svc.Ban(ctx, m.admin, parley.BanInput{SiteID: "demo", UserID: troll.ID, Kind: "unban"}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.svc.Edit(ctx, troll, c.ID, "clean now", false, 0); parley.ErrorCode(err) != parley.EFORBIDDEN {
		t.Fatalf("edit of a rejected comment after unban: %v", err)
	}
}

// Personal data goes to the reader themselves or an admin; never to a moderator or another
// reader, and erasure leaves other readers' comments alone.
func TestPersonalDataOnlyForSelfOrAdmin(t *testing.T) {
	m := newModEnv(t, 0)
	ctx := context.Background()
	_, ann, _ := m.post(t, nil, "ann's words", false, 0)
	bc, bo, _ := m.post(t, nil, "bo's words", false, 0)
	mod, _, err := m.svc.CreateStaff(ctx, "mod@news.example", parley.RoleModerator, "demo")
	if err != nil {
		t.Fatal(err)
	}
	for _, actor := range []*parley.User{bo, mod} {
		if _, err := m.svc.ExportPersonal(ctx, actor, "demo", ann.ID); parley.ErrorCode(err) != parley.EFORBIDDEN {
			t.Errorf("export of ann's data by %s: %v", actor.Role, err)
		}
		if _, err := m.svc.ErasePersonal(ctx, actor, "demo", ann.ID); parley.ErrorCode(err) != parley.EFORBIDDEN {
			t.Errorf("erasure of ann's data by %s: %v", actor.Role, err)
		}
	}
	if _, err := m.svc.ExportPersonal(ctx, nil, "demo", ann.ID); parley.ErrorCode(err) != parley.EUNAUTHORIZED {
		t.Errorf("anonymous export: %v", err)
	}
	d, err := m.svc.ExportPersonal(ctx, ann, "demo", ann.ID)
	if err != nil || len(d.Comments) != 1 || d.Comments[0].Source != "ann's words" {
		t.Fatalf("own export: %+v %v", d, err)
	}
	if n, err := m.svc.ErasePersonal(ctx, ann, "demo", ann.ID); err != nil || n != 1 {
		t.Fatalf("own erasure: %d %v", n, err)
	}
	if got, _ := m.st.Comment(ctx, bc.ID); got.Status != parley.StatusPublished || got.Source != "bo's words" {
		t.Fatalf("another reader's comment after ann's erasure: %+v", got)
	}
}

// Text from readers is refused, not repaired, when it is not clean UTF-8 or carries control
// characters that could hide content in a moderator's view or break a log line.
func TestCleanTextRefusesHostileText(t *testing.T) {
	for _, in := range []string{"a\x00b", "bad \xff utf8", "esc \x1b[31m", "del \x7f", "c1 \u0085 mid", "bell \a"} {
		if _, err := parley.CleanText("text", in, 100); parley.ErrorCode(err) != parley.EINVALID {
			t.Errorf("CleanText(%q) = %v, want invalid", in, err)
		}
	}
	if got, err := parley.CleanText("text", " two\r\nlines\tand tab ", 100); err != nil || got != "two\nlines\tand tab" {
		t.Errorf("CleanText of ordinary text = %q, %v", got, err)
	}
	if _, err := parley.CleanText("text", strings.Repeat("é", 101), 100); parley.ErrorCode(err) != parley.EINVALID {
		t.Errorf("101 characters accepted as at most 100: %v", err)
	}
	for _, u := range []string{"javascript:alert(1)", "data:text/html,x", "//news.example/a", "/a", "https://", "ftp://x.example/"} {
		if _, err := parley.CleanURL("url", u); parley.ErrorCode(err) != parley.EINVALID {
			t.Errorf("CleanURL(%q) accepted", u)
		}
	}
}

// The edit window is enforced by the service's clock, not by the client.
func TestEditWindowClosesForDeleteToo(t *testing.T) {
	m := newModEnv(t, 0)
	c, ann, _ := m.post(t, nil, "soon fixed", false, 0)
	m.clk.Add(parley.DefaultEditWindow + time.Second)
	if err := m.svc.Delete(context.Background(), ann, c.ID); parley.ErrorCode(err) != parley.EFORBIDDEN {
		t.Fatalf("delete after the window: %v", err)
	}
}

// premodModerator holds what it judges in context, as the real policy's pre-moderation does:
// only for a live comment, never for one judged on its words alone.
type premodModerator struct{ keywordModerator }

func (p premodModerator) Decide(ctx context.Context, in parley.ModerationInput) parley.Decision {
	d := p.keywordModerator.Decide(ctx, in)
	if !in.Imported && d.Action == parley.ActionPublish {
		d.Action, d.Reasons = parley.ActionHold, []parley.Reason{{Code: "pre_moderation", Detail: "the site pre-moderates"}}
	}
	return d
}

// A recheck judges words again after thresholds change; it must not release what was held for
// reasons it cannot see again — the site's or thread's pre-moderation, a shadow ban — without
// a moderator ever looking.
func TestRecheckDoesNotReleasePreModeratedComments(t *testing.T) {
	m := newModEnv(t, 0)
	ctx := context.Background()
	m.svc.Moderator = premodModerator{}
	siteHeld, _, err := m.post(t, nil, "waiting for a moderator", false, 0)
	if err != nil || siteHeld.Status != parley.StatusPending {
		t.Fatalf("pre-moderated post: %+v %v", siteHeld, err)
	}
	m.svc.Moderator = keywordModerator{}
	th, _ := m.svc.Thread(ctx, "demo", page)
	if err := m.st.SetThreadModeration(ctx, th.ID, true, 0, time.Time{}); err != nil {
		t.Fatal(err)
	}
	threadHeld, _, err := m.post(t, nil, "thread is pre-moderated", false, 0)
	if err != nil || threadHeld.Status != parley.StatusPending {
		t.Fatalf("post in a pre-moderated thread: %+v %v", threadHeld, err)
	}
	wordsHeld, _, _ := m.post(t, nil, "HOLD for words", false, 0)
	if _, err := m.svc.Recheck(ctx, m.admin, th.ID); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*parley.Comment{siteHeld, threadHeld} {
		if got, _ := m.st.Comment(ctx, c.ID); got.Status != parley.StatusPending {
			t.Errorf("recheck released %q (held for pre-moderation) as %s", got.Source, got.Status)
		}
	}
	if got, _ := m.st.Comment(ctx, wordsHeld.ID); got.Status != parley.StatusPending {
		t.Errorf("a comment held for its words, still over the line, is now %s", got.Status)
	}
}
