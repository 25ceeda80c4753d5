package server

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"parley"
)

const tokenCookie = "parley_token"

// sign makes a guest token "uid.issued.mac": the user id is all a guest has, and the MAC with
// the instance key is what stops anyone from claiming another id.
func (s *Server) sign(userID int64) string {
	payload := fmt.Sprintf("%d.%d", userID, s.clock.Now().Unix())
	return payload + "." + s.mac(payload)
}

func (s *Server) mac(payload string) string {
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// A guest token lasts a year from when it was issued, and a reader who comes back is given a
// fresh one (by /me) once theirs is a week old: a regular keeps their identity for good, while a
// token left in an abandoned browser, or copied from one, stops working.
const (
	tokenMaxAge     = 365 * 24 * time.Hour
	tokenRenewAfter = 7 * 24 * time.Hour
)

// verify returns the user id a token names and when it was issued; id 0 when the token is
// missing, malformed or forged.
func (s *Server) verify(token string) (id int64, issued time.Time) {
	i := strings.LastIndexByte(token, '.')
	if i < 0 {
		return 0, time.Time{}
	}
	payload, sig := token[:i], token[i+1:]
	if !hmac.Equal([]byte(sig), []byte(s.mac(payload))) {
		return 0, time.Time{}
	}
	uid, at, ok := strings.Cut(payload, ".")
	id, err := strconv.ParseInt(uid, 10, 64)
	if err != nil || id <= 0 || !ok {
		return 0, time.Time{}
	}
	unix, err := strconv.ParseInt(at, 10, 64)
	if err != nil {
		return 0, time.Time{}
	}
	return id, time.Unix(unix, 0)
}

type userKey struct{}

// issuedKey holds when the bearer token of the request was issued, for renewal.
type issuedKey struct{}

// renewedToken is a fresh token for the request's reader when the token they sent is due for
// renewal, else "".
func (s *Server) renewedToken(r *http.Request) string {
	u := currentUser(r)
	issued, ok := r.Context().Value(issuedKey{}).(time.Time)
	if u == nil || !ok || s.clock.Now().Sub(issued) < tokenRenewAfter {
		return ""
	}
	return s.sign(u.ID)
}

// identify resolves the bearer token (or, for same-site use, the cookie) to a user. A request
// authenticated by cookie that changes state must come from an allowed origin: that is the
// CSRF defence, since browsers attach cookies on their own but never bearer tokens.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var id int64
		var issued time.Time
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			if id, issued = s.verify(strings.TrimPrefix(h, "Bearer ")); id == 0 {
				s.writeError(w, r, parley.Errorf(parley.EUNAUTHORIZED, "your sign-in token is not valid; post again to get a new one"))
				return
			}
			if s.clock.Now().Sub(issued) > tokenMaxAge {
				s.writeError(w, r, parley.Errorf(parley.EUNAUTHORIZED, "your sign-in token has expired; post again to get a new one"))
				return
			}
			r = r.WithContext(context.WithValue(r.Context(), issuedKey{}, issued))
		} else if c, err := r.Cookie(tokenCookie); err == nil {
			// An expired cookie is no identity at all, as if the browser had dropped it.
			if id, issued = s.verify(c.Value); id != 0 && s.clock.Now().Sub(issued) > tokenMaxAge {
				id = 0
			}
			if id != 0 && isWrite(r.Method) && !s.originAllowed(r) {
				s.writeError(w, r, parley.Errorf(parley.EFORBIDDEN, "requests from this origin are not allowed"))
				return
			}
		}
		if id != 0 {
			u, err := s.svc.User(r.Context(), id)
			if err != nil && parley.ErrorCode(err) != parley.ENOTFOUND {
				s.writeError(w, r, err)
				return
			}
			if u != nil && u.Erased {
				s.writeError(w, r, parley.Errorf(parley.EUNAUTHORIZED, "this identity was erased at your request; post again to get a new one"))
				return
			}
			if u != nil {
				r = r.WithContext(context.WithValue(r.Context(), userKey{}, u))
			}
		}
		next.ServeHTTP(w, r)
	})
}

func currentUser(r *http.Request) *parley.User {
	u, _ := r.Context().Value(userKey{}).(*parley.User)
	return u
}

func isWrite(method string) bool {
	return method != http.MethodGet && method != http.MethodHead && method != http.MethodOptions
}

// cors answers preflights and sets CORS headers for origins some site allows. Which site a
// request is for is only known deeper down, so the handlers that write check the origin again.
func (s *Server) cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin != "" && s.origins.allowed(r.Context(), origin, "") {
			h := w.Header()
			h.Set("Access-Control-Allow-Origin", origin)
			// A "*" site admits every page; credentials for every page would let any of them
			// read a reader's data with the cookie, so only origins a site names get them.
			if s.origins.named(r.Context(), origin) {
				h.Set("Access-Control-Allow-Credentials", "true")
			}
			h.Add("Vary", "Origin")
			h.Set("Access-Control-Expose-Headers", "ETag, Retry-After")
			if r.Method == http.MethodOptions {
				h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE")
				h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, If-None-Match")
				h.Set("Access-Control-Max-Age", "600")
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// originAllowed reports whether the request's Origin (if any) may act with the reader's cookie:
// only an origin some site names, never one a "*" merely admits.
func (s *Server) originAllowed(r *http.Request) bool {
	o := r.Header.Get("Origin")
	return o == "" || s.origins.named(r.Context(), o)
}

// checkSiteOrigin refuses a write from a browser origin the site does not allow.
func (s *Server) checkSiteOrigin(r *http.Request, siteID string) error {
	o := r.Header.Get("Origin")
	if o == "" || s.origins.allowed(r.Context(), o, siteID) {
		return nil
	}
	return parley.Errorf(parley.EFORBIDDEN, "origin %s may not post to site %q", o, siteID)
}

// originSet caches every site's allowed origins for a few seconds: CORS is checked on every
// request, and sites change rarely.
type originSet struct {
	self  string
	sites func(context.Context) ([]parley.Site, error)
	mu    sync.Mutex
	by    map[string][]string // site id → origins
	at    time.Time
}

func (o *originSet) allowed(ctx context.Context, origin, siteID string) bool {
	return o.match(ctx, origin, siteID, true)
}

// named reports whether origin is ours or listed by some site by name, a "*" not counting.
func (o *originSet) named(ctx context.Context, origin string) bool {
	return o.match(ctx, origin, "", false)
}

func (o *originSet) match(ctx context.Context, origin, siteID string, wildcard bool) bool {
	if strings.EqualFold(origin, o.self) {
		return true
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.by == nil || time.Since(o.at) > 5*time.Second {
		if sites, err := o.sites(ctx); err == nil {
			o.by = make(map[string][]string, len(sites))
			for _, st := range sites {
				o.by[st.ID] = normOrigins(st.Origins)
			}
			o.at = time.Now()
		}
	}
	origin = strings.ToLower(origin)
	if siteID != "" {
		return slices.Contains(o.by[siteID], origin) || wildcard && slices.Contains(o.by[siteID], "*")
	}
	for _, list := range o.by {
		if slices.Contains(list, origin) || wildcard && slices.Contains(list, "*") {
			return true
		}
	}
	return false
}

func normOrigins(in []string) []string {
	out := make([]string, 0, len(in))
	for _, o := range in {
		if u, err := url.Parse(strings.TrimSpace(o)); err == nil && u.Host != "" {
			out = append(out, strings.ToLower(u.Scheme+"://"+u.Host))
		} else if o == "*" {
			out = append(out, o)
		}
	}
	return out
}
