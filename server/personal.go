package server

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"parley"
)

type personalJSON struct {
	User     *userJSON             `json:"user"`
	Site     string                `json:"site"`
	Comments []personalCommentJSON `json:"comments"`
	Likes    []personalLikeJSON    `json:"likes"`
}

type personalCommentJSON struct {
	ID        int64         `json:"id"`
	Thread    int64         `json:"thread"`
	Parent    int64         `json:"parent"`
	Text      string        `json:"text"`
	Status    parley.Status `json:"status"`
	CreatedAt time.Time     `json:"created_at"`
}

type personalLikeJSON struct {
	Comment   int64     `json:"comment"`
	CreatedAt time.Time `json:"created_at"`
}

func writePersonal(w http.ResponseWriter, site string, d *parley.PersonalData) {
	out := personalJSON{User: toUser(d.User), Site: site, Comments: []personalCommentJSON{}, Likes: []personalLikeJSON{}}
	for _, c := range d.Comments {
		out.Comments = append(out.Comments, personalCommentJSON{c.ID, c.ThreadID, c.ParentID, c.Source, c.Status, c.CreatedAt})
	}
	for _, l := range d.Likes {
		out.Likes = append(out.Likes, personalLikeJSON{l.CommentID, l.CreatedAt})
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="parley-%s-user-%d.json"`, site, d.User.ID))
	writeJSON(w, http.StatusOK, out)
}

// personalTarget is the user a personal-data request is about: the reader themselves, or the
// {id} an admin names.
func personalTarget(r *http.Request, actor *parley.User) (int64, error) {
	if v := r.PathValue("id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return 0, parley.Invalid("id", "user id must be a positive integer")
		}
		return id, nil
	}
	if actor == nil {
		return 0, parley.Errorf(parley.EUNAUTHORIZED, "no identity: there is no data of yours here")
	}
	return actor.ID, nil
}

func (s *Server) personalExport(actor func(*http.Request) *parley.User) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := actor(r)
		id, err := personalTarget(r, u)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		site := r.URL.Query().Get("site")
		d, err := s.svc.ExportPersonal(r.Context(), u, site, id)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writePersonal(w, site, d)
	}
}

func (s *Server) personalErase(actor func(*http.Request) *parley.User) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := actor(r)
		id, err := personalTarget(r, u)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		n, err := s.svc.ErasePersonal(r.Context(), u, r.URL.Query().Get("site"), id)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"erased_comments": n})
	}
}
