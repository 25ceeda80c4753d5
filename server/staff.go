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

// signInPage answers a sign-in link with a button rather than signing in: link previews in mail
// and chat fetch links on their own, and a GET that spent the token would burn it for the person
// it was meant for.
func (s *Server) signInPage(w http.ResponseWriter, r *http.Request) {
	tok := r.URL.Query().Get("token")
	if err := s.svc.SigninLinkValid(r.Context(), tok); err != nil {
		s.signInFailed(w, err)
		return
	}
	setPageHeaders(w)
	w.Write([]byte(`<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
		`<title>Sign in — Parley</title><body style="font:16px system-ui,sans-serif;max-width:30em;margin:15vh auto;padding:0 1em">` +
		`<h1 style="font-size:1.4em">Parley moderation</h1><form method="post" action="/admin/signin">` +
		`<input type="hidden" name="token" value="` + htmlEscape(tok) + `">` +
		`<button type="submit" autofocus style="font-size:1em;padding:.5em 1.2em">Sign in</button></form>` +
		`<p style="color:#555">This link works once.</p></body></html>`))
}

// signIn spends a one-time link and sets the session cookie. The form must come from our own
// page: another site must not sign a moderator's browser into an account of its choosing.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	if !s.sameOrigin(r) {
		s.signInFailed(w, parley.Errorf(parley.EFORBIDDEN, "sign in from the link itself"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	sess, _, err := s.svc.SignIn(r.Context(), r.PostFormValue("token"))
	if err != nil {
		s.signInFailed(w, err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: sess, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode,
		Secure: r.TLS != nil || strings.HasPrefix(s.baseURL, "https://"), MaxAge: 30 * 24 * 3600,
	})
	http.Redirect(w, r, "/admin/", http.StatusSeeOther)
}

func (s *Server) signInFailed(w http.ResponseWriter, err error) {
	setPageHeaders(w)
	w.WriteHeader(statusOf[parley.ErrorCode(err)])
	w.Write([]byte(`<!doctype html><title>Parley</title><p>` + htmlEscape(parley.ErrorMessage(err)) +
		`</p><p>Ask an admin for a new link (<code>parley admin create --email …</code>).</p>`))
}

// setPageHeaders marks a staff page as HTML that runs no script and cannot be framed.
func setPageHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin") // same-origin, not none: the form's POST must carry its Origin
	h.Set("Cache-Control", "no-store")
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
