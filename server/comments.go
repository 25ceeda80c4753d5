package server

import (
	"net/http"
	"strconv"
	"strings"

	"parley"
)

type postRequest struct {
	Site   string `json:"site"`
	URL    string `json:"url"`
	Key    string `json:"key"`
	Title  string `json:"title"`
	Parent int64  `json:"parent"`
	Text   string `json:"text"`
	Name   string `json:"name"`
	// Confirm posts a comment after a nudge; NudgeID is the nudge's id from the 422 answer.
	Confirm bool  `json:"confirm"`
	NudgeID int64 `json:"nudge_id"`
}

type postResponse struct {
	Comment *commentJSON `json:"comment"`
	User    *userJSON    `json:"user"`
	Token   string       `json:"token,omitempty"`
}

func (s *Server) postComment(w http.ResponseWriter, r *http.Request) {
	var req postRequest
	if err := decode(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	if req.Site == "" {
		s.writeError(w, r, parley.Invalid("site", "site is required"))
		return
	}
	if err := s.checkSiteOrigin(r, req.Site); err != nil {
		s.writeError(w, r, err)
		return
	}
	me := currentUser(r)
	c, u, err := s.svc.Post(r.Context(), parley.PostInput{
		SiteID: req.Site, URL: req.URL, Key: req.Key, Title: req.Title, ParentID: req.Parent,
		Text: req.Text, Name: req.Name, User: me, Addr: s.clientAddr(r), Confirm: req.Confirm, NudgeID: req.NudgeID,
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	resp := postResponse{Comment: toComment(disguise(c), true), User: toUser(u)}
	if me == nil {
		resp.Token = s.sign(u.ID)
		http.SetCookie(w, &http.Cookie{
			Name: tokenCookie, Value: resp.Token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
			Secure: r.TLS != nil || strings.HasPrefix(s.baseURL, "https://"), MaxAge: 365 * 24 * 3600,
		})
	}
	writeJSON(w, http.StatusCreated, resp)
}

// listComments serves a page of a thread from the page cache: one indexed lookup of the
// thread's version decides whether the cached bytes are current.
func (s *Server) listComments(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	site, key := q.Get("site"), q.Get("key")
	if site == "" {
		s.writeError(w, r, parley.Invalid("site", "site is required"))
		return
	}
	if key == "" {
		u, err := parley.CleanURL("url", q.Get("url"))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		key = u
	}
	sort, err := parley.ParseSort(q.Get("sort"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	limit, err := queryInt(r, "limit")
	if err != nil || limit > parley.MaxPageSize {
		s.writeError(w, r, parley.Invalid("limit", "limit must be between 1 and %d", parley.MaxPageSize))
		return
	}
	if limit == 0 {
		limit = parley.DefaultPageSize
	}
	cursor, err := decodeCursor(q.Get("cursor"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	t, err := s.svc.Thread(r.Context(), site, key)
	if parley.ErrorCode(err) == parley.ENOTFOUND {
		if _, err := s.svc.Site(r.Context(), site); err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, pageJSON{Comments: []*commentJSON{}})
		return
	} else if err != nil {
		s.writeError(w, r, err)
		return
	}
	k := pageKey{thread: t.ID, version: t.Version, sort: string(sort), cursor: q.Get("cursor"), limit: int(limit)}
	page := s.pages.get(k)
	if page == nil {
		p, err := s.svc.Page(r.Context(), t, parley.PageQuery{Sort: sort, Cursor: cursor, Limit: int(limit)})
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if page, err = renderPage(k, toPage(p)); err != nil {
			s.writeError(w, r, err)
			return
		}
		s.pages.put(k, page)
	}
	servePage(w, r, page)
}

func servePage(w http.ResponseWriter, r *http.Request, p *renderedPage) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Add("Vary", "Accept-Encoding")
	gz := strings.Contains(r.Header.Get("Accept-Encoding"), "gzip")
	etag := p.etag
	if gz {
		etag = etag[:len(etag)-1] + `-gz"`
	}
	h.Set("ETag", etag)
	if match := r.Header.Get("If-None-Match"); match != "" && (match == etag || match == p.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := p.body
	if gz {
		h.Set("Content-Encoding", "gzip")
		body = p.gz
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

func (s *Server) getComment(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.svc.Comment(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"comment": toComment(c, c.Status != parley.StatusDeleted)})
}

func (s *Server) listReplies(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	after, err := queryInt(r, "after")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	limit, err := queryInt(r, "limit")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if limit == 0 || limit > parley.MaxPageSize {
		limit = parley.DefaultReplies
	}
	cs, err := s.svc.Replies(r.Context(), id, after, int(limit))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]*commentJSON, 0, len(cs))
	for i := range cs {
		out = append(out, toComment(&cs[i], false))
	}
	var next *int64
	if len(cs) == int(limit) {
		n := cs[len(cs)-1].ID
		next = &n
	}
	writeJSON(w, http.StatusOK, map[string]any{"comments": out, "next": next})
}

func (s *Server) editComment(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var req struct {
		Text    string `json:"text"`
		Confirm bool   `json:"confirm"`
		NudgeID int64  `json:"nudge_id"`
	}
	if err := decode(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.svc.Edit(r.Context(), currentUser(r), id, req.Text, req.Confirm, req.NudgeID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"comment": toComment(disguise(c), true)})
}

func (s *Server) deleteComment(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.svc.Delete(r.Context(), currentUser(r), id); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) like(on bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		n, err := s.svc.Like(r.Context(), currentUser(r), id, on)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"likes": n, "liked": on})
	}
}

// disguise shows a shadow-banned author their comment as published: the ban only works if they
// cannot tell.
func disguise(c *parley.Comment) *parley.Comment {
	if c.Status == parley.StatusRejected && c.Decision != nil {
		for _, r := range c.Decision.Reasons {
			if r.Code == "shadow_ban" {
				cp := *c
				cp.Status = parley.StatusPublished
				return &cp
			}
		}
	}
	return c
}

type reportRequest struct {
	Reason string `json:"reason"`
	Note   string `json:"note"`
}

func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var req reportRequest
	if err := decode(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	me := currentUser(r)
	u, err := s.svc.Report(r.Context(), me, s.clientAddr(r), id, req.Reason, req.Note)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	resp := map[string]any{"reported": true}
	if me == nil {
		resp["token"] = s.sign(u.ID)
	}
	writeJSON(w, http.StatusOK, resp)
}
