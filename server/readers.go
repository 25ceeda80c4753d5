package server

import (
	"net/http"
	"strconv"

	"parley"
)

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	site, err := s.svc.Site(r.Context(), q.Get("site"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	u := currentUser(r)
	liked := []int64{}
	own := []*commentJSON{}
	if u != nil && (q.Get("url") != "" || q.Get("key") != "") {
		key := q.Get("key")
		if key == "" {
			if key, err = parley.CleanURL("url", q.Get("url")); err != nil {
				s.writeError(w, r, err)
				return
			}
		}
		t, err := s.svc.Thread(r.Context(), site.ID, key)
		switch {
		case err == nil:
			if liked, err = s.svc.Liked(r.Context(), u, t.ID); err != nil {
				s.writeError(w, r, err)
				return
			}
			hidden, err := s.svc.HiddenOwn(r.Context(), u, t.ID)
			if err != nil {
				s.writeError(w, r, err)
				return
			}
			for i := range hidden {
				// Rejected comments stay gone; shadow-banned ones look published to their author.
				if c := disguise(&hidden[i]); c.Status != parley.StatusRejected {
					own = append(own, toComment(c, false))
				}
			}
		case parley.ErrorCode(err) != parley.ENOTFOUND:
			s.writeError(w, r, err)
			return
		}
	}
	resp := map[string]any{
		"user": toUser(u), "liked": liked, "own": own,
		"edit_window_seconds": int(site.Settings.EditWindowOrDefault().Seconds()),
	}
	if t := s.renewedToken(r); t != "" {
		resp["token"] = t
	}
	writeJSON(w, http.StatusOK, resp)
}

type countsRequest struct {
	Site string   `json:"site"`
	URLs []string `json:"urls"`
}

func (s *Server) counts(w http.ResponseWriter, r *http.Request) {
	var req countsRequest
	if r.Method == http.MethodPost {
		if err := decode(w, r, &req); err != nil {
			s.writeError(w, r, err)
			return
		}
	} else {
		req = countsRequest{Site: r.URL.Query().Get("site"), URLs: r.URL.Query()["url"]}
	}
	keys := make([]string, 0, len(req.URLs))
	back := make(map[string]string, len(req.URLs)) // canonical key → the URL as the caller wrote it
	for _, u := range req.URLs {
		k, err := parley.CleanURL("url", u)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		keys = append(keys, k)
		back[k] = u
	}
	got, err := s.svc.Counts(r.Context(), req.Site, keys)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make(map[string]int, len(got))
	for k, n := range got {
		out[back[k]] = n
	}
	writeJSON(w, http.StatusOK, map[string]any{"counts": out})
}

func (s *Server) userComments(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.writeError(w, r, parley.Invalid("id", "user id must be a positive integer"))
		return
	}
	before, err := queryInt(r, "before")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	site := r.URL.Query().Get("site")
	if _, err := s.svc.Site(r.Context(), site); err != nil {
		s.writeError(w, r, err)
		return
	}
	u, err := s.svc.User(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	cs, err := s.svc.UserComments(r.Context(), site, id, before)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	threads := map[int64]*threadRefJSON{}
	out := make([]*commentJSON, 0, len(cs))
	for i := range cs {
		c := toComment(&cs[i], false)
		if threads[cs[i].ThreadID] == nil {
			t, err := s.svc.ThreadByID(r.Context(), cs[i].ThreadID)
			if err != nil {
				s.writeError(w, r, err)
				return
			}
			threads[t.ID] = &threadRefJSON{URL: t.URL, Title: t.Title}
		}
		c.Thread = threads[cs[i].ThreadID]
		out = append(out, c)
	}
	var next *int64
	if len(cs) == parley.DefaultPageSize {
		n := cs[len(cs)-1].ID
		next = &n
	}
	pub := toUser(u)
	pub.Role = ""
	writeJSON(w, http.StatusOK, map[string]any{"user": pub, "comments": out, "next": next})
}
