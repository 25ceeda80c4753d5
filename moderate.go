package parley

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// StaffSites returns the sites a user may moderate: every site for an admin, their assigned
// sites for a moderator. Anyone else is refused, whatever they ask for.
func (s *Service) StaffSites(ctx context.Context, u *User) ([]string, error) {
	if u == nil {
		return nil, Errorf(EUNAUTHORIZED, "sign in as staff first")
	}
	switch u.Role {
	case RoleAdmin:
		sites, err := s.Store.Sites(ctx)
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(sites))
		for i, st := range sites {
			ids[i] = st.ID
		}
		return ids, nil
	case RoleModerator:
		return s.Mod.StaffSites(ctx, u.ID)
	}
	return nil, Errorf(EFORBIDDEN, "this needs a moderator or admin account")
}

// authorize checks that u may moderate siteID.
func (s *Service) authorize(ctx context.Context, u *User, siteID string) error {
	sites, err := s.StaffSites(ctx, u)
	if err != nil {
		return err
	}
	if !slices.Contains(sites, siteID) {
		return Errorf(EFORBIDDEN, "you do not moderate site %q", siteID)
	}
	return nil
}

// Queue lists comments for a moderator, limited to the sites they moderate.
func (s *Service) Queue(ctx context.Context, u *User, site string, f QueueFilter) ([]QueueItem, error) {
	sites, err := s.StaffSites(ctx, u)
	if err != nil {
		return nil, err
	}
	if site != "" {
		if !slices.Contains(sites, site) {
			return nil, Errorf(EFORBIDDEN, "you do not moderate site %q", site)
		}
		sites = []string{site}
	}
	f.Sites = sites
	if f.Limit <= 0 || f.Limit > MaxPageSize {
		f.Limit = DefaultPageSize
	}
	switch f.Queue {
	case "":
		f.Queue = QueuePending
	case QueuePending, QueueReported, QueueRejected, QueueAll:
	default:
		return nil, Invalid("queue", "queue must be pending, reported, rejected or all")
	}
	return s.Mod.QueueItems(ctx, f)
}

// ModAction is one thing a moderator does to a comment.
type ModAction string

const (
	ModApprove   ModAction = "approve"
	ModReject    ModAction = "reject"
	ModFeature   ModAction = "feature"
	ModUnfeature ModAction = "unfeature"
	ModEdit      ModAction = "edit"
	ModDismiss   ModAction = "dismiss_reports"
)

