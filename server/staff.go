package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"parley"
)

const sessionCookie = "parley_session"

type staffKey struct{}

// staffOnly resolves the staff session cookie. The cookie is SameSite=Strict and HttpOnly, and
// state-changing requests must also come from our own origin, so another site can neither read
// nor ride a moderator's session.
func (s *Server) staffOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err != nil {
			s.writeError(w, r, parley.Errorf(parley.EUNAUTHORIZED, "sign in as staff first"))
			return
		}
		if isWrite(r.Method) && !s.sameOrigin(r) {
			s.writeError(w, r, parley.Errorf(parley.EFORBIDDEN, "staff actions must come from the dashboard"))
			return
		}
		u, err := s.svc.SessionUser(r.Context(), c.Value)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if u.Role != parley.RoleAdmin && u.Role != parley.RoleModerator {
			s.writeError(w, r, parley.Errorf(parley.EFORBIDDEN, "this needs a moderator or admin account"))
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), staffKey{}, u)))
	})
}

func staffUser(r *http.Request) *parley.User {
	u, _ := r.Context().Value(staffKey{}).(*parley.User)
	return u
}

// sameOrigin accepts requests whose Origin (or, failing that, Referer) is this server.
func (s *Server) sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		ref, err := url.Parse(r.Header.Get("Referer"))
		if err != nil || ref.Host == "" {
			return r.Header.Get("Sec-Fetch-Site") == "same-origin"
		}
		o = ref.Scheme + "://" + ref.Host
	}
	if strings.EqualFold(o, s.baseURL) {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

// signIn spends a one-time link and sets the session cookie.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	sess, _, err := s.svc.SignIn(r.Context(), r.URL.Query().Get("token"))
	if err != nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(statusOf[parley.ErrorCode(err)])
		w.Write([]byte(`<!doctype html><title>Parley</title><p>` + htmlEscape(parley.ErrorMessage(err)) +
			`</p><p>Ask an admin for a new link (<code>parley admin create --email …</code>).</p>`))
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: sess, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode,
		Secure: r.TLS != nil || strings.HasPrefix(s.baseURL, "https://"), MaxAge: 30 * 24 * 3600,
	})
	// The token is spent; send the browser on without it in the address bar or history.
	http.Redirect(w, r, "/admin/", http.StatusSeeOther)
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.svc.SignOut(r.Context(), c.Value); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true})
	w.WriteHeader(http.StatusNoContent)
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}
