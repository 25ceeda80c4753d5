package importer

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"os"
	"parley/internal/sharedtest"
	"path/filepath"
	"strings"
	"testing"

	"parley"
)

// collect is a Sink that keeps everything, for tests.
type collect struct {
	sites    []parley.Site
	threads  []parley.TransferThread
	users    []parley.TransferUser
	comments []parley.TransferComment
	likes    []parley.TransferLike
	mod      []any // decisions, reports, standings and audit entries, in file order
}

func (c *collect) Site(s parley.Site) error             { c.sites = append(c.sites, s); return nil }
func (c *collect) Thread(t parley.TransferThread) error { c.threads = append(c.threads, t); return nil }
func (c *collect) User(u parley.TransferUser) error     { c.users = append(c.users, u); return nil }
func (c *collect) Comment(x parley.TransferComment) error {
	c.comments = append(c.comments, x)
	return nil
}
func (c *collect) Like(l parley.TransferLike) error         { c.likes = append(c.likes, l); return nil }
func (c *collect) Decision(d parley.TransferDecision) error { c.mod = append(c.mod, d); return nil }
func (c *collect) Report(r parley.TransferReport) error     { c.mod = append(c.mod, r); return nil }
func (c *collect) Standing(s parley.TransferStanding) error { c.mod = append(c.mod, s); return nil }
func (c *collect) Audit(a parley.TransferAudit) error       { c.mod = append(c.mod, a); return nil }
func (c *collect) byRef() map[string]parley.TransferComment {
	m := map[string]parley.TransferComment{}
	for _, x := range c.comments {
		m[x.Ref] = x
	}
	return m
}

func readWith(t *testing.T, path string, read func(r interface{ Read([]byte) (int, error) }, s Sink) error) *collect {
	t.Helper()
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := &collect{}
	if err := read(f, c); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return c
}

func disqus(r interface{ Read([]byte) (int, error) }, s Sink) error { return ReadDisqus(r, s) }
func wxr(r interface{ Read([]byte) (int, error) }, s Sink) error    { return ReadWXR(r, s) }