// Moderate applies an action to a comment and records it in the audit log. For ModEdit, text is
// the new source and note is shown under the comment.
func (s *Service) Moderate(ctx context.Context, u *User, id int64, act ModAction, reason, text, note string) (*Comment, error) {
	c, err := s.Store.Comment(ctx, id)
	if err != nil {
		return nil, err
	}
	t, err := s.Store.ThreadByID(ctx, c.ThreadID)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, u, t.SiteID); err != nil {
		return nil, err
	}
	if c.Status == StatusDeleted {
		return nil, Errorf(ECONFLICT, "comment %d was deleted by its author", id)
	}
	if reason, err = CleanText("reason", reason, 500); err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	detail := ""
	switch act {
	case ModApprove:
		detail = fmt.Sprintf("%s → published", c.Status)
		c.Status = StatusPublished
	case ModReject:
		detail = fmt.Sprintf("%s → rejected", c.Status)
		c.Status = StatusRejected
	case ModFeature, ModUnfeature:
		c.Featured = act == ModFeature
	case ModEdit:
		site, err := s.Store.Site(ctx, t.SiteID)
		if err != nil {
			return nil, err
		}
		if text, err = CleanText("text", text, MaxCommentRunes); err != nil || text == "" {
			return nil, Invalid("text", "the edited text must be 1–%d characters", MaxCommentRunes)
		}
		if note, err = CleanText("note", note, 200); err != nil {
			return nil, err
		}
		if note == "" {
			note = "Edited by a moderator"
		}
		html, err := s.render(ctx, site, t.ID, text)
		if err != nil {
			return nil, err
		}
		detail = "previous text: " + truncate(c.Source, 300)
		c.Source, c.HTML, c.ModNote, c.EditedAt = text, html, note, now
	case ModDismiss:
	default:
		return nil, Invalid("action", "unknown action %q", act)
	}
	if act != ModDismiss {
		if err := s.Store.UpdateComment(ctx, c); err != nil {
			return nil, fmt.Errorf("moderate comment %d: %w", id, err)
		}
	}
	if act == ModApprove || act == ModReject || act == ModDismiss {
		if err := s.Mod.ResolveReports(ctx, id, now); err != nil {
			return nil, fmt.Errorf("resolve reports: %w", err)
		}
	}
	if act == ModApprove || act == ModReject {
		// A moderator's verdict overrides the policy's, and a later recheck must not undo it.
		d, err := s.Mod.Decision(ctx, id)
		if ErrorCode(err) == ENOTFOUND {
			d, err = &Decision{}, nil
		}
		if err != nil {
			return nil, err
		}
		d.Action = ActionPublish
		if act == ModReject {
			d.Action = ActionReject
		}
		d.Reasons = append(d.Reasons, Reason{Code: "moderator", Detail: fmt.Sprintf("%sd by %s", act, u.Name)})
		if err := s.Mod.SaveDecision(ctx, id, *d, now); err != nil {
			return nil, fmt.Errorf("save decision: %w", err)
		}
	}
	if err := s.audit(ctx, u, t.SiteID, string(act), "comment", id, reason, detail); err != nil {
		return nil, err
	}
	s.publish(ctx, "comment", t.SiteID, c)
	return c, nil
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func (s *Service) audit(ctx context.Context, u *User, site, action, typ string, target int64, reason, detail string) error {
	e := &AuditEntry{SiteID: site, Action: action, TargetType: typ, TargetID: target, Reason: reason, Detail: detail, CreatedAt: s.Clock.Now()}
	if u != nil {
		e.ActorID = u.ID
	}
	if err := s.Mod.AddAudit(ctx, e); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

// BanInput describes a ban, suspension or shadow-ban of a user on one site.
type BanInput struct {
	SiteID string
	UserID int64
	Kind   string        // "ban", "suspend", "shadow_ban", "unban"
	For    time.Duration // ban: optional expiry; suspend: required
	Reason string
}

// Ban restricts (or frees) a user on a site and records it.
func (s *Service) Ban(ctx context.Context, u *User, in BanInput) error {
	if err := s.authorize(ctx, u, in.SiteID); err != nil {
		return err
	}
	if _, err := s.Store.User(ctx, in.UserID); err != nil {
		return err
	}
	reason, err := CleanText("reason", in.Reason, 500)
	if err != nil {
		return err
	}
	st, err := s.Mod.Standing(ctx, in.SiteID, in.UserID)
	if err != nil {
		return err
	}
	now := s.Clock.Now()
	detail := ""
	switch in.Kind {
	case "ban", "suspend":
		if in.Kind == "suspend" && in.For <= 0 {
			return Invalid("duration", "a suspension needs a duration")
		}
		if in.For < 0 {
			return Invalid("duration", "duration must be positive")
		}
		st.Banned, st.BanReason, st.BannedUntil = true, reason, time.Time{}
		detail = "permanent"
		if in.For > 0 {
			st.BannedUntil = now.Add(in.For)
			detail = "until " + st.BannedUntil.Format(time.RFC3339)
		}
	case "shadow_ban":
		st.ShadowBanned = true
	case "unban":
		st.Banned, st.ShadowBanned, st.BannedUntil, st.BanReason = false, false, time.Time{}, ""
	default:
		return Invalid("kind", "kind must be ban, suspend, shadow_ban or unban")
	}
	if err := s.Mod.PutStanding(ctx, st); err != nil {
		return fmt.Errorf("store ban: %w", err)
	}
	return s.audit(ctx, u, in.SiteID, in.Kind, "user", in.UserID, reason, detail)
}

// Bulk applies approve or reject to everything on a site by one user or matching a text.
func (s *Service) Bulk(ctx context.Context, u *User, site string, userID int64, text string, act ModAction, reason string) (int, error) {
	if err := s.authorize(ctx, u, site); err != nil {
		return 0, err
	}
	if act != ModApprove && act != ModReject {
		return 0, Invalid("action", "bulk actions are approve or reject")
	}
	text = strings.TrimSpace(text)
	if userID == 0 && len([]rune(text)) < 3 {
		return 0, Invalid("text", "choose a user or a text of at least 3 characters")
	}
	ids, err := s.Mod.CommentIDs(ctx, []string{site}, userID, text, 5000)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		if _, err := s.Moderate(ctx, u, id, act, reason, "", ""); err != nil {
			if ErrorCode(err) == ECONFLICT {
				continue
			}
			return n, err
		}
		n++
	}
	return n, s.audit(ctx, u, site, "bulk_"+string(act), "site", 0, reason,
		fmt.Sprintf("%d comments (user %d, text %q)", n, userID, text))
}

