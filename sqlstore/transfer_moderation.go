package sqlstore

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"parley"
)

// The moderation records of a Parley file. Each is written once: a re-run finds what the first
// wrote (a decision or report by its comment, an audit entry by its time and target) and leaves
// it, so an import never overwrites a verdict or a log entry the database already has.

func (im *Import) Decision(d parley.TransferDecision) error {
	return im.record(func() error { return im.decision(d) })
}

func (im *Import) Report(r parley.TransferReport) error {
	return im.record(func() error { return im.report(r) })
}

func (im *Import) Standing(s parley.TransferStanding) error {
	return im.record(func() error { return im.standing(s) })
}

func (im *Import) Audit(a parley.TransferAudit) error {
	return im.record(func() error { return im.audit(a) })
}

func (im *Import) decision(d parley.TransferDecision) error {
	c, ok, err := im.resolveComment(d.CommentRef)
	if err != nil || !ok {
		return im.waitOr(err, "c:"+d.CommentRef, pendingRecord{Decision: &d})
	}
	if _, err := im.putDecision(c.id, &d.Decision, d.CreatedAt); err != nil {
		return fmt.Errorf("decision of comment %s: %w", d.CommentRef, err)
	}
	return nil
}

func (im *Import) report(r parley.TransferReport) error {
	user, ok, err := im.resolveUser(r.UserRef)
	if err != nil || !ok {
		return im.waitOr(err, "u:"+r.UserRef, pendingRecord{Report: &r})
	}
	c, ok, err := im.resolveComment(r.CommentRef)
	if err != nil || !ok {
		return im.waitOr(err, "c:"+r.CommentRef, pendingRecord{Report: &r})
	}
	res, err := im.exec(`INSERT INTO reports (site_id, comment_id, user_id, reason, note, created_at, resolved_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (comment_id, user_id) DO NOTHING`,
		im.opt.SiteID, c.id, user, r.Reason, r.Note, micros(r.CreatedAt), nullMicros(r.ResolvedAt))
	if err != nil {
		return fmt.Errorf("report of comment %s: %w", r.CommentRef, mapErr(err))
	}
	return im.count(res, &im.stats.Reports)
}

// standing fills in a ban the file records. It changes only a standing with no ban of any
// kind: a ban, lift or shadow-ban made in this database since is newer than the file.
func (im *Import) standing(s parley.TransferStanding) error {
	user, ok, err := im.resolveUser(s.UserRef)
	if err != nil {
		return err
	}
	if !ok {
		im.stats.Skipped++
		return nil
	}
	res, err := im.exec(`INSERT INTO standings (site_id, user_id, banned, banned_until, ban_reason, shadow)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (site_id, user_id) DO UPDATE SET banned = excluded.banned,
		banned_until = excluded.banned_until, ban_reason = excluded.ban_reason, shadow = excluded.shadow
		WHERE NOT banned AND NOT shadow AND ban_reason = '' AND banned_until IS NULL`,
		im.opt.SiteID, user, s.Banned, nullMicros(s.BannedUntil), s.BanReason, s.Shadow)
	if err != nil {
		return fmt.Errorf("standing of user %s: %w", s.UserRef, mapErr(err))
	}
	return im.count(res, &im.stats.Standings)
}

// audit writes a log entry unless the site has one with the same time, action, actor and
// target. Its target is found by type; an entry about the site has none.
func (im *Import) audit(a parley.TransferAudit) error {
	var actor sql.NullInt64
	if a.ActorRef != "" {
		id, ok, err := im.resolveUser(a.ActorRef)
		if err != nil || !ok {
			return im.waitOr(err, "u:"+a.ActorRef, pendingRecord{Audit: &a})
		}
		actor = sql.NullInt64{Int64: id, Valid: true}
	}
	var target int64
	if a.TargetRef != "" {
		var ok bool
		var err error
		kind := ""
		switch a.TargetType {
		case "comment":
			var c commentRef
			c, ok, err = im.resolveComment(a.TargetRef)
			target, kind = c.id, "c"
		case "user":
			target, ok, err = im.resolveUser(a.TargetRef)
			kind = "u"
		case "thread":
			target, ok, err = im.resolveThread(a.TargetRef)
			kind = "t"
		default:
			return fmt.Errorf("audit entry %s at %s: target type %q has no records to point to", a.Action,
				a.CreatedAt.Format(time.RFC3339), a.TargetType)
		}
		if err != nil || !ok {
			return im.waitOr(err, kind+":"+a.TargetRef, pendingRecord{Audit: &a})
		}
	}
	at := micros(a.CreatedAt)
	res, err := im.exec(`INSERT INTO audit (site_id, actor_id, action, target_type, target_id, reason, detail, created_at)
		SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE NOT EXISTS (SELECT 1 FROM audit WHERE site_id = ?1 AND created_at = ?8
		AND action = ?3 AND target_type = ?4 AND target_id = ?5 AND actor_id IS ?2)`,
		im.opt.SiteID, actor, a.Action, a.TargetType, target, a.Reason, a.Detail, at)
	if err != nil {
		return fmt.Errorf("audit entry %s: %w", a.Action, mapErr(err))
	}
	return im.count(res, &im.stats.Audits)
}

func (im *Import) count(res sql.Result, n *int) error {
	k, err := res.RowsAffected()
	if err != nil {
		return err
	}
	*n += int(k)
	return nil
}

