package parley_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"parley"
	"parley/markup"
	"parley/sqlstore"
)

// clock is a settable parley.Clock for edit windows and rate limits.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newService(t *testing.T) (*parley.Service, *clock) {
	t.Helper()
	st, err := sqlstore.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c := &clock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
	return &parley.Service{Store: st, Renderer: markup.New(), Clock: c}, c
}

const page = "https://news.example/a"

func post(t *testing.T, s *parley.Service, u *parley.User, parent int64, text string) (*parley.Comment, *parley.User) {
	t.Helper()
	c, user, err := s.Post(context.Background(), parley.PostInput{
		SiteID: parley.DemoSiteID, URL: page, Title: "A", ParentID: parent, Text: text, Name: "Ann", User: u,
	})
	if err != nil {
		t.Fatalf("post %q: %v", text, err)
	}
	return c, user
}

func TestPostValidation(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	cases := []struct {
		name  string
		in    parley.PostInput
		code  string
		field string
	}{
		{"empty text", parley.PostInput{SiteID: "demo", URL: page, Text: "  ", Name: "A"}, parley.EINVALID, "text"},
		{"too long", parley.PostInput{SiteID: "demo", URL: page, Text: strings.Repeat("x", parley.MaxCommentRunes+1), Name: "A"}, parley.EINVALID, "text"},
		{"bad utf8", parley.PostInput{SiteID: "demo", URL: page, Text: "a\xff", Name: "A"}, parley.EINVALID, "text"},
		{"control chars", parley.PostInput{SiteID: "demo", URL: page, Text: "a\x00b", Name: "A"}, parley.EINVALID, "text"},
		{"no name", parley.PostInput{SiteID: "demo", URL: page, Text: "hi"}, parley.EINVALID, "name"},
		{"long name", parley.PostInput{SiteID: "demo", URL: page, Text: "hi", Name: strings.Repeat("n", 51)}, parley.EINVALID, "name"},
		{"relative url", parley.PostInput{SiteID: "demo", URL: "/a", Text: "hi", Name: "A"}, parley.EINVALID, "url"},
		{"javascript url", parley.PostInput{SiteID: "demo", URL: "javascript:alert(1)", Text: "hi", Name: "A"}, parley.EINVALID, "url"},
		{"unknown site", parley.PostInput{SiteID: "nope", URL: page, Text: "hi", Name: "A"}, parley.ENOTFOUND, ""},
		{"missing parent", parley.PostInput{SiteID: "demo", URL: page, Text: "hi", Name: "A", ParentID: 999}, parley.EINVALID, "parent"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := s.Post(ctx, c.in)
			if got := parley.ErrorCode(err); got != c.code {
				t.Fatalf("code = %q (%v), want %q", got, err, c.code)
			}
			var pe *parley.Error
			if c.field != "" && (!asError(err, &pe) || pe.Field != c.field) {
				t.Fatalf("field of %v, want %q", err, c.field)
			}
		})
	}
}

func asError(err error, target **parley.Error) bool {
	e, ok := err.(*parley.Error)
	*target = e
	return ok
}

func TestEditWindowAndOwnership(t *testing.T) {
	s, clk := newService(t)
	ctx := context.Background()
	c, ann := post(t, s, nil, 0, "first")
	_, bo := post(t, s, nil, 0, "second")

	if _, err := s.Edit(ctx, bo, c.ID, "hijack", false, 0); parley.ErrorCode(err) != parley.EFORBIDDEN {
		t.Fatalf("edit by another user: %v, want forbidden", err)
	}
	if _, err := s.Edit(ctx, nil, c.ID, "anon", false, 0); parley.ErrorCode(err) != parley.EUNAUTHORIZED {
		t.Fatalf("edit without identity: %v, want unauthorized", err)
	}
	clk.Add(10 * time.Minute)
	got, err := s.Edit(ctx, ann, c.ID, "**fixed**", false, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got.HTML != "<p><strong>fixed</strong></p>" || got.EditedAt.IsZero() {
		t.Fatalf("edited comment = %+v", got)
	}
	clk.Add(6 * time.Minute)
	if _, err := s.Edit(ctx, ann, c.ID, "late", false, 0); parley.ErrorCode(err) != parley.EFORBIDDEN {
		t.Fatalf("edit after window: %v, want forbidden", err)
	}
	if err := s.Delete(ctx, ann, c.ID); parley.ErrorCode(err) != parley.EFORBIDDEN {
		t.Fatalf("delete after window: %v, want forbidden", err)
	}
}

func TestDeleteKeepsReplies(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	root, ann := post(t, s, nil, 0, "root")
	reply, bo := post(t, s, nil, root.ID, "reply")
	leaf, _ := post(t, s, ann, 0, "lonely")
	if err := s.Delete(ctx, ann, root.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, ann, leaf.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, ann, root.ID); parley.ErrorCode(err) != parley.ENOTFOUND {
		t.Fatalf("second delete: %v, want not_found", err)
	}
	th, err := s.Thread(ctx, "demo", page)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Page(ctx, th, parley.PageQuery{Sort: parley.SortOld})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Comments) != 1 {
		t.Fatalf("page has %d top-level comments, want the placeholder only", len(p.Comments))
	}
	top := p.Comments[0]
	if top.ID != root.ID || top.Status != parley.StatusDeleted || len(top.Replies) != 1 || top.Replies[0].ID != reply.ID {
		t.Fatalf("placeholder = %+v", top)
	}
	if p.Count != 1 {
		t.Fatalf("count = %d, want 1 published", p.Count)
	}
	if _, err := s.Like(ctx, bo, root.ID, true); parley.ErrorCode(err) != parley.ENOTFOUND {
		t.Fatalf("like of deleted: %v", err)
	}
}

