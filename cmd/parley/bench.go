package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"parley"
	"parley/sqlstore"
)

// Targets from the issue. Missing one is reported, not an error: speed depends on the machine,
// correctness does not.
const (
	targetReadRatio = 0.5
	targetReadP99ms = 20.0
	targetPostsPerS = 1000.0
)

const (
	benchSite  = "bench"
	benchURL   = "https://bench.example/2026/the-long-thread"
	benchTitle = "The long thread"
)

type benchConfig struct {
	duration, warmup, killAfter time.Duration
	conns, comments, checks     int
	rounds                      int
	seed                        uint64
	dir, serverBin, cpuprofile  string
	keep                        bool
}

// benchReport is the machine-readable result, printed as one JSON object on stdout.
type benchReport struct {
	Machine struct {
		CPUs       int    `json:"cpus"`
		GOMAXPROCS int    `json:"gomaxprocs"`
		CPUModel   string `json:"cpu_model"`
		Go         string `json:"go"`
		OS         string `json:"os"`
		// The load average before and after: on a shared machine, other work skews every figure.
		LoadBefore string `json:"loadavg_before"`
		LoadAfter  string `json:"loadavg_after"`
	} `json:"machine"`
	Command  string `json:"command"`
	Comments int    `json:"comments"`
	FillHeld int    `json:"fill_held"` // posts the moderation policy held while filling
	Page     struct {
		Path            string  `json:"path"`
		Bytes           int     `json:"bytes"`
		ContentEncoding string  `json:"content_encoding"`
		Parley          stats   `json:"parley"`
		Bare            stats   `json:"bare_net_http"`
		Ratio           float64 `json:"ratio"`
		Met             bool    `json:"target_met"`
	} `json:"page"`
	Posts struct {
		Concurrent stats `json:"concurrent"`
		Single     stats `json:"single"`
		Met        bool  `json:"target_met"`
	} `json:"posts"`
	Freshness  freshness  `json:"freshness"`
	Durability durability `json:"durability"`
}

func cmdBench(ctx context.Context, e *env, args []string) error {
	if mode := hiddenBenchMode(args); mode != nil {
		return mode(ctx, e, args)
	}
	fs := newFlagSet(e, "bench", `bench [flags]

Starts "parley serve" as a child process on a fresh SQLite database, fills one thread with
comments through the API, then measures over loopback HTTP:
  - the thread's first page, against a bare net/http server replaying the same bytes;
  - posting comments with --conns clients and with one;
  - that a page fetched right after a post is acknowledged contains it;
  - that every acknowledged post survives kill -9 of the server.
A summary goes to stderr, one JSON object to stdout. Exits non-zero only when a correctness
check fails; a missed speed target is reported as "below target".`)
	var c benchConfig
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "how long each measured run lasts (env PARLEY_BENCH_DURATION)")
	fs.DurationVar(&c.warmup, "warmup", time.Second, "unmeasured load before each run (env PARLEY_BENCH_WARMUP)")
	fs.IntVar(&c.conns, "conns", 32, "concurrent keep-alive connections, i.e. clients (env PARLEY_BENCH_CONNS)")
	fs.IntVar(&c.comments, "comments", 1000, "comments in the thread before measuring (env PARLEY_BENCH_COMMENTS)")
	fs.IntVar(&c.rounds, "rounds", 2, "the page comparison alternates Parley and bare net/http this many times, --duration/rounds each (env PARLEY_BENCH_ROUNDS)")
	fs.IntVar(&c.checks, "fresh-checks", 300, "post-then-read freshness checks (env PARLEY_BENCH_FRESH_CHECKS)")
	fs.DurationVar(&c.killAfter, "kill-after", 2*time.Second, "posting time before the server is killed with SIGKILL (env PARLEY_BENCH_KILL_AFTER)")
	fs.Uint64Var(&c.seed, "seed", 1, "seed for the generated thread (env PARLEY_BENCH_SEED)")
	fs.StringVar(&c.dir, "keep", "", "keep the database, logs and canned page in this directory instead of a temporary one (env PARLEY_BENCH_KEEP)")
	fs.StringVar(&c.serverBin, "server-bin", "", "parley binary to run as the server (env PARLEY_BENCH_SERVER_BIN; default: this one)")
	fs.StringVar(&c.cpuprofile, "cpuprofile", "", "write a CPU profile of the server during fill, reads, posts and freshness (env PARLEY_BENCH_CPUPROFILE)")
	// Environment first, so that flags on the command line win.
	for _, name := range []string{"duration", "warmup", "conns", "rounds", "comments", "fresh-checks", "kill-after", "seed", "keep", "server-bin", "cpuprofile"} {
		key := "PARLEY_BENCH_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
		if v := e.getenv(key); v != "" {
			if err := fs.Set(name, v); err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
		}
	}
	if rest, err := parseArgs(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return fmt.Errorf("bench takes no arguments, got %q", rest[0])
	}
	if c.conns < 1 || c.comments < 1 || c.duration <= 0 || c.checks < 1 || c.rounds < 1 {
		return errors.New("--conns, --comments, --fresh-checks, --rounds and --duration must be positive")
	}
	if c.serverBin == "" {
		exe, err := os.Executable()
		if err != nil {
			return fmt.Errorf("find the parley binary: %w (pass --server-bin)", err)
		}
		c.serverBin = exe
	}
	c.serverBin, c.cpuprofile = absPath(c.serverBin), absPath(c.cpuprofile)
	if c.dir != "" {
		c.keep = true
		c.dir = absPath(c.dir)
		if err := os.MkdirAll(c.dir, 0o755); err != nil {
			return err
		}
	} else {
		d, err := os.MkdirTemp("", "parley-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		c.dir = d
	}
	rep, err := runBench(ctx, e, c)
	if rep != nil {
		rep.Command = "parley bench " + strings.Join(args, " ")
		printBench(e, rep)
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if jerr := enc.Encode(rep); jerr != nil && err == nil {
			err = jerr
		}
	}
	return err
}