// insertDecision is the decisions row as an import writes it. The JSON shapes are saveDecision's
// (reasonRow, spanRow); the import has its own statement so that it is prepared once per batch
// instead of parsed for every comment.
const insertDecision = `INSERT INTO decisions (comment_id, action, reasons, scores, spans, max_score, toxicity, created_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (comment_id) DO NOTHING`

// putDecision stores d for comment id unless the comment has one: an import never overwrites
// a verdict already there (a moderator's, or an earlier run's).
func (im *Import) putDecision(id int64, d *parley.Decision, at time.Time) (bool, error) {
	reasons := make([]reasonRow, 0, len(d.Reasons))
	for _, r := range d.Reasons {
		reasons = append(reasons, reasonRow(r))
	}
	spans := make([]spanRow, 0, len(d.Spans))
	for _, s := range d.Spans {
		spans = append(spans, spanRow{s.Start, s.End, s.Text, s.Category, s.Weight})
	}
	scores := d.Scores
	if scores == nil {
		scores = map[string]float64{}
	}
	top := 0.0
	for _, v := range scores {
		top = max(top, v)
	}
	rj, err := json.Marshal(reasons)
	if err != nil {
		return false, fmt.Errorf("encode reasons: %w", err)
	}
	sj, err := json.Marshal(spans)
	if err != nil {
		return false, fmt.Errorf("encode spans: %w", err)
	}
	cj, err := json.Marshal(scores)
	if err != nil {
		return false, fmt.Errorf("encode scores: %w", err)
	}
	if at.IsZero() {
		at = im.opt.Now()
	}
	res, err := im.exec(insertDecision, id, string(d.Action), string(rj), string(cj), string(sj), top, scores["toxicity"], micros(at))
	if err != nil {
		return false, fmt.Errorf("store decision: %w", mapErr(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store decision: %w", err)
	}
	if n > 0 {
		if im.stats.Decisions == nil {
			im.stats.Decisions = map[parley.Action]int{}
		}
		im.stats.Decisions[d.Action]++
	}
	return n > 0, nil
}

// hasBan selects the standings that record a ban of some kind: the rest hold only the comment
// counts, which triggers derive from the comments, so they are not exported.
const hasBan = `(banned OR shadow OR ban_reason <> '' OR banned_until IS NOT NULL)`

// moderationSteps export a site's decisions, reports, bans and audit log, in that order.
func moderationSteps(sink parley.TransferSink, ref func(int64) string) []exportStep {
	opt := func(id int64) string {
		if id == 0 {
			return ""
		}
		return ref(id)
	}
	return []exportStep{
		{"decisions", `SELECT d.comment_id, d.action, d.reasons, d.spans, d.scores, d.created_at FROM decisions d
			JOIN comments c ON c.id = d.comment_id WHERE c.site_id = ?1 ORDER BY d.comment_id`, func(r *sql.Rows) error {
			var id, created int64
			var action, reasons, spans, scores string
			if err := r.Scan(&id, &action, &reasons, &spans, &scores, &created); err != nil {
				return err
			}
			d, err := scanDecision(action, reasons, spans, scores)
			if err != nil {
				return fmt.Errorf("comment %d: %w", id, err)
			}
			return sink.Decision(parley.TransferDecision{CommentRef: ref(id), Decision: *d, CreatedAt: fromMicros(created)})
		}},
		{"reports", `SELECT comment_id, user_id, reason, note, created_at, resolved_at FROM reports WHERE site_id = ?1
			ORDER BY id`, func(r *sql.Rows) error {
			var rp parley.TransferReport
			var comment, user, created int64
			var resolved sql.NullInt64
			if err := r.Scan(&comment, &user, &rp.Reason, &rp.Note, &created, &resolved); err != nil {
				return err
			}
			rp.CommentRef, rp.UserRef, rp.CreatedAt, rp.ResolvedAt = ref(comment), ref(user), fromMicros(created), nullTime(resolved)
			return sink.Report(rp)
		}},
		{"standings", `SELECT user_id, banned, banned_until, ban_reason, shadow FROM standings WHERE site_id = ?1 AND ` +
			hasBan + ` ORDER BY user_id`, func(r *sql.Rows) error {
			var s parley.TransferStanding
			var user int64
			var until sql.NullInt64
			if err := r.Scan(&user, &s.Banned, &until, &s.BanReason, &s.Shadow); err != nil {
				return err
			}
			s.UserRef, s.BannedUntil = ref(user), nullTime(until)
			return sink.Standing(s)
		}},
		{"audit", `SELECT COALESCE(actor_id, 0), action, target_type, target_id, reason, detail, created_at FROM audit
			WHERE site_id = ?1 ORDER BY id`, func(r *sql.Rows) error {
			var a parley.TransferAudit
			var actor, target, created int64
			if err := r.Scan(&actor, &a.Action, &a.TargetType, &target, &a.Reason, &a.Detail, &created); err != nil {
				return err
			}
			a.ActorRef, a.CreatedAt = opt(actor), fromMicros(created)
			if a.TargetType == "comment" || a.TargetType == "user" || a.TargetType == "thread" {
				a.TargetRef = opt(target)
			}
			return sink.Audit(a)
		}},
	}
}
