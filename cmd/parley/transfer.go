package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"time"

	"parley"
	"parley/importer"
	"parley/markup"
	"parley/moderation"
	"parley/sqlstore"
	"parley/toxicity"
)

// readers maps an import format to its streaming parser.
var readers = map[string]func(io.Reader, importer.Sink) error{
	"disqus":    importer.ReadDisqus,
	"wordpress": importer.ReadWXR,
	"parley":    importer.ReadParley,
}

const importSynopsis = `import disqus|wordpress|parley FILE [--site ID] [--db DSN] [--moderate]

Imports comments from a Disqus export (FILE.xml or FILE.xml.gz), a WordPress WXR export, or
a Parley export (parley export). The file is read twice: a first pass checks all of it and
writes nothing, so a malformed file fails with FILE:LINE and leaves the database untouched;
the second pass writes in transactions of --batch records. Records already imported (same
source id) are skipped, so an interrupted import is resumed by running it again.
The site is created when missing. With --moderate, the site's moderation policy judges each
comment the source showed and its verdict becomes the status; what the source hid (deleted,
spam) stays hidden. See docs/import-export.md.`

func cmdImport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "import", importSynopsis)
	db := dbFlag(e, fs)
	siteID := fs.String("site", "", "site to import into (required for disqus and wordpress; for parley, overrides the file's site)")
	moderate := fs.Bool("moderate", false, "run the site's moderation policy over each comment the source shows; its verdict becomes the status")
	batch := fs.Int("batch", 1000, "records per transaction")
	quiet := fs.Bool("quiet", false, "no progress bar")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 2 {
		return errors.New("import needs a format and a file: parley import disqus|wordpress|parley FILE --site ID")
	}
	format, path := rest[0], rest[1]
	read, ok := readers[format]
	if !ok {
		return fmt.Errorf("unknown import format %q: want disqus, wordpress or parley", format)
	}
	if *siteID == "" && format != "parley" {
		return fmt.Errorf("import %s needs --site ID (the site is created if it does not exist)", format)
	}
	if *siteID != "" && !validSiteID(*siteID) {
		return fmt.Errorf("--site %q: use 1–64 letters, digits, '-' or '_'", *siteID)
	}
	if *batch <= 0 {
		return errors.New("--batch must be positive")
	}
	start := time.Now()
	out := e.stderr
	if *quiet {
		out = io.Discard
	}

	chk := &checker{}
	if err := readFile(path, read, chk, out, "checking"); err != nil {
		return err
	}
	site := parley.Site{ID: *siteID, Origins: chk.origins()}
	if chk.site != nil {
		site = *chk.site
		if *siteID != "" {
			site.ID, site.Name = *siteID, ""
		}
	}
	if site.ID == "" {
		return fmt.Errorf("%s: no site record and no --site", path)
	}

	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	created, err := st.EnsureSite(ctx, &site)
	if err != nil {
		return fmt.Errorf("create site %s: %w", site.ID, err)
	}
	instance, err := st.InstanceID(ctx)
	if err != nil {
		return fmt.Errorf("instance id: %w", err)
	}
	r := markup.New()
	im, err := st.BeginImport(ctx, sqlstore.ImportOptions{
		SiteID: site.ID, ByExportID: format == "parley", BatchSize: *batch, Instance: instance,
		// The live renderer, with the live default image limit, so imported comments display
		// exactly as native ones do.
		Render: func(src string) (string, error) {
			return r.Render(src, parley.RenderOptions{MaxImages: parley.DefaultMaxImages})
		},
	})
	if err != nil {
		return fmt.Errorf("start import: %w", err)
	}
	var sink importer.Sink = im
	if *moderate {
		// Read back: an existing site keeps its own settings, and the policy judges by those.
		judged, err := st.Site(ctx, site.ID)
		if err != nil {
			im.Abort()
			return fmt.Errorf("site %s: %w", site.ID, err)
		}
		sink = &moderating{Sink: im, ctx: ctx, policy: moderation.New(toxicity.Default()), site: judged, now: time.Now}
	}
	if err := readFile(path, read, sink, out, "importing"); err != nil {
		im.Abort()
		return err
	}
	stats, err := im.Finish()
	if err != nil {
		im.Abort()
		return fmt.Errorf("%s: finish import: %w", path, err)
	}
	how := "into existing site"
	if created {
		how = "into new site"
	}
	printImportSummary(e.stderr, path, how, site.ID, stats, time.Since(start))
	return nil
}

