package server

import (
	"net/http"
	"strconv"
	"time"

	"parley"
)

func (s *Server) modOverview(w http.ResponseWriter, r *http.Request) {
	o, err := s.svc.Overview(r.Context(), staffUser(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	type heatedJSON struct {
		Thread      *threadJSON `json:"thread"`
		Site        string      `json:"site"`
		HeatedAt    time.Time   `json:"heated_at"`
		Premod      bool        `json:"premod"`
		SlowMinutes int         `json:"slow_minutes"`
	}
	heated := make([]heatedJSON, 0, len(o.Heated))
	for _, h := range o.Heated {
		heated = append(heated, heatedJSON{&threadJSON{ID: h.Thread.ID, URL: h.Thread.URL, Title: h.Thread.Title, Closed: h.Thread.Closed},
			h.Thread.SiteID, h.HeatedAt, h.Premod, h.SlowMinutes})
	}
	rate := 0.0
	if decided := o.Nudges.Revised + o.Nudges.Posted; decided > 0 {
		rate = float64(o.Nudges.Revised) / float64(decided)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"sites": o.Sites, "queues": o.Counts, "heated": heated,
		"nudges": map[string]any{"shown": o.Nudges.Shown, "revised": o.Nudges.Revised, "posted_anyway": o.Nudges.Posted, "revision_rate": rate},
	})
}

func (s *Server) modUser(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.writeError(w, r, parley.Invalid("id", "user id must be a positive integer"))
		return
	}
	u, st, err := s.svc.UserRecord(r.Context(), staffUser(r), r.URL.Query().Get("site"), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var until *time.Time
	if !st.BannedUntil.IsZero() {
		until = &st.BannedUntil
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"user": toUser(u), "created_at": u.CreatedAt,
		"standing": map[string]any{
			"published": st.Approved, "rejected": st.Rejected, "trust": st.Trust(), "banned": st.BannedAt(s.clock.Now()),
			"banned_until": until, "ban_reason": st.BanReason, "shadow_banned": st.ShadowBanned,
		},
	})
}

// moderationJSON is the API shape of a site's moderation settings.
type moderationJSON struct {
	Mode         parley.Mode           `json:"mode"`
	HoldAt       map[string]float64    `json:"hold_at"`
	RejectAt     map[string]float64    `json:"reject_at"`
	BannedWords  []string              `json:"banned_words"`
	SuspectWords []string              `json:"suspect_words"`
	MaxLinks     int                   `json:"max_links"`
	NoNudge      bool                  `json:"no_nudge"`
	Heated       parley.HeatedResponse `json:"heated"`
	SlowMinutes  int                   `json:"slow_minutes"`
}

func (s *Server) modSite(w http.ResponseWriter, r *http.Request) {
	site, err := s.svc.SiteForStaff(r.Context(), staffUser(r), r.PathValue("site"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	m := site.Settings.Moderation
	writeJSON(w, http.StatusOK, map[string]any{
		"id": site.ID, "origins": site.Origins,
		"moderation": moderationJSON{m.Mode, m.HoldAt, m.RejectAt, m.BannedWords, m.SuspectWords, m.MaxLinks, m.NoNudge, m.Heated, m.SlowMinutes},
	})
}

func (s *Server) modSiteUpdate(w http.ResponseWriter, r *http.Request) {
	var req moderationJSON
	if err := decode(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	m := parley.ModerationSettings{Mode: req.Mode, HoldAt: req.HoldAt, RejectAt: req.RejectAt, BannedWords: req.BannedWords,
		SuspectWords: req.SuspectWords, MaxLinks: req.MaxLinks, NoNudge: req.NoNudge, Heated: req.Heated, SlowMinutes: req.SlowMinutes}
	if err := s.svc.UpdateSiteSettings(r.Context(), staffUser(r), r.PathValue("site"), m); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.modSite(w, r)
}