func runBench(ctx context.Context, e *env, c benchConfig) (*benchReport, error) {
	rep := &benchReport{Comments: c.comments}
	rep.Machine.CPUs, rep.Machine.GOMAXPROCS = runtime.NumCPU(), runtime.GOMAXPROCS(0)
	rep.Machine.CPUModel, rep.Machine.Go = cpuModel(), runtime.Version()
	rep.Machine.OS = runtime.GOOS + "/" + runtime.GOARCH
	rep.Machine.LoadBefore = loadAvg()
	defer func() { rep.Machine.LoadAfter = loadAvg() }()
	progress := func(format string, a ...any) { fmt.Fprintf(e.stderr, "bench: "+format+"\n", a...) }

	dbPath := filepath.Join(c.dir, "bench.db")
	if err := prepareBenchDB(ctx, dbPath); err != nil {
		return nil, err
	}
	serveArgs := []string{"serve", "--db", "sqlite:" + dbPath}
	if c.cpuprofile != "" {
		serveArgs = append([]string{"bench", "--serve-profiled", c.cpuprofile}, serveArgs...)
	}
	srv, err := startChild(ctx, "parley serve", c.serverBin, filepath.Join(c.dir, "serve.log"), "/healthz", serveArgs...)
	if err != nil {
		return nil, err
	}
	defer srv.kill()
	tr := newTransport(c.conns)
	defer tr.CloseIdleConnections()
	a := &api{base: srv.base, site: benchSite, url: benchURL, title: benchTitle, hc: &http.Client{Transport: tr, Timeout: 30 * time.Second}}

	progress("filling a thread with %d comments (30%% replies) through the API…", c.comments)
	t0 := time.Now()
	ids, held, err := fillThread(ctx, a, c.comments, c.seed)
	if err != nil {
		return nil, err
	}
	rep.FillHeld = held
	progress("filled in %.1fs (%d more posts held for review)", time.Since(t0).Seconds(), held)

	// The page as a browser gets it: what both servers will be asked for.
	path := a.pagePath("")
	resp, body, err := a.get(ctx, path, nil)
	if err != nil || resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET first page: %v %v", statusOf(resp), err)
	}
	rep.Page.Path, rep.Page.Bytes, rep.Page.ContentEncoding = path, len(body), resp.Header.Get("Content-Encoding")
	canned := filepath.Join(c.dir, "page.json")
	if err := saveCanned(canned, resp.Header, body); err != nil {
		return nil, err
	}
	bare, err := startChild(ctx, "bare net/http server", c.serverBin, filepath.Join(c.dir, "bare.log"), "/",
		"bench", "--bare-serve", canned)
	if err != nil {
		return nil, err
	}
	defer bare.kill()
	ba := &api{base: bare.base, hc: &http.Client{Transport: newTransport(c.conns), Timeout: 30 * time.Second}}

	var failures []string
	progress("reading the first page (%d bytes, %s) with %d connections for %s each, Parley and bare net/http alternating %d times…",
		len(body), orIdentity(rep.Page.ContentEncoding), c.conns, c.duration, c.rounds)
	var pr, br []sample
	for range c.rounds {
		pr = append(pr, runLoad(ctx, c.conns, c.warmup, c.duration/time.Duration(c.rounds), readWorker(a, path, len(body))))
		br = append(br, runLoad(ctx, c.conns, c.warmup, c.duration/time.Duration(c.rounds), readWorker(ba, path, len(body))))
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if rep.Page.Parley, err = summarize(pr...); err != nil {
		failures = append(failures, "Parley page reads failed: "+err.Error())
	}
	if rep.Page.Bare, err = summarize(br...); err != nil {
		failures = append(failures, "bare page reads failed: "+err.Error())
	}
	bare.stop()
	if rep.Page.Bare.PerSec > 0 {
		rep.Page.Ratio = round3(rep.Page.Parley.PerSec / rep.Page.Bare.PerSec)
	}
	rep.Page.Met = rep.Page.Ratio >= targetReadRatio && rep.Page.Parley.P99ms < targetReadP99ms

	progress("posting with %d clients for %s, then with 1…", c.conns, c.duration)
	for i, n := range []int{c.conns, 1} {
		before, err := threadCount(ctx, a)
		if err != nil {
			return nil, err
		}
		w := &writers{a: a, parents: ids, seed: c.seed + 1 + uint64(i), prefix: "Writer", replyPct: 30}
		st, err := summarize(runLoad(ctx, n, c.warmup, c.duration, w.worker))
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			failures = append(failures, fmt.Sprintf("posting with %d clients failed: %v", n, err))
		}
		st.ThreadComments, st.Held = before, w.held
		if n == c.conns {
			rep.Posts.Concurrent = st
		} else {
			rep.Posts.Single = st
		}
	}
	rep.Posts.Met = rep.Posts.Concurrent.PerSec >= targetPostsPerS

	progress("checking %d times that a page read right after an acknowledged post contains it…", c.checks)
	if rep.Freshness, err = checkFreshness(ctx, a, ids, c.checks, c.seed+3); err != nil {
		return nil, err
	}
	if rep.Freshness.Stale > 0 || rep.Freshness.Errors > 0 {
		failures = append(failures, fmt.Sprintf("freshness: %d stale pages, %d errors in %d checks: %s",
			rep.Freshness.Stale, rep.Freshness.Errors, rep.Freshness.Checks, strings.Join(rep.Freshness.First, "; ")))
	}

	// A clean stop writes the profile; the crash test gets a server of its own on the same file.
	if err := srv.stop(); err != nil {
		return nil, err
	}
	srv, err = startChild(ctx, "parley serve", c.serverBin, filepath.Join(c.dir, "serve.log"), "/healthz",
		"serve", "--db", "sqlite:"+dbPath)
	if err != nil {
		return nil, err
	}
	defer srv.kill()
	tr2 := newTransport(c.conns)
	defer tr2.CloseIdleConnections()
	a.base, a.hc = srv.base, &http.Client{Transport: tr2, Timeout: 30 * time.Second}
	progress("posting with %d clients and killing the server with SIGKILL after %s…", c.conns, c.killAfter)
	if rep.Durability, err = checkDurability(ctx, srv.kill, a, dbPath, c.conns, c.killAfter, ids, c.seed+4); err != nil {
		return rep, err
	}
	if n := len(rep.Durability.Missing) + len(rep.Durability.Altered); n > 0 {
		failures = append(failures, fmt.Sprintf("durability: %d of %d acknowledged posts lost or altered after kill -9 (missing %v, altered %v)",
			n, rep.Durability.Acknowledged, firstFew(rep.Durability.Missing), firstFew(rep.Durability.Altered)))
	}
	if len(failures) > 0 {
		return rep, errors.New(strings.Join(failures, "; "))
	}
	return rep, nil
}

