package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"parley"
	"parley/markup"
	"parley/moderation"
	"parley/server"
	"parley/sqlstore"
	"parley/toxicity"
)

const defaultDB = "sqlite:parley-data/parley.db"

// dbFlag registers --db, shared by every command that opens a database.
func dbFlag(e *env, fs *flag.FlagSet) *string {
	return fs.String("db", envDefault(e, "PARLEY_DB", defaultDB),
		"database: sqlite:PATH (created if missing) or postgres://… (env PARLEY_DB)")
}

// newService wires the rules to storage, the Markdown renderer and the moderation policy with
// the embedded toxicity model.
func newService(st *sqlstore.Store, log *slog.Logger) *parley.Service {
	return &parley.Service{
		Store: st, Mod: st, Personal: st, Renderer: markup.New(), Clock: parley.SystemClock{},
		Moderator: moderation.New(toxicity.Default()), Log: log,
	}
}

// openStore opens the database and applies pending migrations, as every command does.
func openStore(ctx context.Context, dsn string) (*sqlstore.Store, error) {
	st, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	return st, nil
}

func newLogger(e *env, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level: %w", err)
	}
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: l})), nil
}

// siteList collects --site values: ID=ORIGIN[,ORIGIN…], repeatable.
type siteList []parley.Site

func (s *siteList) String() string { return "" }

func (s *siteList) Set(v string) error {
	for _, one := range strings.Split(v, ";") {
		if one = strings.TrimSpace(one); one == "" {
			continue
		}
		id, origins, _ := strings.Cut(one, "=")
		if !validSiteID(id) {
			return fmt.Errorf("site id %q: use 1–64 letters, digits, '-' or '_'", id)
		}
		site := parley.Site{ID: id}
		for _, o := range strings.Split(origins, ",") {
			if o = strings.TrimSpace(o); o == "" {
				continue
			}
			u, err := url.Parse(o)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
				return fmt.Errorf("site %s: origin %q must look like https://news.example", id, o)
			}
			site.Origins = append(site.Origins, u.Scheme+"://"+u.Host)
		}
		*s = append(*s, site)
	}
	return nil
}

func validSiteID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "serve", "serve [flags]\n\nRuns the comment server. With no flags it keeps its data in ./parley-data/parley.db,\nlistens on 127.0.0.1:8080 and shows a demo article at /.")
	addr := fs.String("addr", envDefault(e, "PARLEY_ADDR", "127.0.0.1:8080"), "listen address (env PARLEY_ADDR)")
	db := dbFlag(e, fs)
	baseURL := fs.String("base-url", e.getenv("PARLEY_BASE_URL"), "public URL of this server, used in the demo page and as an allowed origin (env PARLEY_BASE_URL; default http:// + the listen address)")
	logLevel := fs.String("log-level", envDefault(e, "PARLEY_LOG_LEVEL", "info"), "debug, info, warn or error (env PARLEY_LOG_LEVEL)")
	proxies := fs.String("trusted-proxies", e.getenv("PARLEY_TRUSTED_PROXIES"), "comma-separated addresses or CIDR prefixes of the load balancers in front of Parley; only their X-Forwarded-For is believed, for rate limits and stream caps (env PARLEY_TRUSTED_PROXIES)")
	var sites siteList
	fs.Var(&sites, "site", "a site this server serves and its allowed origins, ID=https://a.example[,https://b.example]; repeatable (env PARLEY_SITES, ';'-separated). The demo site always exists.")
	if v := e.getenv("PARLEY_SITES"); v != "" {
		if err := sites.Set(v); err != nil {
			return fmt.Errorf("PARLEY_SITES: %w", err)
		}
	}
	if rest, err := parseArgs(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return fmt.Errorf("serve takes no arguments, got %q", rest[0])
	}
	log, err := newLogger(e, *logLevel)
	if err != nil {
		return err
	}
	trusted, err := server.ParseProxies(*proxies)
	if err != nil {
		return fmt.Errorf("--trusted-proxies: %w", err)
	}
	if *baseURL != "" {
		u, err := url.Parse(*baseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("--base-url %q must be an absolute http(s) URL", *baseURL)
		}
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	for i := range sites {
		if err := st.PutSite(ctx, &sites[i]); err != nil {
			return fmt.Errorf("configure site %s: %w", sites[i].ID, err)
		}
	}
	secret, err := st.Setting(ctx, "token_key", func() string {
		b := make([]byte, 32)
		rand.Read(b)
		return hex.EncodeToString(b)
	})
	if err != nil {
		return fmt.Errorf("load token key: %w", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	base := strings.TrimSuffix(*baseURL, "/")
	if base == "" {
		base = "http://" + ln.Addr().String()
	}
	svc := newService(st, log)
	if err := firstAdminLink(ctx, e, svc, base); err != nil {
		return err
	}
	srv := server.New(svc, server.Config{
		BaseURL: base, Secret: []byte(secret), Log: log, Clock: parley.SystemClock{}, Ping: st.Ping,
		TrustedProxies: trusted,
	})
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	hs.RegisterOnShutdown(srv.Close)
	runCtx, stopRun := context.WithCancel(context.Background())
	defer stopRun()
	go srv.Run(runCtx)

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	log.Info("listening", "url", base, "db", *db)
	fmt.Fprintf(e.stderr, "\n  Parley is running.\n  Demo article:  %s/\n  Embed script:  %s/embed.js\n  Health:        %s/healthz\n\n", base, base, base)

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func cmdMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "migrate", "migrate [--db DSN]\n\nApplies pending migrations and exits (every command does this on its own too).")
	db := dbFlag(e, fs)
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stderr, "database is up to date:", *db)
	return st.Close()
}
