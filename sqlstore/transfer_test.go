package sqlstore

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"parley"
)

func openTransferStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// records is a TransferSink that keeps what it is given, and replays it into another sink.
type records struct {
	site     parley.Site
	threads  []parley.TransferThread
	users    []parley.TransferUser
	comments []parley.TransferComment
	likes    []parley.TransferLike
	mod      []any // decisions, reports, standings and audit entries, in order
}

func (r *records) Site(s parley.Site) error             { r.site = s; return nil }
func (r *records) Thread(t parley.TransferThread) error { r.threads = append(r.threads, t); return nil }
func (r *records) User(u parley.TransferUser) error     { r.users = append(r.users, u); return nil }
func (r *records) Comment(c parley.TransferComment) error {
	r.comments = append(r.comments, c)
	return nil
}
func (r *records) Like(l parley.TransferLike) error         { r.likes = append(r.likes, l); return nil }
func (r *records) Decision(d parley.TransferDecision) error { r.mod = append(r.mod, d); return nil }
func (r *records) Report(x parley.TransferReport) error     { r.mod = append(r.mod, x); return nil }
func (r *records) Standing(x parley.TransferStanding) error { r.mod = append(r.mod, x); return nil }
func (r *records) Audit(a parley.TransferAudit) error       { r.mod = append(r.mod, a); return nil }
func (r *records) replay(t *testing.T, im *Import) parley.TransferStats {
	t.Helper()
	for _, x := range r.threads {
		must(t, im.Thread(x))
	}
	for _, x := range r.users {
		must(t, im.User(x))
	}
	for _, x := range r.comments {
		must(t, im.Comment(x))
	}
	for _, x := range r.likes {
		must(t, im.Like(x))
	}
	for _, x := range r.mod {
		switch x := x.(type) {
		case parley.TransferDecision:
			must(t, im.Decision(x))
		case parley.TransferReport:
			must(t, im.Report(x))
		case parley.TransferStanding:
			must(t, im.Standing(x))
		case parley.TransferAudit:
			must(t, im.Audit(x))
		}
	}
	stats, err := im.Finish()
	must(t, err)
	return stats
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var t0 = time.Date(2020, 3, 1, 8, 0, 0, 0, time.UTC)

func dsq(id, parent string, minute int, status parley.Status) parley.TransferComment {
	c := parley.TransferComment{Ref: "dsq:" + id, SourceID: "dsq:" + id, ThreadRef: "dsq:thread:1", Text: "post " + id,
		HTML: "<p>post " + id + "</p>", Status: status, CreatedAt: t0.Add(time.Duration(minute) * time.Minute),
		Author: &parley.TransferUser{Name: "Ada", Kind: parley.UserRegistered, SourceID: "dsq:user:ada", CreatedAt: t0}}
	if parent != "" {
		c.ParentRef = "dsq:" + parent
	}
	return c
}

// disqusLike is a damaged export: replies before their parents (4 before 3, 6 before 5 before
// 2), a reply whose parent is not in the file (7 → 99, with 8 under 7) and a parent cycle
// (10 ↔ 11).
func disqusLike() *records {
	return &records{
		threads: []parley.TransferThread{{Ref: "dsq:thread:1", SourceID: "dsq:thread:1", Key: "https://a.example/x", URL: "https://a.example/x", Title: "X", CreatedAt: t0}},
		comments: []parley.TransferComment{
			dsq("1", "", 1, parley.StatusPublished), dsq("4", "3", 4, parley.StatusPublished), dsq("3", "1", 3, parley.StatusPublished),
			dsq("6", "5", 6, parley.StatusDeleted), dsq("5", "2", 5, parley.StatusPublished), dsq("2", "", 2, parley.StatusRejected),
			dsq("8", "7", 8, parley.StatusPublished), dsq("7", "99", 7, parley.StatusPublished),
			dsq("10", "11", 10, parley.StatusPublished), dsq("11", "10", 11, parley.StatusPublished),
		},
	}
}

// tree returns source id → (parent source id, root source id) for a site.
func tree(t *testing.T, s *Store, site string) map[string][2]string {
	t.Helper()
	rows, err := s.read.Query(`SELECT c.source_id, COALESCE(p.source_id, ''), r.source_id FROM comments c
		LEFT JOIN comments p ON p.id = c.parent_id JOIN comments r ON r.id = c.root_id WHERE c.site_id = ?`, site)
	must(t, err)
	defer rows.Close()
	out := map[string][2]string{}
	for rows.Next() {
		var id, parent, root string
		must(t, rows.Scan(&id, &parent, &root))
		out[id] = [2]string{parent, root}
	}
	must(t, rows.Err())
	return out
}

func TestImportTreeFromDamagedFile(t *testing.T) {
	ctx := context.Background()
	s := openTransferStore(t)
	_, err := s.EnsureSite(ctx, &parley.Site{ID: "news"})
	must(t, err)
	for run := 1; run <= 2; run++ {
		im, err := s.BeginImport(ctx, ImportOptions{SiteID: "news", BatchSize: 2})
		must(t, err)
		stats := disqusLike().replay(t, im)
		if run == 1 && (stats.Comments != 10 || stats.Threads != 1 || stats.Users != 1 || stats.Orphans != 2 || stats.Skipped != 0 ||
			stats.Deleted != 1 || stats.Rejected != 1) {
			t.Fatalf("run 1: %+v", stats)
		}
		if run == 2 && (stats.Comments != 0 || stats.Existing != 10 || stats.Threads != 0 || stats.Users != 0) {
			t.Fatalf("run 2 must change nothing: %+v", stats)
		}
		want := map[string][2]string{
			"dsq:1": {"", "dsq:1"}, "dsq:3": {"dsq:1", "dsq:1"}, "dsq:4": {"dsq:3", "dsq:1"},
			"dsq:2": {"", "dsq:2"}, "dsq:5": {"dsq:2", "dsq:2"}, "dsq:6": {"dsq:5", "dsq:2"},
			"dsq:7": {"", "dsq:7"}, "dsq:8": {"dsq:7", "dsq:7"},
			"dsq:10": {"", "dsq:10"}, "dsq:11": {"dsq:10", "dsq:10"},
		}
		if got := tree(t, s, "news"); !reflect.DeepEqual(got, want) {
			t.Fatalf("run %d: tree\n got %v\nwant %v", run, got, want)
		}
	}
	th, err := s.Thread(ctx, "news", "https://a.example/x")
	must(t, err)
	// Five batches in the first run bump the version; the second run writes nothing.
	if th.Version < 2 || th.Version > 10 {
		t.Errorf("thread version %d", th.Version)
	}
	page, err := s.Page(ctx, parley.PageQuery{ThreadID: th.ID, Sort: parley.SortOld, Limit: 10, Replies: 10})
	must(t, err)
	if page.Count != 8 {
		t.Errorf("published count %d, want 8 (not the rejected, not the deleted)", page.Count)
	}
	for _, c := range page.Top {
		if c.SourceID == "dsq:2" {
			t.Error("the rejected comment is on the page")
		}
	}
	var scratch int
	must(t, s.read.QueryRow(`SELECT (SELECT COUNT(*) FROM import_pending) + (SELECT COUNT(*) FROM import_refs)`).Scan(&scratch))
	if scratch != 0 {
		t.Errorf("%d scratch rows left", scratch)
	}
}

func TestImportSkipsWhatCannotBePlaced(t *testing.T) {
	ctx := context.Background()
	s := openTransferStore(t)
	_, err := s.EnsureSite(ctx, &parley.Site{ID: "news"})
	must(t, err)
	im, err := s.BeginImport(ctx, ImportOptions{SiteID: "news"})
	must(t, err)
	c := dsq("1", "", 1, parley.StatusPublished)
	c.ThreadRef = "dsq:thread:nowhere"
	must(t, im.Comment(c))
	stats, err := im.Finish()
	must(t, err)
	if stats.Skipped != 1 || stats.Comments != 0 {
		t.Fatalf("stats %+v", stats)
	}
}

// TestExportImportRoundTrip: a site with native comments, likes, an imported comment and one of
// each moderation record is exported, imported into another database, and exported again:
// nothing is lost. Importing the first export back into its own database changes nothing.
func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	a := openTransferStore(t)
	_, err := a.EnsureSite(ctx, &parley.Site{ID: "news", Origins: []string{"https://news.example"}, Settings: moderatedSettings})
	must(t, err)
	th, err := a.EnsureThread(ctx, &parley.Thread{SiteID: "news", Key: "https://news.example/a", URL: "https://news.example/a", Title: "A", CreatedAt: t0})
	must(t, err)
	ada := &parley.User{Name: "Ada", Kind: parley.UserRegistered, Email: "ada@mail.example", CreatedAt: t0}
	bo := &parley.User{Name: "Bo", Kind: parley.UserGuest, CreatedAt: t0}
	must(t, a.CreateUser(ctx, ada))
	must(t, a.CreateUser(ctx, bo))
	top := &parley.Comment{ThreadID: th.ID, AuthorID: ada.ID, Source: "top *one*", HTML: "<p>top <em>one</em></p>", Status: parley.StatusPublished, CreatedAt: t0}
	must(t, a.CreateComment(ctx, top))
	reply := &parley.Comment{ThreadID: th.ID, ParentID: top.ID, AuthorID: bo.ID, Source: "reply", HTML: "<p>reply</p>", Status: parley.StatusPublished,
		CreatedAt: t0.Add(time.Minute), EditedAt: t0.Add(2 * time.Minute)}
	must(t, a.CreateComment(ctx, reply))
	_, err = a.SetLike(ctx, parley.Like{UserID: bo.ID, CommentID: top.ID, CreatedAt: t0.Add(3 * time.Minute)}, true)
	must(t, err)
	instA, err := a.InstanceID(ctx)
	must(t, err)
	im, err := a.BeginImport(ctx, ImportOptions{SiteID: "news", Instance: instA})
	must(t, err)
	imported := disqusLike()
	imported.threads[0].Key, imported.threads[0].URL = th.Key, th.URL // lands in the native thread
	imported.comments = imported.comments[:3]
	imported.replay(t, im)
	addModerationState(t, a, th.ID, top, reply, bo)

	exp1 := &records{}
	must(t, a.Export(ctx, "news", instA, exp1))
	if len(exp1.threads) != 1 || len(exp1.users) != 5 || len(exp1.comments) != 5 || len(exp1.likes) != 1 || len(exp1.mod) != 10 {
		t.Fatalf("export: %d threads, %d users, %d comments, %d likes, %d moderation records", len(exp1.threads), len(exp1.users),
			len(exp1.comments), len(exp1.likes), len(exp1.mod))
	}

	b := openTransferStore(t)
	_, err = b.EnsureSite(ctx, &exp1.site)
	must(t, err)
	instB, err := b.InstanceID(ctx)
	must(t, err)
	for run := 1; run <= 2; run++ {
		im, err := b.BeginImport(ctx, ImportOptions{SiteID: "news", ByExportID: true, Instance: instB, BatchSize: 2,
			Render: func(src string) (string, error) { return "<p>" + src + "</p>", nil }})
		must(t, err)
		stats := exp1.replay(t, im)
		if run == 2 && (stats.Comments != 0 || stats.Likes != 0 || stats.Users != 0 || stats.Threads != 0 ||
			len(stats.Decisions) != 0 || stats.Reports != 0 || stats.Standings != 0 || stats.Audits != 0) {
			t.Fatalf("second import into B changed something: %+v", stats)
		}
	}
	exp2 := &records{}
	must(t, b.Export(ctx, "news", instB, exp2))
	if got, want := canonical(exp2), canonical(exp1); !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip differs:\n got %v\nwant %v", got, want)
	}
	if got, want := canonicalModeration(exp2), canonicalModeration(exp1); !reflect.DeepEqual(got, want) {
		t.Fatalf("moderation records differ:\n got %q\nwant %q", got, want)
	}
	if !reflect.DeepEqual(exp2.site, exp1.site) {
		t.Errorf("site: %+v, want %+v", exp2.site, exp1.site)
	}

	// Back into A, whose native rows the synthesised source ids name: nothing new.
	im, err = a.BeginImport(ctx, ImportOptions{SiteID: "news", ByExportID: true, Instance: instA})
	must(t, err)
	if stats := exp2.replay(t, im); stats.Comments != 0 || stats.Likes != 0 || stats.Users != 0 || stats.Existing != 5 ||
		len(stats.Decisions) != 0 || stats.Reports != 0 || stats.Standings != 0 || stats.Audits != 0 {
		t.Fatalf("re-import into the source database: %+v", stats)
	}
}

// canonical describes an export without its database ids: every comment by source id with
// its thread key, parent's and author's source ids, text, status and times.
func canonical(r *records) []string {
	threads, users, comments := map[string]string{}, map[string]string{}, map[string]string{}
	for _, t := range r.threads {
		threads[t.Ref] = t.Key + " " + t.Title + " " + t.SourceID
	}
	for _, u := range r.users {
		users[u.Ref] = u.SourceID + " " + u.Name + " " + string(u.Kind) + " " + u.Email
	}
	for _, c := range r.comments {
		comments[c.Ref] = c.SourceID
	}
	var out []string
	for _, c := range r.comments {
		out = append(out, fmt.Sprintf("%s thread=%s parent=%s author=%s text=%q %s/%s likes=%d %v %v %v", c.SourceID, threads[c.ThreadRef],
			comments[c.ParentRef], users[c.AuthorRef], c.Text, c.Status, c.Reason, c.Likes, c.CreatedAt, c.EditedAt, c.DeletedAt))
	}
	for _, l := range r.likes {
		out = append(out, fmt.Sprintf("like %s %s %v", users[l.UserRef], comments[l.CommentRef], l.CreatedAt))
	}
	return out
}
