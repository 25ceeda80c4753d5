package importer

import (
	"encoding/json"
	"time"

	"parley"
)

// The moderation part of the JSON-lines format: a site's moderation settings, and the records
// that follow the likes. docs/import-export.md is their reference.
type (
	jsonModeration struct {
		Mode         string             `json:"mode"`
		HoldAt       map[string]float64 `json:"hold_at"`
		RejectAt     map[string]float64 `json:"reject_at"`
		BannedWords  []string           `json:"banned_words"`
		SuspectWords []string           `json:"suspect_words"`
		MaxLinks     int                `json:"max_links"`
		NoNudge      bool               `json:"no_nudge"`
		Heated       string             `json:"heated"`
		SlowMinutes  int                `json:"slow_minutes"`
	}
	jsonReason struct {
		Code   string `json:"code"`
		Detail string `json:"detail"`
	}
	jsonSpan struct {
		Start    int     `json:"start"`
		End      int     `json:"end"`
		Text     string  `json:"text"`
		Category string  `json:"category"`
		Weight   float64 `json:"weight"`
	}
	jsonDecision struct {
		Type      string             `json:"type"`
		Comment   int64              `json:"comment"`
		Action    string             `json:"action"`
		Reasons   []jsonReason       `json:"reasons"`
		Scores    map[string]float64 `json:"scores"`
		Spans     []jsonSpan         `json:"spans"`
		CreatedAt time.Time          `json:"created_at"`
	}
	jsonReport struct {
		Type       string     `json:"type"`
		Comment    int64      `json:"comment"`
		User       int64      `json:"user"`
		Reason     string     `json:"reason"`
		Note       string     `json:"note"`
		CreatedAt  time.Time  `json:"created_at"`
		ResolvedAt *time.Time `json:"resolved_at,omitempty"`
	}
	jsonStanding struct {
		Type        string     `json:"type"`
		User        int64      `json:"user"`
		Banned      bool       `json:"banned"`
		BannedUntil *time.Time `json:"banned_until,omitempty"`
		BanReason   string     `json:"ban_reason"`
		Shadow      bool       `json:"shadow"`
	}
	jsonAudit struct {
		Type       string    `json:"type"`
		Actor      *int64    `json:"actor"`
		Action     string    `json:"action"`
		TargetType string    `json:"target_type"`
		Target     *int64    `json:"target"`
		Reason     string    `json:"reason"`
		Detail     string    `json:"detail"`
		CreatedAt  time.Time `json:"created_at"`
	}
)

func moderationJSON(m parley.ModerationSettings) jsonModeration {
	return jsonModeration{Mode: string(m.Mode), HoldAt: nonNilMap(m.HoldAt), RejectAt: nonNilMap(m.RejectAt),
		BannedWords: nonNil(m.BannedWords), SuspectWords: nonNil(m.SuspectWords), MaxLinks: m.MaxLinks, NoNudge: m.NoNudge,
		Heated: string(m.Heated), SlowMinutes: m.SlowMinutes}
}

func (m jsonModeration) settings() parley.ModerationSettings {
	return parley.ModerationSettings{Mode: parley.Mode(m.Mode), HoldAt: m.HoldAt, RejectAt: m.RejectAt,
		BannedWords: m.BannedWords, SuspectWords: m.SuspectWords, MaxLinks: m.MaxLinks, NoNudge: m.NoNudge,
		Heated: parley.HeatedResponse(m.Heated), SlowMinutes: m.SlowMinutes}
}

func nonNilMap(m map[string]float64) map[string]float64 {
	if m == nil {
		return map[string]float64{}
	}
	return m
}

func (w *Writer) Decision(d parley.TransferDecision) error {
	c, err := refID(d.CommentRef)
	if err != nil {
		return err
	}
	jd := jsonDecision{Type: "decision", Comment: c, Action: string(d.Decision.Action), Reasons: []jsonReason{},
		Scores: nonNilMap(d.Decision.Scores), Spans: []jsonSpan{}, CreatedAt: d.CreatedAt}
	for _, r := range d.Decision.Reasons {
		jd.Reasons = append(jd.Reasons, jsonReason(r))
	}
	for _, s := range d.Decision.Spans {
		jd.Spans = append(jd.Spans, jsonSpan{Start: s.Start, End: s.End, Text: s.Text, Category: s.Category, Weight: s.Weight})
	}
	return w.line(jd)
}

func (w *Writer) Report(r parley.TransferReport) error {
	c, err := refID(r.CommentRef)
	if err != nil {
		return err
	}
	u, err := refID(r.UserRef)
	if err != nil {
		return err
	}
	return w.line(jsonReport{Type: "report", Comment: c, User: u, Reason: r.Reason, Note: r.Note, CreatedAt: r.CreatedAt,
		ResolvedAt: optTime(r.ResolvedAt)})
}