// prepareBenchDB creates the bench site with rate limits lifted: the bench posts far faster than
// any reader may. Moderation keeps its defaults, since judging a comment is part of what a post
// costs, except that a flagged comment goes straight to review instead of asking its author first.
func prepareBenchDB(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s already exists; --keep needs a fresh directory", path)
	}
	st, err := sqlstore.Open(ctx, "sqlite:"+path)
	if err != nil {
		return fmt.Errorf("create bench database: %w", err)
	}
	if err := st.PutSite(ctx, &parley.Site{ID: benchSite, Name: "Bench", Settings: parley.SiteSettings{
		PostsPerMin: -1, Moderation: parley.ModerationSettings{NoNudge: true}}}); err != nil {
		st.Close()
		return fmt.Errorf("create bench site: %w", err)
	}
	return st.Close()
}

func printBench(e *env, r *benchReport) {
	w := e.stderr
	fmt.Fprintf(w, "\nParley bench — %d CPUs (%s), %s, %s; load average %s before, %s after\n",
		r.Machine.CPUs, r.Machine.CPUModel, r.Machine.Go, r.Machine.OS, r.Machine.LoadBefore, r.Machine.LoadAfter)
	fmt.Fprintf(w, "Thread of %d published comments (%d more held while filling); first page %d bytes (%s)\n\n",
		r.Comments, r.FillHeld, r.Page.Bytes, orIdentity(r.Page.ContentEncoding))
	fmt.Fprintf(w, "First page, %d connections\n", r.Page.Parley.Conns)
	fmt.Fprintf(w, "  Parley            %s\n", r.Page.Parley)
	fmt.Fprintf(w, "  bare net/http     %s\n", r.Page.Bare)
	fmt.Fprintf(w, "  ratio             %.3f (target ≥ %.2f, p99 < %.0f ms): %s\n\n", r.Page.Ratio, targetReadRatio, targetReadP99ms, verdict(r.Page.Met))
	fmt.Fprintf(w, "Posting comments\n")
	fmt.Fprintf(w, "  %2d clients        %s\n", r.Posts.Concurrent.Conns, r.Posts.Concurrent)
	fmt.Fprintf(w, "                    thread at %d comments, %d posts held\n", r.Posts.Concurrent.ThreadComments, r.Posts.Concurrent.Held)
	fmt.Fprintf(w, "   1 client         %s\n", r.Posts.Single)
	fmt.Fprintf(w, "                    thread at %d comments, %d posts held\n", r.Posts.Single.ThreadComments, r.Posts.Single.Held)
	fmt.Fprintf(w, "  target ≥ %.0f/s with %d clients: %s\n\n", targetPostsPerS, r.Posts.Concurrent.Conns, verdict(r.Posts.Met))
	fmt.Fprintf(w, "Freshness: %d post-then-read checks, %d stale, %d errors (%d posts held, not checked)\n",
		r.Freshness.Checks, r.Freshness.Stale, r.Freshness.Errors, r.Freshness.Held)
	fmt.Fprintf(w, "Durability: %d acknowledged, %d present after kill -9\n\n", r.Durability.Acknowledged, r.Durability.Present)
}

// threadCount is the thread's published comments, as its page reports them.
func threadCount(ctx context.Context, a *api) (int, error) {
	resp, body, err := a.get(ctx, a.pagePath("limit=1"), nil)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET page: %s", resp.Status)
	}
	plain, err := decoded(resp, body)
	if err != nil {
		return 0, err
	}
	var p struct {
		Count int `json:"count"`
	}
	if err := json.Unmarshal(plain, &p); err != nil {
		return 0, fmt.Errorf("page is not JSON: %w", err)
	}
	return p.Count, nil
}

func verdict(met bool) string {
	if met {
		return "met"
	}
	return "below target"
}

func orIdentity(enc string) string {
	if enc == "" {
		return "identity"
	}
	return enc
}

func statusOf(resp *http.Response) string {
	if resp == nil {
		return "no response"
	}
	return resp.Status
}

func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }

func firstFew(ids []int64) []int64 { return ids[:min(len(ids), 10)] }

// loadAvg is the 1, 5 and 15 minute load averages, "" where /proc/loadavg does not exist.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return ""
}

// cpuModel names the processor for the report; "unknown" where /proc/cpuinfo does not exist.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
