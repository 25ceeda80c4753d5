package sqlstore

import (
	"encoding/json"
	"fmt"
	"time"

	"parley"
)

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