// Report records a reader's flag on a published comment. Most readers never comment, so one
// without an identity gets a nameless guest one (rate-limited by address like new commenters);
// it is returned so the caller can hand it back.
func (s *Service) Report(ctx context.Context, u *User, addr string, id int64, reason, note string) (*User, error) {
	if !slices.Contains(ReportReasons, reason) {
		return nil, Invalid("reason", "reason must be one of %s", strings.Join(ReportReasons, ", "))
	}
	note, err := CleanText("note", note, 500)
	if err != nil {
		return nil, err
	}
	c, err := s.Comment(ctx, id)
	if err != nil {
		return nil, err
	}
	t, err := s.Store.ThreadByID(ctx, c.ThreadID)
	if err != nil {
		return nil, err
	}
	if u == nil {
		if s.Limiter != nil && !s.Limiter.Allow("report:"+t.SiteID+":"+addr, 2*DefaultPostsPerMin) {
			return nil, Errorf(ERATELIMITED, "too many reports from your address; wait a minute")
		}
		// Nameless until they comment: the name they then choose is theirs (see Post).
		u = &User{Kind: UserGuest, Role: RoleReader, CreatedAt: s.Clock.Now()}
		if err := s.Store.CreateUser(ctx, u); err != nil {
			return nil, fmt.Errorf("create reporter: %w", err)
		}
	}
	return u, s.Mod.AddReport(ctx, &Report{SiteID: t.SiteID, CommentID: id, UserID: u.ID, Reason: reason, Note: note, CreatedAt: s.Clock.Now()})
}

// AuditLog pages through the audit entries of the sites a moderator may see.
func (s *Service) AuditLog(ctx context.Context, u *User, before int64) ([]AuditEntry, error) {
	sites, err := s.StaffSites(ctx, u)
	if err != nil {
		return nil, err
	}
	return s.Mod.Audit(ctx, sites, before, 50)
}

// Recheck runs the policy again over a thread's published and pending comments (after the site
// changed its thresholds, say) and moves those whose verdict changed. It returns how many moved.
func (s *Service) Recheck(ctx context.Context, u *User, threadID int64) (int, error) {
	t, err := s.Store.ThreadByID(ctx, threadID)
	if err != nil {
		return 0, err
	}
	if err := s.authorize(ctx, u, t.SiteID); err != nil {
		return 0, err
	}
	site, err := s.Store.Site(ctx, t.SiteID)
	if err != nil {
		return 0, err
	}
	items, err := s.Mod.QueueItems(ctx, QueueFilter{Sites: []string{t.SiteID}, ThreadID: threadID, Queue: QueueAll, Limit: 100000})
	if err != nil {
		return 0, err
	}
	moved := 0
	for _, it := range items {
		c := it.Comment
		if (c.Status != StatusPublished && c.Status != StatusPending) || decidedByPeople(it.Decision) || heldInContext(it.Decision) {
			continue
		}
		d := s.Moderator.Decide(ctx, ModerationInput{Site: site, Thread: t, Author: c.Author, Text: c.Source, Now: s.Clock.Now(), Imported: true})
		if err := s.Mod.SaveDecision(ctx, c.ID, d, s.Clock.Now()); err != nil {
			return moved, err
		}
		if st := d.Action.Status(); st != c.Status {
			c.Status = st
			if err := s.Store.UpdateComment(ctx, &c); err != nil {
				return moved, err
			}
			moved++
		}
	}
	return moved, s.audit(ctx, u, t.SiteID, "recheck", "thread", threadID, "", fmt.Sprintf("%d comments changed status", moved))
}