func (w *Writer) Standing(s parley.TransferStanding) error {
	u, err := refID(s.UserRef)
	if err != nil {
		return err
	}
	return w.line(jsonStanding{Type: "standing", User: u, Banned: s.Banned, BannedUntil: optTime(s.BannedUntil),
		BanReason: s.BanReason, Shadow: s.Shadow})
}

func (w *Writer) Audit(a parley.TransferAudit) error {
	ja := jsonAudit{Type: "audit", Action: a.Action, TargetType: a.TargetType, Reason: a.Reason, Detail: a.Detail,
		CreatedAt: a.CreatedAt}
	for _, f := range []struct {
		ref string
		to  **int64
	}{{a.ActorRef, &ja.Actor}, {a.TargetRef, &ja.Target}} {
		if f.ref == "" {
			continue
		}
		id, err := refID(f.ref)
		if err != nil {
			return err
		}
		*f.to = &id
	}
	return w.line(ja)
}

// moderationRecord checks one moderation line and hands it on; handled is false for a type it
// does not know.
func moderationRecord(typ string, b []byte, line int, sink Sink) (handled bool, err error) {
	bad := func(format string, args ...any) error { return lineErrorf(line, typ+": "+format, args...) }
	decode := func(v any) error {
		if err := json.Unmarshal(b, v); err != nil {
			return bad("%v", err)
		}
		return nil
	}
	switch typ {
	case "decision":
		var d jsonDecision
		if err := decode(&d); err != nil {
			return true, err
		}
		switch a := parley.Action(d.Action); {
		case d.Comment == 0:
			return true, bad("comment is required")
		case a != parley.ActionPublish && a != parley.ActionHold && a != parley.ActionReject:
			return true, bad("action %q: want publish, hold or reject", d.Action)
		}
		td := parley.TransferDecision{CommentRef: ref(d.Comment), CreatedAt: d.CreatedAt,
			Decision: parley.Decision{Action: parley.Action(d.Action), Scores: d.Scores}}
		for _, r := range d.Reasons {
			td.Decision.Reasons = append(td.Decision.Reasons, parley.Reason(r))
		}
		for _, s := range d.Spans {
			td.Decision.Spans = append(td.Decision.Spans, parley.Span{Start: s.Start, End: s.End, Text: s.Text,
				Category: s.Category, Weight: s.Weight})
		}
		return true, sink.Decision(td)
	case "report":
		var r jsonReport
		if err := decode(&r); err != nil {
			return true, err
		}
		if r.Comment == 0 || r.User == 0 || r.Reason == "" || r.CreatedAt.IsZero() {
			return true, bad("comment, user, reason and created_at are required")
		}
		tr := parley.TransferReport{CommentRef: ref(r.Comment), UserRef: ref(r.User), Reason: r.Reason, Note: r.Note,
			CreatedAt: r.CreatedAt}
		if r.ResolvedAt != nil {
			tr.ResolvedAt = *r.ResolvedAt
		}
		return true, sink.Report(tr)
	case "standing":
		var s jsonStanding
		if err := decode(&s); err != nil {
			return true, err
		}
		if s.User == 0 {
			return true, bad("user is required")
		}
		ts := parley.TransferStanding{UserRef: ref(s.User), Banned: s.Banned, BanReason: s.BanReason, Shadow: s.Shadow}
		if s.BannedUntil != nil {
			ts.BannedUntil = *s.BannedUntil
		}
		return true, sink.Standing(ts)
	case "audit":
		var a jsonAudit
		if err := decode(&a); err != nil {
			return true, err
		}
		if a.Action == "" || a.TargetType == "" || a.CreatedAt.IsZero() {
			return true, bad("action, target_type and created_at are required")
		}
		if a.Target != nil && *a.Target != 0 && a.TargetType != "comment" && a.TargetType != "user" && a.TargetType != "thread" {
			return true, bad("target_type %q: a target names a comment, user or thread", a.TargetType)
		}
		ta := parley.TransferAudit{Action: a.Action, TargetType: a.TargetType, Reason: a.Reason, Detail: a.Detail,
			CreatedAt: a.CreatedAt}
		if a.Actor != nil && *a.Actor != 0 {
			ta.ActorRef = ref(*a.Actor)
		}
		if a.Target != nil && *a.Target != 0 {
			ta.TargetRef = ref(*a.Target)
		}
		return true, sink.Audit(ta)
	}
	return false, nil
}