func TestLikes(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	c, ann := post(t, s, nil, 0, "likeable")
	_, bo := post(t, s, nil, 0, "other")
	if _, err := s.Like(ctx, ann, c.ID, true); parley.ErrorCode(err) != parley.EFORBIDDEN {
		t.Fatalf("self-like: %v, want forbidden", err)
	}
	for i := 0; i < 2; i++ { // liking twice counts once
		if n, err := s.Like(ctx, bo, c.ID, true); err != nil || n != 1 {
			t.Fatalf("like #%d: n=%d err=%v", i, n, err)
		}
	}
	th, _ := s.Thread(ctx, "demo", page)
	if ids, err := s.Liked(ctx, bo, th.ID); err != nil || len(ids) != 1 || ids[0] != c.ID {
		t.Fatalf("liked = %v, %v", ids, err)
	}
	if n, err := s.Like(ctx, bo, c.ID, false); err != nil || n != 0 {
		t.Fatalf("unlike: n=%d err=%v", n, err)
	}
	if n, err := s.Like(ctx, bo, c.ID, false); err != nil || n != 0 {
		t.Fatalf("second unlike: n=%d err=%v", n, err)
	}
}

func TestRateLimit(t *testing.T) {
	s, clk := newService(t)
	_, ann := post(t, s, nil, 0, "one")
	for i := 1; i < parley.DefaultPostsPerMin; i++ {
		post(t, s, ann, 0, "more")
	}
	_, _, err := s.Post(context.Background(), parley.PostInput{SiteID: "demo", URL: page, Text: "flood", User: ann})
	if parley.ErrorCode(err) != parley.ERATELIMITED {
		t.Fatalf("post over the limit: %v, want rate_limited", err)
	}
	clk.Add(time.Minute + time.Second)
	post(t, s, ann, 0, "later")
}

func TestPagingAndSorts(t *testing.T) {
	s, clk := newService(t)
	ctx := context.Background()
	var ids []int64
	var users []*parley.User
	for i := 0; i < 7; i++ {
		clk.Add(time.Second)
		c, u := post(t, s, nil, 0, "c")
		ids = append(ids, c.ID)
		users = append(users, u)
	}
	// comment 3 gets two likes, comment 5 one: best order starts 3, 5.
	s.Like(ctx, users[0], ids[3], true)
	s.Like(ctx, users[1], ids[3], true)
	s.Like(ctx, users[0], ids[5], true)
	th, _ := s.Thread(ctx, "demo", page)
	walk := func(sort parley.Sort) []int64 {
		var got []int64
		q := parley.PageQuery{Sort: sort, Limit: 3}
		for n := 0; n < 10; n++ {
			p, err := s.Page(ctx, th, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range p.Comments {
				got = append(got, c.ID)
			}
			if p.Next.IsZero() {
				return got
			}
			q.Cursor = p.Next
		}
		t.Fatal("paging did not end")
		return nil
	}
	check := func(sort parley.Sort, want []int64) {
		t.Helper()
		got := walk(sort)
		if len(got) != len(want) {
			t.Fatalf("%s: got %v, want %v", sort, got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%s: got %v, want %v", sort, got, want)
			}
		}
	}
	check(parley.SortOld, ids)
	check(parley.SortNew, []int64{ids[6], ids[5], ids[4], ids[3], ids[2], ids[1], ids[0]})
	check(parley.SortBest, []int64{ids[3], ids[5], ids[6], ids[4], ids[2], ids[1], ids[0]})
}

func TestRepliesBeyondThePage(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	root, _ := post(t, s, nil, 0, "root")
	parent := root.ID
	var all []int64
	for i := 0; i < 60; i++ { // a deep chain: each reply answers the previous one
		c, _ := post(t, s, nil, parent, "r")
		all = append(all, c.ID)
		parent = c.ID
	}
	th, _ := s.Thread(ctx, "demo", page)
	p, err := s.Page(ctx, th, parley.PageQuery{Replies: 50})
	if err != nil {
		t.Fatal(err)
	}
	top := p.Comments[0]
	if top.More != 10 {
		t.Fatalf("more = %d, want 10", top.More)
	}
	depth := 0
	for n := top; len(n.Replies) > 0; n = n.Replies[0] {
		depth++
	}
	if depth != 50 {
		t.Fatalf("loaded depth %d, want 50", depth)
	}
	rest, err := s.Replies(ctx, root.ID, all[49], 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(rest) != 10 || rest[0].ID != all[50] || rest[0].ParentID != all[49] {
		t.Fatalf("rest = %d comments starting %+v", len(rest), rest[0])
	}
	if _, err := s.Replies(ctx, all[0], 0, 10); parley.ErrorCode(err) != parley.EINVALID {
		t.Fatalf("replies of a reply: %v, want invalid", err)
	}
}

func TestMentionsOnlyParticipants(t *testing.T) {
	s, _ := newService(t)
	root, _ := post(t, s, nil, 0, "first") // posted by a guest named Ann
	c, _ := post(t, s, nil, root.ID, "@Ann agreed, but @Zed was not here")
	if !strings.Contains(c.HTML, `<span class="parley-mention">@Ann</span>`) || strings.Contains(c.HTML, `@Zed</span>`) {
		t.Fatalf("mentions rendered as %q", c.HTML)
	}
}
