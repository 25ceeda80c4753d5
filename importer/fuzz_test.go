package importer

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"parley"
)

// checked is a Sink that fails the fuzz run on any record the store could not take.
type checked struct{ t *testing.T }

func (c checked) Site(parley.Site) error { return nil }
func (c checked) Thread(th parley.TransferThread) error {
	if th.Ref == "" || th.Key == "" || !utf8.ValidString(th.Title) {
		c.t.Fatalf("bad thread %+v", th)
	}
	return nil
}
func (c checked) User(u parley.TransferUser) error { return c.user(&u) }
func (c checked) user(u *parley.TransferUser) error {
	if u.SourceID == "" || u.Name == "" || utf8.RuneCountInString(u.Name) > parley.MaxNameRunes ||
		(u.Kind != parley.UserGuest && u.Kind != parley.UserRegistered) {
		c.t.Fatalf("bad user %+v", u)
	}
	return nil
}
func (c checked) Comment(x parley.TransferComment) error {
	if x.SourceID == "" || x.ThreadRef == "" || !x.Status.Valid() || !utf8.ValidString(x.Text) || x.ParentRef == x.Ref ||
		(x.Author == nil && x.AuthorRef == "") {
		c.t.Fatalf("bad comment %+v", x)
	}
	if x.Author != nil {
		return c.user(x.Author)
	}
	return nil
}
func (c checked) Like(parley.TransferLike) error { return nil }

func addSeeds(f *testing.F, files ...string) {
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func FuzzDisqus(f *testing.F) {
	addSeeds(f, "testdata/disqus-sample.xml")
	f.Add([]byte(`<disqus><post dsq:id="1" xmlns:dsq="x"><createdAt>2020-01-01T00:00:00Z</createdAt><thread dsq:id="2"/><parent dsq:id="1"/></post></disqus>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = ReadDisqus(bytes.NewReader(b), checked{t})
	})
}

func FuzzWXR(f *testing.F) {
	addSeeds(f, "testdata/wordpress-sample.xml")
	f.Add([]byte(`<rss><channel><item><link>https://a.example/</link><wp:comment xmlns:wp="http://wordpress.org/export/1.2/"><wp:comment_id>1</wp:comment_id><wp:comment_date>2020-01-01 00:00:00</wp:comment_date></wp:comment></item></channel></rss>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = ReadWXR(bytes.NewReader(b), checked{t})
	})
}

func FuzzParley(f *testing.F) {
	f.Add([]byte(sampleJSONL))
	f.Add([]byte(`{"type":"site","id":"s"}` + "\n" + `{"type":"comment","id":1,"thread":1,"author":1,"parent":1,"status":"published","created_at":"2020-01-01T00:00:00Z","source_id":"x"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = ReadParley(bytes.NewReader(b), checked{t})
	})
}

const sampleJSONL = `{"type":"parley","format":"parley-jsonl","version":1,"instance":"abc","exported_at":"2024-01-01T00:00:00Z"}
{"type":"site","id":"news","name":"News","origins":["https://news.example"],"settings":{"edit_window_seconds":600,"posts_per_min":0,"max_images":0,"image_origins":[]},"created_at":"2024-01-01T00:00:00Z"}
{"type":"thread","id":3,"key":"https://news.example/a/","url":"https://news.example/a/","title":"A","closed":false,"created_at":"2024-01-01T00:00:00Z","source_id":"dsq:thread:9"}
{"type":"user","id":5,"name":"Ada","kind":"registered","role":"reader","source_id":"dsq:user:ada","created_at":"2024-01-01T00:00:00Z"}
{"type":"user","id":6,"name":"Guest","kind":"guest","role":"reader","source_id":"parley:abc:user:6","created_at":"2024-01-01T00:00:00Z"}
{"type":"comment","id":10,"thread":3,"parent":null,"author":5,"text":"Hello **there**","status":"published","likes":1,"created_at":"2024-01-01T10:00:00Z","source_id":"dsq:1"}
{"type":"comment","id":11,"thread":3,"parent":10,"author":6,"text":"","status":"deleted","likes":0,"created_at":"2024-01-01T11:00:00Z","deleted_at":"2024-01-01T12:00:00Z","source_id":"parley:abc:11"}
{"type":"like","user":6,"comment":10,"created_at":"2024-01-02T00:00:00Z"}
{"type":"decision","comment":10,"action":"publish"}
`

// TestParleyRoundTrip: what the Writer writes, ReadParley reads back the same.
func TestParleyRoundTrip(t *testing.T) {
	in := &collect{}
	if err := ReadParley(strings.NewReader(sampleJSONL), in); err != nil {
		t.Fatal(err)
	}
	if len(in.sites) != 1 || len(in.threads) != 1 || len(in.users) != 2 || len(in.comments) != 2 || len(in.likes) != 1 {
		t.Fatalf("read %d sites, %d threads, %d users, %d comments, %d likes", len(in.sites), len(in.threads), len(in.users), len(in.comments), len(in.likes))
	}
	var buf bytes.Buffer
	w := NewWriter(&buf, "abc", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	w.Site(in.sites[0])
	for _, x := range in.threads {
		w.Thread(x)
	}
	for _, x := range in.users {
		w.User(x)
	}
	for _, x := range in.comments {
		x.Line = 0
		w.Comment(x)
	}
	for _, x := range in.likes {
		w.Like(x)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(sampleJSONL, `{"type":"decision","comment":10,"action":"publish"}`+"\n", "", 1)
	if buf.String() != want {
		t.Errorf("round trip differs:\n got %s\nwant %s", buf.String(), want)
	}
}

func TestParleyErrors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		line int
		msg  string
	}{
		{`{"type":"thread","id":1,"key":"k"}`, 1, "before the site"},
		{"{\"type\":\"site\",\"id\":\"s\"}\n\n{not json", 3, "not a JSON object"},
		{"{\"type\":\"site\",\"id\":\"s\"}\n{\"type\":\"comment\",\"id\":1,\"thread\":1,\"author\":1,\"status\":\"shown\",\"created_at\":\"2020-01-01T00:00:00Z\",\"source_id\":\"x\"}", 2, "status"},
		{`{"type":"parley","version":99}`, 1, "newer"},
		{``, 1, "no site record"},
	} {
		err := ReadParley(strings.NewReader(tc.in), &collect{})
		le, ok := err.(*LineError)
		if !ok || le.Line != tc.line || !strings.Contains(le.Msg, tc.msg) {
			t.Errorf("ReadParley(%q) = %v, want line %d mentioning %q", tc.in, err, tc.line, tc.msg)
		}
	}
}