// decidedByPeople reports a verdict a person gave — a moderator here, or the source an import
// came from (a WordPress comment still awaiting approval) — which a recheck must not overturn.
func decidedByPeople(d *Decision) bool {
	if d == nil {
		return false
	}
	return slices.ContainsFunc(d.Reasons, func(r Reason) bool {
		return r.Code == "moderator" || strings.HasPrefix(r.Code, "source_")
	})
}

// heldInContext reports a hold for something other than the words — the site's or thread's
// pre-moderation, a new account's pace, repeated text, a heated thread, a shadow ban. A recheck
// judges the words alone, so it would publish these without a moderator ever seeing them.
func heldInContext(d *Decision) bool {
	if d == nil || d.Action == ActionPublish {
		return false
	}
	return slices.ContainsFunc(d.Reasons, func(r Reason) bool {
		switch r.Code {
		case "pre_moderation", "new_user_pre_moderation", "new_user_fast", "repeated_text", "heated_thread", "thread_premod", "shadow_ban":
			return true
		}
		return false
	})
}

// Overview is what the dashboard's front page shows a moderator.
type Overview struct {
	Sites  []string
	Counts map[Queue]int
	Nudges NudgeStats
	Heated []HeatedThread
}

// Overview sums up the queues, the nudge revision rate and the heated threads of a moderator's sites.
func (s *Service) Overview(ctx context.Context, u *User) (*Overview, error) {
	sites, err := s.StaffSites(ctx, u)
	if err != nil {
		return nil, err
	}
	o := &Overview{Sites: sites}
	if o.Counts, err = s.Mod.QueueCounts(ctx, sites); err != nil {
		return nil, err
	}
	if o.Nudges, err = s.Mod.NudgeStats(ctx, sites); err != nil {
		return nil, err
	}
	if o.Heated, err = s.Mod.HeatedThreads(ctx, sites, 20); err != nil {
		return nil, err
	}
	return o, nil
}

// UserRecord returns a user and their standing on a site, for a moderator.
func (s *Service) UserRecord(ctx context.Context, u *User, site string, userID int64) (*User, Standing, error) {
	if err := s.authorize(ctx, u, site); err != nil {
		return nil, Standing{}, err
	}
	who, err := s.Store.User(ctx, userID)
	if err != nil {
		return nil, Standing{}, err
	}
	st, err := s.Mod.Standing(ctx, site, userID)
	return who, st, err
}

// SiteForStaff returns a site's configuration to a moderator of it.
func (s *Service) SiteForStaff(ctx context.Context, u *User, site string) (*Site, error) {
	if err := s.authorize(ctx, u, site); err != nil {
		return nil, err
	}
	return s.Store.Site(ctx, site)
}

// UpdateSiteSettings replaces a site's moderation settings; only admins may.
func (s *Service) UpdateSiteSettings(ctx context.Context, u *User, site string, m ModerationSettings) error {
	if u == nil || u.Role != RoleAdmin {
		return Errorf(EFORBIDDEN, "only admins change site settings")
	}
	st, err := s.Store.Site(ctx, site)
	if err != nil {
		return err
	}
	switch m.Mode {
	case "", ModePost, ModePre, ModePreNew:
	default:
		return Invalid("mode", "mode must be post, pre or pre_new")
	}
	switch m.Heated {
	case HeatedNone, HeatedSlow, HeatedPremod:
	default:
		return Invalid("heated", "heated must be empty, slow or premod")
	}
	for name, mp := range map[string]map[string]float64{"hold_at": m.HoldAt, "reject_at": m.RejectAt} {
		for k, v := range mp {
			if v <= 0 || v > 1 {
				return Invalid(name, "%s.%s must be in (0, 1]", name, k)
			}
		}
	}
	for _, list := range [][]string{m.BannedWords, m.SuspectWords} {
		if len(list) > 5000 {
			return Invalid("words", "at most 5000 words per list")
		}
	}
	if m.MaxLinks < 0 || m.SlowMinutes < 0 || m.SlowMinutes > 1440 {
		return Invalid("max_links", "max_links and slow_minutes must be small non-negative numbers")
	}
	st.Settings.Moderation = m
	if err := s.Store.PutSite(ctx, st); err != nil {
		return err
	}
	return s.audit(ctx, u, site, "settings", "site", 0, "", fmt.Sprintf("mode %q, heated %q, %d banned and %d suspect words",
		m.Mode, m.Heated, len(m.BannedWords), len(m.SuspectWords)))
}