// readFile runs one pass of a parser over the file, with a progress bar, and names the file
// and line in any error.
func readFile(path string, read func(io.Reader, importer.Sink) error, sink importer.Sink, out io.Writer, label string) error {
	f, err := importer.Open(path)
	if err != nil {
		return err // names the file already
	}
	defer f.Close()
	p := &progress{w: out, label: label, file: f, start: time.Now()}
	err = read(f, &counted{Sink: sink, p: p})
	p.finish()
	if err != nil {
		var le *importer.LineError
		if errors.As(err, &le) {
			return fmt.Errorf("%s:%d: %s", path, le.Line, le.Msg)
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// checker is the first pass: the parsers validate every record; it collects what the site
// needs before anything is written.
type checker struct {
	site  *parley.Site
	hosts map[string]bool
}

func (c *checker) Site(s parley.Site) error {
	if c.site != nil && c.site.ID != s.ID {
		return fmt.Errorf("the file holds two sites (%s and %s); import one export at a time", c.site.ID, s.ID)
	}
	c.site = &s
	return nil
}

// Thread collects the origins of the threads' links for a site that has to be created
// (a handful; the cap keeps a file of odd links from growing the list without end).
func (c *checker) Thread(t parley.TransferThread) error {
	if c.hosts == nil {
		c.hosts = map[string]bool{}
	}
	if u, err := url.Parse(t.URL); err == nil && u.Host != "" && len(c.hosts) < 100 {
		c.hosts[u.Scheme+"://"+u.Host] = true
	}
	return nil
}

func (c *checker) origins() []string {
	out := make([]string, 0, len(c.hosts))
	for o := range c.hosts {
		out = append(out, o)
	}
	sort.Strings(out)
	return out
}

func (c *checker) User(parley.TransferUser) error         { return nil }
func (c *checker) Comment(parley.TransferComment) error   { return nil }
func (c *checker) Like(parley.TransferLike) error         { return nil }
func (c *checker) Decision(parley.TransferDecision) error { return nil }
func (c *checker) Report(parley.TransferReport) error     { return nil }
func (c *checker) Standing(parley.TransferStanding) error { return nil }
func (c *checker) Audit(parley.TransferAudit) error       { return nil }

// counted passes records on and ticks the progress bar.
type counted struct {
	importer.Sink
	p *progress
}

func (c *counted) Comment(r parley.TransferComment) error {
	c.p.tick()
	return c.Sink.Comment(r)
}

// progress draws a one-line bar on stderr: bytes of the file read (compressed bytes for a
// .gz), comments so far and their rate. It redraws at most five times a second.
type progress struct {
	w           io.Writer
	label       string
	file        *importer.File
	start, last time.Time
	n           int
}

func (p *progress) tick() {
	p.n++
	if p.n%128 != 0 {
		return
	}
	if now := time.Now(); now.Sub(p.last) >= 200*time.Millisecond {
		p.last = now
		p.draw(now)
	}
}

func (p *progress) draw(now time.Time) {
	frac := 1.0
	if p.file.Size > 0 {
		frac = min(1, float64(p.file.Done())/float64(p.file.Size))
	}
	const width = 30
	full := int(frac * width)
	rate := float64(p.n) / max(now.Sub(p.start).Seconds(), 1e-3)
	fmt.Fprintf(p.w, "\r%-9s [%s%s] %3.0f%%  %d comments  %.0f/s ", p.label,
		strings.Repeat("#", full), strings.Repeat(".", width-full), 100*frac, p.n, rate)
}

func (p *progress) finish() {
	p.draw(time.Now())
	fmt.Fprintln(p.w)
}

const exportSynopsis = `export --site ID [--db DSN] > site.jsonl

Writes everything of a site to stdout as JSON lines, one object per line with a "type":
site, thread, user, comment, like, decision, report, standing, audit. The format is in docs/import-export.md; "parley import
parley FILE" reads it back.`

func cmdExport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "export", exportSynopsis)
	db := dbFlag(e, fs)
	siteID := fs.String("site", "", "site to export (required)")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("export takes no arguments, got %q (it writes to stdout)", rest[0])
	}
	if *siteID == "" {
		return errors.New("export needs --site ID")
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	instance, err := st.InstanceID(ctx)
	if err != nil {
		return fmt.Errorf("instance id: %w", err)
	}
	w := importer.NewWriter(e.stdout, instance, time.Now())
	n := &tally{Sink: w}
	if err := st.Export(ctx, *siteID, instance, n); err != nil {
		return fmt.Errorf("export site %s: %w", *siteID, err)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	fmt.Fprintf(e.stderr, "exported site %s: %d threads, %d users, %d comments, %d likes, %d decisions, %d reports, %d bans, %d audit entries\n",
		*siteID, n.threads, n.users, n.comments, n.likes, n.decisions, n.reports, n.standings, n.audits)
	return nil
}

// tally counts what passes through, for the summary.
type tally struct {
	importer.Sink
	threads, users, comments, likes       int
	decisions, reports, standings, audits int
}

func (t *tally) Thread(r parley.TransferThread) error { t.threads++; return t.Sink.Thread(r) }
func (t *tally) User(r parley.TransferUser) error     { t.users++; return t.Sink.User(r) }
func (t *tally) Comment(r parley.TransferComment) error {
	t.comments++
	return t.Sink.Comment(r)
}
func (t *tally) Like(r parley.TransferLike) error { t.likes++; return t.Sink.Like(r) }
func (t *tally) Decision(r parley.TransferDecision) error {
	t.decisions++
	return t.Sink.Decision(r)
}
func (t *tally) Report(r parley.TransferReport) error { t.reports++; return t.Sink.Report(r) }
func (t *tally) Standing(r parley.TransferStanding) error {
	t.standings++
	return t.Sink.Standing(r)
}
func (t *tally) Audit(r parley.TransferAudit) error { t.audits++; return t.Sink.Audit(r) }
