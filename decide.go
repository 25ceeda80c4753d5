package parley

import (
	"context"
	"fmt"
	"time"
)

// heatWindow is how many recent comments a thread's temperature is read from.
const heatWindow = 30

// decide runs the moderation policy on a new comment (or an edit) before anything is written:
// bans, slow mode and the nudge are answered here, and the returned decision is stored with the
// comment. An edit is no new comment, so slow mode and repeats do not apply to it.
func (s *Service) decide(ctx context.Context, site *Site, t *Thread, u *User, text string, in PostInput, edit bool) (*Decision, error) {
	if s.Moderator == nil || s.Mod == nil {
		return nil, nil
	}
	now := s.Clock.Now()
	st := Standing{SiteID: site.ID, UserID: u.ID}
	repeats := 0
	if u.ID != 0 {
		var err error
		if st, err = s.Mod.Standing(ctx, site.ID, u.ID); err != nil {
			return nil, fmt.Errorf("standing: %w", err)
		}
		if st.BannedAt(now) {
			msg := "you are banned from commenting on this site"
			if !st.BannedUntil.IsZero() {
				msg += " until " + st.BannedUntil.Format("2 January 2006 15:04 MST")
			}
			return nil, Errorf(EFORBIDDEN, "%s", msg)
		}
		if !edit {
			if repeats, err = s.Mod.Repeats(ctx, site.ID, u.ID, text, now.Add(-24*time.Hour)); err != nil {
				return nil, fmt.Errorf("repeats: %w", err)
			}
		}
	}
	premod, slow, heatedAt, err := s.Mod.ThreadModeration(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	if slow > 0 && !edit && u.ID != 0 && u.Role == RoleReader {
		last, err := s.Mod.LastCommentIn(ctx, t.ID, u.ID)
		if err != nil {
			return nil, err
		}
		if wait := last.Add(time.Duration(slow) * time.Minute).Sub(now); wait > 0 {
			return nil, Errorf(ERATELIMITED, "this discussion is in slow mode: one comment every %d minutes per person", slow)
		}
	}
	if site.Settings.PostsPerMin < 0 || edit {
		// Posting pace is no signal for an edit, nor where the site lifted rate limits (a live
		// blog, a load test).
		st.FirstCommentAt, st.LastCommentAt = time.Time{}, time.Time{}
	}
	in2 := ModerationInput{Site: site, Thread: t, Author: u, Standing: st, Text: text, Now: now, Repeats: repeats}
	if !heatedAt.IsZero() {
		in2.Heat = &Temperature{Heated: true}
	}
	d := s.Moderator.Decide(ctx, in2)
	if premod && d.Action == ActionPublish && u.Role == RoleReader {
		d.Action = ActionHold
		d.Reasons = append(d.Reasons, Reason{Code: "thread_premod", Detail: "this thread is pre-moderated"})
	}
	if st.ShadowBanned && d.Action != ActionReject {
		d.Action = ActionReject
		d.Reasons = append(d.Reasons, Reason{Code: "shadow_ban", Detail: "author is shadow-banned"})
	}
	switch {
	case d.Nudge && !in.Confirm:
		id, err := s.Mod.AddNudge(ctx, site.ID, t.ID, now)
		if err != nil {
			return nil, fmt.Errorf("record nudge: %w", err)
		}
		if in.NudgeID != 0 { // revised, and still over the line: the old nudge counts as revised-but-not-enough
			s.resolveNudge(ctx, in.NudgeID, site.ID, "revised")
		}
		n := &Nudge{ID: id, Spans: d.Spans}
		for _, r := range d.Reasons {
			n.Categories = append(n.Categories, r.Code)
		}
		return nil, &Error{Code: ENUDGE, Message: "your comment may break this site's rules; edit it, or post it for a moderator to review", Nudge: n}
	case in.NudgeID != 0 && d.Nudge:
		s.resolveNudge(ctx, in.NudgeID, site.ID, "posted")
	case in.NudgeID != 0:
		s.resolveNudge(ctx, in.NudgeID, site.ID, "revised")
	}
	return &d, nil
}

// resolveNudge records what the author did after a nudge. Failing to record it must not cost the
// author their comment, so the error is logged, not returned.
func (s *Service) resolveNudge(ctx context.Context, id int64, siteID, outcome string) {
	if err := s.Mod.ResolveNudge(ctx, id, siteID, outcome); err != nil {
		s.logError(ctx, "record nudge outcome", err, "nudge", id)
	}
}

// checkHeat reads the thread's temperature after a write and, the first time it runs hot, marks
// it and applies the site's automatic response.
func (s *Service) checkHeat(ctx context.Context, site *Site, t *Thread) {
	if s.Moderator == nil || s.Mod == nil {
		return
	}
	premod, slow, heatedAt, err := s.Mod.ThreadModeration(ctx, t.ID)
	if err != nil || !heatedAt.IsZero() {
		s.logError(ctx, "thread temperature", err, "thread", t.ID)
		return
	}
	recent, err := s.Mod.RecentScored(ctx, t.ID, heatWindow)
	if err != nil {
		s.logError(ctx, "thread temperature", err, "thread", t.ID)
		return
	}
	temp := s.Moderator.Temperature(recent)
	if !temp.Heated {
		return
	}
	mset := site.Settings.Moderation
	switch mset.Heated {
	case HeatedPremod:
		premod = true
	case HeatedSlow:
		slow = mset.SlowMinutes
		if slow <= 0 {
			slow = 2
		}
	}
	now := s.Clock.Now()
	if err := s.Mod.SetThreadModeration(ctx, t.ID, premod, slow, now); err != nil {
		s.logError(ctx, "mark thread heated", err, "thread", t.ID)
		return
	}
	err = s.Mod.AddAudit(ctx, &AuditEntry{
		SiteID: site.ID, Action: "thread_heated", TargetType: "thread", TargetID: t.ID, CreatedAt: now,
		Detail: fmt.Sprintf("mean toxicity %.2f, top two users %.0f%% of comments, back-and-forth %.0f%%; response: %s",
			temp.MeanToxicity, 100*temp.TopUsersShare, 100*temp.BackAndForth, heatedResponseName(mset.Heated)),
	})
	s.logError(ctx, "audit heated thread", err, "thread", t.ID)
}

// logError logs work that must not fail the request it runs beside (err may be nil).
func (s *Service) logError(ctx context.Context, what string, err error, args ...any) {
	if err != nil && s.Log != nil {
		s.Log.ErrorContext(ctx, what, append(args, "err", err)...)
	}
}

func heatedResponseName(h HeatedResponse) string {
	switch h {
	case HeatedPremod:
		return "pre-moderation"
	case HeatedSlow:
		return "slow mode"
	}
	return "none (flagged for moderators)"
}
