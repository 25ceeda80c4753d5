package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"parley"
)

var _ parley.ModerationStore = (*Store)(nil)

// decisionRow is the stored JSON shape of a decision's parts.
type reasonRow struct {
	Code   string `json:"code"`
	Detail string `json:"detail"`
}

type spanRow struct {
	Start    int     `json:"start"`
	End      int     `json:"end"`
	Text     string  `json:"text"`
	Category string  `json:"category"`
	Weight   float64 `json:"weight"`
}

func saveDecision(ctx context.Context, tx *sql.Tx, commentID int64, d parley.Decision, at time.Time) error {
	reasons := make([]reasonRow, 0, len(d.Reasons))
	for _, r := range d.Reasons {
		reasons = append(reasons, reasonRow(r))
	}
	spans := make([]spanRow, 0, len(d.Spans))
	for _, s := range d.Spans {
		spans = append(spans, spanRow{s.Start, s.End, s.Text, s.Category, s.Weight})
	}
	rj, _ := json.Marshal(reasons)
	sj, _ := json.Marshal(spans)
	scores := d.Scores
	if scores == nil {
		scores = map[string]float64{}
	}
	cj, _ := json.Marshal(scores)
	top := 0.0
	for _, v := range scores {
		top = max(top, v)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO decisions (comment_id, action, reasons, scores, spans, max_score, toxicity, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (comment_id) DO UPDATE SET action = excluded.action, reasons = excluded.reasons,
		scores = excluded.scores, spans = excluded.spans, max_score = excluded.max_score, toxicity = excluded.toxicity,
		created_at = excluded.created_at`,
		commentID, string(d.Action), string(rj), string(cj), string(sj), top, scores["toxicity"], micros(at))
	return err
}

func (s *Store) SaveDecision(ctx context.Context, commentID int64, d parley.Decision, at time.Time) error {
	return s.tx(ctx, func(ctx context.Context, tx *sql.Tx) error { return saveDecision(ctx, tx, commentID, d, at) })
}

func scanDecision(action, reasons, spans, scores string) (*parley.Decision, error) {
	d := &parley.Decision{Action: parley.Action(action)}
	var rs []reasonRow
	var ss []spanRow
	if err := errors.Join(json.Unmarshal([]byte(reasons), &rs), json.Unmarshal([]byte(spans), &ss),
		json.Unmarshal([]byte(scores), &d.Scores)); err != nil {
		return nil, fmt.Errorf("decode decision: %w", err)
	}
	for _, r := range rs {
		d.Reasons = append(d.Reasons, parley.Reason(r))
	}
	for _, s := range ss {
		d.Spans = append(d.Spans, parley.Span{Start: s.Start, End: s.End, Text: s.Text, Category: s.Category, Weight: s.Weight})
	}
	return d, nil
}

func (s *Store) Decision(ctx context.Context, commentID int64) (*parley.Decision, error) {
	var action, reasons, spans, scores string
	err := s.read.QueryRowContext(ctx, `SELECT action, reasons, spans, scores FROM decisions WHERE comment_id = ?`, commentID).
		Scan(&action, &reasons, &spans, &scores)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, parley.Errorf(parley.ENOTFOUND, "no decision for comment %d", commentID)
	} else if err != nil {
		return nil, err
	}
	return scanDecision(action, reasons, spans, scores)
}

func (s *Store) Standing(ctx context.Context, siteID string, userID int64) (parley.Standing, error) {
	st := parley.Standing{SiteID: siteID, UserID: userID}
	var first, last, until sql.NullInt64
	err := s.readStmt(ctx, `SELECT published, rejected, first_at, last_at, banned, banned_until, ban_reason, shadow
		FROM standings WHERE site_id = ? AND user_id = ?`).QueryRowContext(ctx, siteID, userID).
		Scan(&st.Approved, &st.Rejected, &first, &last, &st.Banned, &until, &st.BanReason, &st.ShadowBanned)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return st, err
	}
	st.FirstCommentAt, st.LastCommentAt, st.BannedUntil = nullTime(first), nullTime(last), nullTime(until)
	return st, nil
}

func (s *Store) PutStanding(ctx context.Context, st parley.Standing) error {
	_, err := s.write.ExecContext(ctx, `INSERT INTO standings (site_id, user_id, banned, banned_until, ban_reason, shadow)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (site_id, user_id) DO UPDATE SET banned = excluded.banned,
		banned_until = excluded.banned_until, ban_reason = excluded.ban_reason, shadow = excluded.shadow`,
		st.SiteID, st.UserID, st.Banned, nullMicros(st.BannedUntil), st.BanReason, st.ShadowBanned)
	return mapErr(err)
}

// Repeats looks at the user's latest 50 comments only: a spam wave repeats itself within them,
// and the cost stays flat however much the user has written.
func (s *Store) Repeats(ctx context.Context, siteID string, userID int64, text string, since time.Time) (int, error) {
	var n int
	err := s.readStmt(ctx, `SELECT COUNT(*) FROM (SELECT source FROM comments WHERE author_id = ? AND site_id = ?
		AND created_at >= ? ORDER BY created_at DESC LIMIT 50) WHERE source = ?`).QueryRowContext(ctx, userID, siteID, micros(since), text).Scan(&n)
	return n, err
}

// RecentScored carries only the toxicity score: it is all the temperature reads, and its own
// column spares decoding every decision's JSON after every post.
func (s *Store) RecentScored(ctx context.Context, threadID int64, n int) ([]parley.ScoredComment, error) {
	rows, err := s.readStmt(ctx, `SELECT c.id, COALESCE(c.parent_id, 0), c.author_id, c.created_at,
		COALESCE(d.toxicity, 0) FROM comments c LEFT JOIN decisions d ON d.comment_id = c.id
		WHERE c.thread_id = ? AND c.status <> 'deleted' ORDER BY c.created_at DESC, c.id DESC LIMIT ?`).QueryContext(ctx, threadID, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []parley.ScoredComment
	for rows.Next() {
		var sc parley.ScoredComment
		var created int64
		var tox float64
		if err := rows.Scan(&sc.ID, &sc.ParentID, &sc.AuthorID, &created, &tox); err != nil {
			return nil, err
		}
		sc.CreatedAt, sc.Scores = fromMicros(created), map[string]float64{"toxicity": tox}
		out = append(out, sc)
	}
	// Oldest first: temperature reads a conversation in the order it happened.
	slices.Reverse(out)
	return out, rows.Err()
}

func (s *Store) SetThreadModeration(ctx context.Context, threadID int64, premod bool, slow int, heatedAt time.Time) error {
	_, err := s.write.ExecContext(ctx, `UPDATE threads SET premod = ?, slow_minutes = ?, heated_at = ?, version = version + 1 WHERE id = ?`,
		premod, slow, nullMicros(heatedAt), threadID)
	return err
}

func (s *Store) ThreadModeration(ctx context.Context, threadID int64) (bool, int, time.Time, error) {
	var premod bool
	var slow int
	var heated sql.NullInt64
	err := s.readStmt(ctx, `SELECT premod, slow_minutes, heated_at FROM threads WHERE id = ?`).QueryRowContext(ctx, threadID).Scan(&premod, &slow, &heated)
	if errors.Is(err, sql.ErrNoRows) {
		return false, 0, time.Time{}, parley.Errorf(parley.ENOTFOUND, "thread %d not found", threadID)
	}
	return premod, slow, nullTime(heated), err
}

func (s *Store) LastCommentIn(ctx context.Context, threadID, userID int64) (time.Time, error) {
	var last sql.NullInt64
	err := s.readStmt(ctx, `SELECT MAX(created_at) FROM comments WHERE thread_id = ? AND author_id = ?`).QueryRowContext(ctx, threadID, userID).Scan(&last)
	return nullTime(last), err
}

func (s *Store) AddReport(ctx context.Context, r *parley.Report) error {
	// A reader reporting the same comment again updates their reason instead of piling up.
	return mapErr(s.write.QueryRowContext(ctx, `INSERT INTO reports (site_id, comment_id, user_id, reason, note, created_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (comment_id, user_id) DO UPDATE SET reason = excluded.reason, note = excluded.note,
		resolved_at = NULL RETURNING id`, r.SiteID, r.CommentID, r.UserID, r.Reason, r.Note, micros(r.CreatedAt)).Scan(&r.ID))
}

func (s *Store) ResolveReports(ctx context.Context, commentID int64, at time.Time) error {
	_, err := s.write.ExecContext(ctx, `UPDATE reports SET resolved_at = ? WHERE comment_id = ? AND resolved_at IS NULL`, micros(at), commentID)
	return err
}

func (s *Store) AddAudit(ctx context.Context, e *parley.AuditEntry) error {
	var actor sql.NullInt64
	if e.ActorID != 0 {
		actor = sql.NullInt64{Int64: e.ActorID, Valid: true}
	}
	return s.write.QueryRowContext(ctx, `INSERT INTO audit (site_id, actor_id, action, target_type, target_id, reason, detail, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.SiteID, actor, e.Action, e.TargetType, e.TargetID, e.Reason, e.Detail,
		micros(e.CreatedAt)).Scan(&e.ID)
}

func (s *Store) Audit(ctx context.Context, sites []string, before int64, limit int) ([]parley.AuditEntry, error) {
	if len(sites) == 0 {
		return nil, nil
	}
	if before <= 0 {
		before = 1<<63 - 1
	}
	args := append(anyStrings(sites), before, limit)
	rows, err := s.read.QueryContext(ctx, `SELECT a.id, a.site_id, COALESCE(a.actor_id, 0), COALESCE(u.name, 'policy'), a.action,
		a.target_type, a.target_id, a.reason, a.detail, a.created_at FROM audit a LEFT JOIN users u ON u.id = a.actor_id
		WHERE a.site_id IN (`+placeholders(len(sites))+`) AND a.id < ? ORDER BY a.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []parley.AuditEntry
	for rows.Next() {
		var e parley.AuditEntry
		var created int64
		if err := rows.Scan(&e.ID, &e.SiteID, &e.ActorID, &e.ActorName, &e.Action, &e.TargetType, &e.TargetID, &e.Reason,
			&e.Detail, &created); err != nil {
			return nil, err
		}
		e.CreatedAt = fromMicros(created)
		out = append(out, e)
	}
	return out, rows.Err()
}

func (s *Store) CommentIDs(ctx context.Context, sites []string, userID int64, text string, limit int) ([]int64, error) {
	if len(sites) == 0 || (userID == 0 && text == "") {
		return nil, nil
	}
	q := `SELECT id FROM comments WHERE site_id IN (` + placeholders(len(sites)) + `) AND status <> 'deleted'`
	args := anyStrings(sites)
	if userID != 0 {
		q += ` AND author_id = ?`
		args = append(args, userID)
	}
	if text != "" {
		q += ` AND instr(lower(source), lower(?)) > 0`
		args = append(args, text)
	}
	return column[int64](s.read.QueryContext(ctx, q+` ORDER BY id LIMIT ?`, append(args, limit)...))
}

func anyStrings(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func (s *Store) AddNudge(ctx context.Context, siteID string, threadID int64, at time.Time) (int64, error) {
	var id int64
	err := s.write.QueryRowContext(ctx, `INSERT INTO nudges (site_id, thread_id, created_at) VALUES (?, ?, ?) RETURNING id`,
		siteID, threadID, micros(at)).Scan(&id)
	return id, mapErr(err)
}

func (s *Store) ResolveNudge(ctx context.Context, id int64, siteID, outcome string) error {
	// Only an open nudge of this site resolves: a client cannot rewrite history by replaying ids.
	_, err := s.write.ExecContext(ctx, `UPDATE nudges SET outcome = ? WHERE id = ? AND site_id = ? AND outcome = 'open'`, outcome, id, siteID)
	return err
}

func (s *Store) NudgeStats(ctx context.Context, sites []string) (parley.NudgeStats, error) {
	var st parley.NudgeStats
	if len(sites) == 0 {
		return st, nil
	}
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(outcome = 'revised'), 0), COALESCE(SUM(outcome = 'posted'), 0)
		FROM nudges WHERE site_id IN (`+placeholders(len(sites))+`)`, anyStrings(sites)...).Scan(&st.Shown, &st.Revised, &st.Posted)
	return st, err
}

func (s *Store) HeatedThreads(ctx context.Context, sites []string, limit int) ([]parley.HeatedThread, error) {
	if len(sites) == 0 {
		return nil, nil
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+threadColsT+`, t.heated_at, t.premod, t.slow_minutes FROM threads t
		WHERE t.site_id IN (`+placeholders(len(sites))+`) AND t.heated_at IS NOT NULL ORDER BY t.heated_at DESC LIMIT ?`,
		append(anyStrings(sites), limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []parley.HeatedThread
	for rows.Next() {
		var h parley.HeatedThread
		var created, heated int64
		if err := rows.Scan(&h.Thread.ID, &h.Thread.SiteID, &h.Thread.Key, &h.Thread.URL, &h.Thread.Title, &h.Thread.Closed,
			&h.Thread.Version, &created, &heated, &h.Premod, &h.SlowMinutes); err != nil {
			return nil, err
		}
		h.Thread.CreatedAt, h.HeatedAt = fromMicros(created), fromMicros(heated)
		out = append(out, h)
	}
	return out, rows.Err()
}

func (s *Store) HiddenOwn(ctx context.Context, threadID, userID int64) ([]parley.Comment, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+commentCols+`, COALESCE(d.action, ''), COALESCE(d.reasons, '[]'),
		COALESCE(d.spans, '[]'), COALESCE(d.scores, '{}')`+commentFrom+` LEFT JOIN decisions d ON d.comment_id = c.id
		WHERE c.thread_id = ? AND c.author_id = ? AND c.status IN ('pending', 'rejected') ORDER BY c.id LIMIT 200`, threadID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []parley.Comment
	for rows.Next() {
		var action, reasons, spans, scores string
		c, err := scanComment(rows, &action, &reasons, &spans, &scores)
		if err != nil {
			return nil, err
		}
		if action != "" {
			if c.Decision, err = scanDecision(action, reasons, spans, scores); err != nil {
				return nil, err
			}
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
