package server

import (
	"net/http"
	"strconv"
	"time"

	"parley"
)

type decisionJSON struct {
	Action  parley.Action      `json:"action"`
	Reasons []reasonJSON       `json:"reasons"`
	Scores  map[string]float64 `json:"scores"`
	Spans   []spanJSON         `json:"spans"`
}

type reasonJSON struct {
	Code   string `json:"code"`
	Detail string `json:"detail"`
}

type spanJSON struct {
	Start    int     `json:"start"`
	End      int     `json:"end"`
	Text     string  `json:"text"`
	Category string  `json:"category"`
	Weight   float64 `json:"weight"`
}

func toSpans(in []parley.Span) []spanJSON {
	out := make([]spanJSON, 0, len(in))
	for _, s := range in {
		out = append(out, spanJSON{s.Start, s.End, s.Text, s.Category, s.Weight})
	}
	return out
}

func toDecision(d *parley.Decision) *decisionJSON {
	if d == nil {
		return nil
	}
	out := &decisionJSON{Action: d.Action, Scores: d.Scores, Spans: toSpans(d.Spans), Reasons: []reasonJSON{}}
	for _, r := range d.Reasons {
		out.Reasons = append(out.Reasons, reasonJSON(r))
	}
	return out
}

type reportJSON struct {
	Reason    string    `json:"reason"`
	Note      string    `json:"note,omitempty"`
	UserID    int64     `json:"user_id"`
	CreatedAt time.Time `json:"created_at"`
	Open      bool      `json:"open"`
}

type queueItemJSON struct {
	Comment  *modCommentJSON `json:"comment"`
	Thread   *threadJSON     `json:"thread"`
	SiteID   string          `json:"site"`
	Decision *decisionJSON   `json:"decision"`
	Reports  []reportJSON    `json:"reports"`
}

// modCommentJSON is a comment as staff see it: every status, the source, and the author's id.
type modCommentJSON struct {
	ID        int64         `json:"id"`
	Parent    int64         `json:"parent"`
	Author    *userJSON     `json:"author"`
	Text      string        `json:"text"`
	HTML      string        `json:"html"`
	Status    parley.Status `json:"status"`
	Featured  bool          `json:"featured"`
	ModNote   string        `json:"mod_note,omitempty"`
	Likes     int           `json:"likes"`
	CreatedAt time.Time     `json:"created_at"`
}

func toModComment(c *parley.Comment) *modCommentJSON {
	return &modCommentJSON{ID: c.ID, Parent: c.ParentID, Author: toUser(c.Author), Text: c.Source, HTML: c.HTML,
		Status: c.Status, Featured: c.Featured, ModNote: c.ModNote, Likes: c.Likes, CreatedAt: c.CreatedAt}
}

func (s *Server) modQueue(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := parley.QueueFilter{Queue: parley.Queue(q.Get("queue")), Category: q.Get("category"), Text: q.Get("text"), Sort: q.Get("sort")}
	var err error
	for name, dst := range map[string]*int64{"thread": &f.ThreadID, "user": &f.UserID} {
		if *dst, err = queryInt(r, name); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	off, err := queryInt(r, "offset")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	limit, err := queryInt(r, "limit")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f.Offset, f.Limit = int(off), int(limit)
	if v := q.Get("min_score"); v != "" {
		if f.MinScore, err = strconv.ParseFloat(v, 64); err != nil || f.MinScore < 0 || f.MinScore > 1 {
			s.writeError(w, r, parley.Invalid("min_score", "min_score must be between 0 and 1"))
			return
		}
	}
	items, err := s.svc.Queue(r.Context(), staffUser(r), q.Get("site"), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]queueItemJSON, 0, len(items))
	for i := range items {
		it := &items[i]
		j := queueItemJSON{
			Comment: toModComment(&it.Comment), SiteID: it.Thread.SiteID, Decision: toDecision(it.Decision),
			Thread:  &threadJSON{ID: it.Thread.ID, URL: it.Thread.URL, Title: it.Thread.Title, Closed: it.Thread.Closed},
			Reports: []reportJSON{},
		}
		for _, rep := range it.Reports {
			j.Reports = append(j.Reports, reportJSON{rep.Reason, rep.Note, rep.UserID, rep.CreatedAt, rep.ResolvedAt.IsZero()})
		}
		out = append(out, j)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
}

type modActionRequest struct {
	Action parley.ModAction `json:"action"`
	Reason string           `json:"reason"`
	Text   string           `json:"text"`
	Note   string           `json:"note"`
}

func (s *Server) modComment(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var req modActionRequest
	if err := decode(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.svc.Moderate(r.Context(), staffUser(r), id, req.Action, req.Reason, req.Text, req.Note)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"comment": toModComment(c)})
}

type banRequest struct {
	Site     string `json:"site"`
	User     int64  `json:"user"`
	Kind     string `json:"kind"`
	Duration string `json:"duration"` // Go duration ("72h"); empty for a permanent ban
	Reason   string `json:"reason"`
}

func (s *Server) modBan(w http.ResponseWriter, r *http.Request) {
	var req banRequest
	if err := decode(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	var d time.Duration
	if req.Duration != "" {
		var err error
		if d, err = time.ParseDuration(req.Duration); err != nil || d <= 0 {
			s.writeError(w, r, parley.Invalid("duration", "duration must look like 24h or 30m"))
			return
		}
	}
	err := s.svc.Ban(r.Context(), staffUser(r), parley.BanInput{SiteID: req.Site, UserID: req.User, Kind: req.Kind, For: d, Reason: req.Reason})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type bulkRequest struct {
	Site   string           `json:"site"`
	User   int64            `json:"user"`
	Text   string           `json:"text"`
	Action parley.ModAction `json:"action"`
	Reason string           `json:"reason"`
}

func (s *Server) modBulk(w http.ResponseWriter, r *http.Request) {
	var req bulkRequest
	if err := decode(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	n, err := s.svc.Bulk(r.Context(), staffUser(r), req.Site, req.User, req.Text, req.Action, req.Reason)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"changed": n})
}

func (s *Server) modAudit(w http.ResponseWriter, r *http.Request) {
	before, err := queryInt(r, "before")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	entries, err := s.svc.AuditLog(r.Context(), staffUser(r), before)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	type entryJSON struct {
		ID         int64     `json:"id"`
		Site       string    `json:"site"`
		Actor      string    `json:"actor"`
		Action     string    `json:"action"`
		TargetType string    `json:"target_type"`
		TargetID   int64     `json:"target_id"`
		Reason     string    `json:"reason"`
		Detail     string    `json:"detail"`
		CreatedAt  time.Time `json:"created_at"`
	}
	out := make([]entryJSON, 0, len(entries))
	for _, e := range entries {
		out = append(out, entryJSON{e.ID, e.SiteID, e.ActorName, e.Action, e.TargetType, e.TargetID, e.Reason, e.Detail, e.CreatedAt})
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": out})
}

func (s *Server) modRecheck(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	n, err := s.svc.Recheck(r.Context(), staffUser(r), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"changed": n})
}

func (s *Server) modMe(w http.ResponseWriter, r *http.Request) {
	u := staffUser(r)
	sites, err := s.svc.StaffSites(r.Context(), u)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"user": toUser(u), "sites": sites})
}
