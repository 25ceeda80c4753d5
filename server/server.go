// Package server is Parley's HTTP face: the JSON API, live updates, the widget's scripts and the
// demo page. It holds no rules of its own; it maps requests onto parley.Service and errors onto
// statuses.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"parley"
)

// Config is what the server needs, parsed and validated by the caller.
type Config struct {
	BaseURL string // public address, e.g. "https://comments.example"; its origin is always allowed
	Secret  []byte // signs guest tokens; shared by every instance on one database
	Log     *slog.Logger
	Clock   parley.Clock
	// Ping checks the database for /healthz.
	Ping func(context.Context) error
	// TrustedProxies are the load balancers whose X-Forwarded-For is believed (ParseProxies).
	TrustedProxies []netip.Prefix
	// MaxStreamsPerAddr caps one address's open live-update streams (default 32); MaxStreams
	// caps them all (default 20,000). Each holds a connection and a goroutine.
	MaxStreamsPerAddr, MaxStreams int
}

// Server serves the API. Create it with New, start its background work with Run.
type Server struct {
	svc     *parley.Service
	log     *slog.Logger
	clock   parley.Clock
	secret  []byte
	baseURL string
	ping    func(context.Context) error
	origins *originSet
	pages   *pageCache
	hub     *hub
	assets  *assets
	done    chan struct{}
	handler http.Handler
	proxies []netip.Prefix
	streams *streamCap
}

// New wires the server to the service; it installs itself as the service's publisher and
// address limiter.
func New(svc *parley.Service, cfg Config) *Server {
	s := &Server{
		svc: svc, log: cfg.Log, clock: cfg.Clock, secret: cfg.Secret, ping: cfg.Ping,
		baseURL: strings.TrimSuffix(cfg.BaseURL, "/"),
		pages:   newPageCache(20000),
		done:    make(chan struct{}),
		proxies: cfg.TrustedProxies,
		streams: newStreamCap(cfg.MaxStreamsPerAddr, cfg.MaxStreams),
	}
	s.origins = &originSet{self: s.baseURL, sites: svc.Sites}
	s.hub = newHub(s.log, svc)
	s.assets = newAssets(s.baseURL)
	svc.Publisher = s.hub
	svc.Limiter = newLimiter(cfg.Clock)
	s.handler = s.routes()
	return s
}

func (s *Server) routes() http.Handler {
	api := http.NewServeMux()
	api.HandleFunc("POST /api/v1/comments", s.postComment)
	api.HandleFunc("GET /api/v1/comments", s.listComments)
	api.HandleFunc("GET /api/v1/comments/{id}", s.getComment)
	api.HandleFunc("GET /api/v1/comments/{id}/replies", s.listReplies)
	api.HandleFunc("PATCH /api/v1/comments/{id}", s.editComment)
	api.HandleFunc("DELETE /api/v1/comments/{id}", s.deleteComment)
	api.HandleFunc("PUT /api/v1/comments/{id}/like", s.like(true))
	api.HandleFunc("DELETE /api/v1/comments/{id}/like", s.like(false))
	api.HandleFunc("GET /api/v1/me", s.me)
	api.HandleFunc("GET /api/v1/counts", s.counts)
	api.HandleFunc("POST /api/v1/counts", s.counts)
	api.HandleFunc("GET /api/v1/users/{id}/comments", s.userComments)
	api.HandleFunc("GET /api/v1/stream", s.stream)
	api.HandleFunc("POST /api/v1/comments/{id}/report", s.report)
	api.HandleFunc("GET /api/v1/me/data", s.personalExport(currentUser))
	api.HandleFunc("DELETE /api/v1/me/data", s.personalErase(currentUser))
	api.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, parley.Errorf(parley.ENOTFOUND, "no such endpoint: %s %s", r.Method, r.URL.Path))
	})

	// Staff routes live apart from the readers' API: no CORS, their own session cookie.
	mod := http.NewServeMux()
	mod.HandleFunc("GET /api/v1/mod/me", s.modMe)
	mod.HandleFunc("GET /api/v1/mod/overview", s.modOverview)
	mod.HandleFunc("GET /api/v1/mod/queue", s.modQueue)
	mod.HandleFunc("POST /api/v1/mod/comments/{id}", s.modComment)
	mod.HandleFunc("POST /api/v1/mod/bans", s.modBan)
	mod.HandleFunc("POST /api/v1/mod/bulk", s.modBulk)
	mod.HandleFunc("GET /api/v1/mod/audit", s.modAudit)
	mod.HandleFunc("POST /api/v1/mod/threads/{id}/recheck", s.modRecheck)
	mod.HandleFunc("GET /api/v1/mod/users/{id}", s.modUser)
	mod.HandleFunc("GET /api/v1/mod/users/{id}/data", s.personalExport(staffUser))
	mod.HandleFunc("DELETE /api/v1/mod/users/{id}/data", s.personalErase(staffUser))
	mod.HandleFunc("GET /api/v1/mod/sites/{site}", s.modSite)
	mod.HandleFunc("PUT /api/v1/mod/sites/{site}", s.modSiteUpdate)
	mod.HandleFunc("/api/v1/mod/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, parley.Errorf(parley.ENOTFOUND, "no such endpoint: %s %s", r.Method, r.URL.Path))
	})

	mux := http.NewServeMux()
	mux.Handle("/api/", s.cors(s.identify(api)))
	mux.Handle("/api/v1/mod/", s.staffOnly(mod))
	mux.HandleFunc("GET /admin/signin", s.signInPage)
	mux.HandleFunc("POST /admin/signin", s.signIn)
	mux.HandleFunc("POST /admin/signout", s.signOut)
	mux.Handle("GET /admin/", s.dashboard())
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /embed.js", s.assets.script("embed.js"))
	mux.HandleFunc("GET /counts.js", s.assets.script("counts.js"))
	mux.HandleFunc("GET /{$}", s.assets.demo)
	return s.recoverer(s.logRequests(mux))
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Run does the server's background work (live-update fan-out) until ctx ends.
func (s *Server) Run(ctx context.Context) { s.hub.run(ctx) }

// Close ends open event streams so a graceful shutdown does not wait on them.
func (s *Server) Close() {
	select {
	case <-s.done:
	default:
		close(s.done)
	}
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if s.ping != nil {
		if err := s.ping(ctx); err != nil {
			s.log.Error("health check failed", "err", err)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "database unavailable"})
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// logRequests logs failures; successful requests only at debug level, as they are too many.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		level := slog.LevelDebug
		if rec.status >= 400 {
			level = slog.LevelInfo
		}
		s.log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"ms", time.Since(start).Milliseconds())
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach Flush for event streams.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// recoverer turns a panic in a handler into a logged internal error instead of a dropped
// connection.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", v)
				s.writeError(w, r, parley.Errorf(parley.EINTERNAL, "internal error"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}