// TestDisqusFixture reads the real export and checks every post's parent, status and author
// kind against the file as encoding/xml reads it whole.
func TestDisqusFixture(t *testing.T) {
	path := fixture(t, "disqus-syrian-war-report.xml")
	got := readWith(t, path, disqus)
	var doc struct {
		Posts []struct {
			ID     string `xml:"http://disqus.com/disqus-internals id,attr"`
			Parent struct {
				ID string `xml:"http://disqus.com/disqus-internals id,attr"`
			} `xml:"parent"`
			Deleted bool `xml:"isDeleted"`
			Spam    bool `xml:"isSpam"`
			Author  struct {
				Anonymous bool   `xml:"isAnonymous"`
				Username  string `xml:"username"`
			} `xml:"author"`
		} `xml:"post"`
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(got.threads) != 1 || len(got.comments) != 57 || len(doc.Posts) != 57 {
		t.Fatalf("threads %d, comments %d (file %d), want 1 and 57", len(got.threads), len(got.comments), len(doc.Posts))
	}
	if th := got.threads[0]; th.SourceID != "dsq:thread:6170951835" || !strings.HasPrefix(th.URL, "https://southfront.org/syrian-war-report") {
		t.Errorf("thread = %+v", th)
	}
	byRef := got.byRef()
	var guests, deleted, spam, top int
	for _, p := range doc.Posts {
		c, ok := byRef["dsq:"+p.ID]
		if !ok {
			t.Fatalf("post %s missing", p.ID)
		}
		want := ""
		if p.Parent.ID != "" {
			want = "dsq:" + p.Parent.ID
		} else {
			top++
		}
		if c.ParentRef != want {
			t.Errorf("post %s: parent %q, want %q", p.ID, c.ParentRef, want)
		}
		wantGuest := p.Author.Anonymous || p.Author.Username == ""
		if (c.Author.Kind == parley.UserGuest) != wantGuest {
			t.Errorf("post %s: author kind %s", p.ID, c.Author.Kind)
		}
		if wantGuest {
			guests++
		} else if c.Author.SourceID != "dsq:user:"+p.Author.Username {
			t.Errorf("post %s: author source id %q", p.ID, c.Author.SourceID)
		}
		switch {
		case p.Spam:
			spam++
			if c.Status != parley.StatusRejected || c.Reason != "spam" {
				t.Errorf("spam post %s: status %s reason %q", p.ID, c.Status, c.Reason)
			}
		case p.Deleted:
			deleted++
			if c.Status != parley.StatusDeleted {
				t.Errorf("deleted post %s: status %s", p.ID, c.Status)
			}
		default:
			if c.Status != parley.StatusPublished || c.Text == "" {
				t.Errorf("post %s: status %s, text %q", p.ID, c.Status, c.Text)
			}
		}
	}
	if deleted != 1 || spam != 1 || guests == 0 {
		t.Errorf("deleted %d, spam %d, guests %d; want 1, 1, some", deleted, spam, guests)
	}
	if c := byRef["dsq:3530023757"]; !strings.HasPrefix(c.Text, "> Will Iraq let SAA troops into Syria?") {
		t.Errorf("quoted passage lost: %q", c.Text)
	}
}

// TestWXRFixture reads the WordPress twin of the same thread.
func TestWXRFixture(t *testing.T) {
	path := fixture(t, "wordpress-syrian-war-report.xml")
	got := readWith(t, path, wxr)
	var doc struct {
		Comments []struct {
			ID       string `xml:"comment_id"`
			Parent   string `xml:"comment_parent"`
			Approved string `xml:"comment_approved"`
			UserID   string `xml:"comment_user_id"`
		} `xml:"channel>item>comment"`
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(got.threads) != 1 || len(got.comments) != 57 || len(doc.Comments) != 57 {
		t.Fatalf("threads %d, comments %d (file %d)", len(got.threads), len(got.comments), len(doc.Comments))
	}
	if got.threads[0].SourceID != "wp:post:51337" {
		t.Errorf("thread source id %q", got.threads[0].SourceID)
	}
	byRef := got.byRef()
	want := map[string]parley.Status{"1": parley.StatusPublished, "trash": parley.StatusDeleted, "spam": parley.StatusRejected}
	for _, w := range doc.Comments {
		c := byRef["wp:"+w.ID]
		parent := ""
		if w.Parent != "0" {
			parent = "wp:" + w.Parent
		}
		if c.ParentRef != parent || c.Status != want[w.Approved] {
			t.Errorf("comment %s: parent %q status %s, want %q %s", w.ID, c.ParentRef, c.Status, parent, want[w.Approved])
		}
		if (c.Author.Kind == parley.UserGuest) != (w.UserID == "0") {
			t.Errorf("comment %s: author kind %s for user id %s", w.ID, c.Author.Kind, w.UserID)
		}
	}
	// "blank lines between paragraphs": comment 2 has three paragraphs.
	if c := byRef["wp:2"]; strings.Count(c.Text, "\n\n") != 2 {
		t.Errorf("paragraphs lost: %q", c.Text)
	}
}

func TestDisqusSample(t *testing.T) {
	got := readWith(t, "testdata/disqus-sample.xml", disqus)
	if len(got.threads) != 2 || len(got.comments) != 8 {
		t.Fatalf("threads %d, comments %d", len(got.threads), len(got.comments))
	}
	if th := got.threads[0]; th.Key != "https://news.example/bike-lanes/" || th.Title != "City approves bike lanes & more" {
		t.Errorf("thread 0 = %+v (the fragment must go from the key)", th)
	}
	if !got.threads[1].Closed {
		t.Error("closed thread not closed")
	}
	by := got.byRef()
	cases := []struct {
		ref, parent, author string
		kind                parley.UserKind
		status              parley.Status
		text                string
	}{
		{"dsq:101", "", "dsq:user:adarider", parley.UserRegistered, parley.StatusPublished, "Finally! The **north** route is the one I take.\n\n1\\. first point"},
		{"dsq:102", "dsq:101", "dsq:guest:Guest", parley.UserGuest, parley.StatusPublished, "> the north route\n\nWhich one is that?"},
		{"dsq:103", "dsq:102", "dsq:user:adarider", parley.UserRegistered, parley.StatusPublished, "The one past the *old mill*, see [the map](https://maps.example/mill)."},
		{"dsq:105", "dsq:104", "dsq:guest:Bo Walker:bo@mail.example", parley.UserGuest, parley.StatusPublished, "Replying to a post the file lists after me."},
		{"dsq:104", "", "dsq:user:cydriver", parley.UserRegistered, parley.StatusPublished, "Cars \\<3 parking \\*everywhere\\*"},
		{"dsq:106", "dsq:103", "dsq:user:cydriver", parley.UserRegistered, parley.StatusDeleted, ""},
		{"dsq:107", "", "dsq:user:winbig", parley.UserRegistered, parley.StatusRejected, "Earn money fast at [spam.example](http://spam.example/x)"},
		{"dsq:108", "", "dsq:guest:Guest", parley.UserGuest, parley.StatusPublished, "Where does the money come from?\\\nTaxes, I suppose."},
	}
	for _, tc := range cases {
		c := by[tc.ref]
		if c.ParentRef != tc.parent || c.Author.SourceID != tc.author || c.Author.Kind != tc.kind || c.Status != tc.status || c.Text != tc.text {
			t.Errorf("%s = parent %q author %q %s status %s text %q\nwant parent %q author %q %s status %s text %q", tc.ref,
				c.ParentRef, c.Author.SourceID, c.Author.Kind, c.Status, c.Text, tc.parent, tc.author, tc.kind, tc.status, tc.text)
		}
	}
	if by["dsq:105"].Author.Email != "bo@mail.example" || by["dsq:106"].DeletedAt.IsZero() || by["dsq:107"].Reason != "spam" {
		t.Error("email, deletion time or spam reason lost")
	}
	// The spam flag becomes a decision, so the moderator queue says why; a deletion, which
	// may be the author's, does not.
	if d := by["dsq:107"].Decision; d == nil || d.Action != parley.ActionReject || len(d.Reasons) != 1 || d.Reasons[0].Code != CodeSourceSpam {
		t.Errorf("spam post decision %+v", d)
	}
	for ref, c := range by {
		if c.Decision != nil && ref != "dsq:107" {
			t.Errorf("%s has a decision %+v", ref, c.Decision)
		}
	}
}

func TestWXRSample(t *testing.T) {
	got := readWith(t, "testdata/wordpress-sample.xml", wxr)
	if len(got.threads) != 1 || len(got.comments) != 5 {
		t.Fatalf("threads %d (the page without comments makes none), comments %d (the pingback is skipped)", len(got.threads), len(got.comments))
	}
	by := got.byRef()
	want := map[string]struct {
		parent string
		status parley.Status
	}{
		"wp:1": {"", parley.StatusPublished}, "wp:2": {"wp:1", parley.StatusPending}, "wp:5": {"wp:4", parley.StatusDeleted},
		"wp:4": {"wp:1", parley.StatusPublished}, "wp:6": {"", parley.StatusRejected},
	}
	for ref, w := range want {
		if c := by[ref]; c.ParentRef != w.parent || c.Status != w.status {
			t.Errorf("%s: parent %q status %s, want %q %s", ref, c.ParentRef, c.Status, w.parent, w.status)
		}
	}
	decided := map[string]parley.Action{"wp:2": parley.ActionHold, "wp:5": parley.ActionReject, "wp:6": parley.ActionReject}
	codes := map[string]string{"wp:2": CodeSourcePending, "wp:5": CodeSourceTrash, "wp:6": CodeSourceSpam}
	for ref, c := range by {
		d := c.Decision
		if a, ok := decided[ref]; ok != (d != nil) || ok && (d.Action != a || d.Reasons[0].Code != codes[ref]) {
			t.Errorf("%s (%s): decision %+v", ref, c.Status, d)
		}
	}
	if c := by["wp:1"]; c.Text != "Finally!\n\nThe **north** route\\\nis the one I take." || c.Author.SourceID != "wp:user:news.example:3" ||
		c.CreatedAt.Hour() != 8 {
		t.Errorf("wp:1 = %q by %q at %v (GMT date wanted)", c.Text, c.Author.SourceID, c.CreatedAt)
	}
}

// TestGzip reads a gzipped export the same as the plain one, whatever its name.
func TestGzip(t *testing.T) {
	plain, err := os.ReadFile("testdata/disqus-sample.xml")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(plain)
	zw.Close()
	path := filepath.Join(t.TempDir(), "export.xml")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := readWith(t, path, disqus); len(got.comments) != 8 {
		t.Fatalf("gzip: %d comments", len(got.comments))
	}
}

// TestErrorsNameTheLine: malformed input fails with the line where it is wrong.
func TestErrorsNameTheLine(t *testing.T) {
	head := "<?xml version=\"1.0\"?>\n<disqus xmlns=\"http://disqus.com\" xmlns:dsq=\"http://disqus.com/disqus-internals\">\n"
	post := func(id, extra string) string {
		return "<post dsq:id=\"" + id + "\">\n<message>x</message>\n<createdAt>2020-01-01T00:00:00Z</createdAt>\n" + extra + "<thread dsq:id=\"1\"/>\n</post>\n"
	}
	cases := []struct {
		name, in string
		read     func(r interface{ Read([]byte) (int, error) }, s Sink) error
		line     int
		msg      string
	}{
		{"unclosed tag", head + post("1", "") + "<post dsq:id=\"2\">\n<message>x</mesage>\n", disqus, 9, "malformed XML"},
		{"bad time", head + post("1", "") + "<post dsq:id=\"2\">\n<createdAt>yesterday</createdAt>\n<thread dsq:id=\"1\"/></post>\n</disqus>", disqus, 8, "createdAt"},
		{"not disqus", "<?xml version=\"1.0\"?>\n<rss/>", disqus, 2, "not a Disqus export"},
		{"truncated", head + post("1", ""), disqus, 8, "truncated"},
		{"wxr bad date", "<rss><channel><item><link>https://a.example/</link>\n<wp:comment xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<wp:comment_id>1</wp:comment_id><wp:comment_date_gmt>soon</wp:comment_date_gmt></wp:comment></item></channel></rss>", wxr, 2, "comment_date"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.read(strings.NewReader(tc.in), &collect{})
			var le *LineError
			if !errors.As(err, &le) || le.Line != tc.line || !strings.Contains(le.Msg, tc.msg) {
				t.Fatalf("error = %v, want line %d mentioning %q", err, tc.line, tc.msg)
			}
		})
	}
}

func fixture(t testing.TB, name string) string { return sharedtest.Path(t, "fixtures", name) }
