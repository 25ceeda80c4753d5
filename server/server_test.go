package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"parley"
	"parley/markup"
	"parley/server"
	"parley/sqlstore"
)

type env struct {
	t   *testing.T
	url string
	st  *sqlstore.Store
}

func newEnv(t *testing.T) *env { return newEnvWith(t, nil) }

// newEnvWith is newEnv with the server's configuration adjusted by tune.
func newEnvWith(t *testing.T, tune func(*server.Config)) *env {
	t.Helper()
	ctx := context.Background()
	st, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutSite(ctx, &parley.Site{ID: "news", Origins: []string{"https://news.example"}}); err != nil {
		t.Fatal(err)
	}
	svc := &parley.Service{Store: st, Mod: st, Personal: st, Renderer: markup.New(), Clock: parley.SystemClock{}}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := server.Config{BaseURL: "http://parley.test", Secret: []byte("k"), Log: log, Clock: parley.SystemClock{}, Ping: st.Ping}
	if tune != nil {
		tune(&cfg)
	}
	srv := server.New(svc, cfg)
	runCtx, cancel := context.WithCancel(ctx)
	go srv.Run(runCtx)
	hs := httptest.NewServer(srv)
	t.Cleanup(func() { srv.Close(); hs.Close(); cancel(); st.Close() })
	return &env{t: t, url: hs.URL, st: st}
}

// do sends a request and decodes a JSON answer into out (when non-nil).
func (e *env) do(method, path, token, body string, hdr map[string]string, out any) *http.Response {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.url+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	if out != nil {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			e.t.Fatalf("%s %s: decode: %v", method, path, err)
		}
	}
	return res
}

type apiError struct {
	Error struct{ Code, Message, Field string } `json:"error"`
}

type posted struct {
	Comment struct {
		ID     int64
		Status string
		HTML   string
	}
	User  struct{ ID int64 }
	Token string
}

const article = "https://news.example/story"

func (e *env) post(token string, parent int64, text string) posted {
	e.t.Helper()
	var p posted
	body := fmt.Sprintf(`{"site":"news","url":%q,"parent":%d,"text":%q,"name":"Reader"}`, article, parent, text)
	if res := e.do("POST", "/api/v1/comments", token, body, nil, &p); res.StatusCode != http.StatusCreated {
		e.t.Fatalf("post: status %d", res.StatusCode)
	}
	return p
}

func TestBadInputIsAClearJSONError(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name, method, path, body string
		status                   int
		code, field              string
	}{
		{"malformed", "POST", "/api/v1/comments", "{not json", 400, "invalid", ""},
		{"unknown field", "POST", "/api/v1/comments", `{"site":"news","url":"` + article + `","text":"x","name":"a","admin":true}`, 400, "invalid", "admin"},
		{"wrong type", "POST", "/api/v1/comments", `{"site":"news","url":"` + article + `","text":5}`, 400, "invalid", "text"},
		{"trailing data", "POST", "/api/v1/comments", `{"site":"news"} {}`, 400, "invalid", ""},
		{"huge body", "POST", "/api/v1/comments", `{"text":"` + strings.Repeat("x", 70000) + `"}`, 400, "invalid", ""},
		{"no site", "POST", "/api/v1/comments", `{"url":"` + article + `","text":"x","name":"a"}`, 400, "invalid", "site"},
		{"unknown site", "GET", "/api/v1/comments?site=nope&url=" + article, "", 404, "not_found", ""},
		{"bad sort", "GET", "/api/v1/comments?site=news&url=" + article + "&sort=worst", "", 400, "invalid", "sort"},
		{"bad cursor", "GET", "/api/v1/comments?site=news&url=" + article + "&cursor=x", "", 400, "invalid", "cursor"},
		{"bad id", "GET", "/api/v1/comments/abc", "", 400, "invalid", "id"},
		{"missing comment", "GET", "/api/v1/comments/777", "", 404, "not_found", ""},
		{"no such route", "GET", "/api/v1/nothing", "", 404, "not_found", ""},
		{"edit without identity", "PATCH", "/api/v1/comments/1", `{"text":"x"}`, 401, "unauthorized", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got apiError
			res := e.do(c.method, c.path, "", c.body, nil, &got)
			if res.StatusCode != c.status || got.Error.Code != c.code || got.Error.Field != c.field || got.Error.Message == "" {
				t.Fatalf("status %d, error %+v; want %d %s field %q", res.StatusCode, got.Error, c.status, c.code, c.field)
			}
		})
	}
}

func TestGuestCanChangeOnlyOwnComments(t *testing.T) {
	e := newEnv(t)
	ann := e.post("", 0, "mine")
	bo := e.post("", 0, "theirs")
	if ann.Token == "" || ann.User.ID == bo.User.ID {
		t.Fatalf("guests: %+v %+v", ann, bo)
	}
	path := fmt.Sprintf("/api/v1/comments/%d", ann.Comment.ID)
	var errBody apiError
	if res := e.do("PATCH", path, bo.Token, `{"text":"hijacked"}`, nil, &errBody); res.StatusCode != 403 {
		t.Fatalf("edit by another guest: %d", res.StatusCode)
	}
	forged := fmt.Sprintf("%d.%s", ann.User.ID, strings.SplitN(bo.Token, ".", 2)[1])
	if res := e.do("DELETE", path, forged, "", nil, nil); res.StatusCode != 401 {
		t.Fatalf("delete with a forged token: %d", res.StatusCode)
	}
	if res := e.do("PATCH", path, ann.Token, `{"text":"edited"}`, nil, nil); res.StatusCode != 200 {
		t.Fatalf("own edit: %d", res.StatusCode)
	}
	if res := e.do("DELETE", path, ann.Token, "", nil, nil); res.StatusCode != 204 {
		t.Fatalf("own delete: %d", res.StatusCode)
	}
}

func TestStoredXSSNeverRenders(t *testing.T) {
	e := newEnv(t)
	p := e.post("", 0, `<img src=x onerror=alert(1)> [x](javascript:alert(1)) <script>alert(2)</script>`)
	var page struct{ Comments []struct{ HTML string } }
	e.do("GET", "/api/v1/comments?site=news&url="+article, "", "", nil, &page)
	for _, h := range []string{p.Comment.HTML, page.Comments[0].HTML} {
		for _, bad := range []string{"<img", "onerror", "javascript:", "<script"} {
			if strings.Contains(h, bad) {
				t.Fatalf("rendered %q contains %q", h, bad)
			}
		}
	}
}

func TestCORSAndCookieCSRF(t *testing.T) {
	e := newEnv(t)
	res := e.do("OPTIONS", "/api/v1/comments", "", "", map[string]string{"Origin": "https://news.example", "Access-Control-Request-Method": "POST"}, nil)
	if res.Header.Get("Access-Control-Allow-Origin") != "https://news.example" {
		t.Fatalf("allowed origin not granted: %v", res.Header)
	}
	res = e.do("OPTIONS", "/api/v1/comments", "", "", map[string]string{"Origin": "https://evil.example"}, nil)
	if res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatal("CORS granted to an unknown origin")
	}
	body := fmt.Sprintf(`{"site":"news","url":%q,"text":"x","name":"a"}`, article)
	var errBody apiError
	if res := e.do("POST", "/api/v1/comments", "", body, map[string]string{"Origin": "https://evil.example"}, &errBody); res.StatusCode != 403 {
		t.Fatalf("post from a foreign origin: %d", res.StatusCode)
	}
	ann := e.post("", 0, "with cookie")
	cookie := "parley_token=" + ann.Token
	path := fmt.Sprintf("/api/v1/comments/%d", ann.Comment.ID)
	if res := e.do("DELETE", path, "", "", map[string]string{"Cookie": cookie, "Origin": "https://evil.example"}, nil); res.StatusCode != 403 {
		t.Fatalf("cookie-authenticated delete from a foreign origin: %d", res.StatusCode)
	}
	if res := e.do("DELETE", path, "", "", map[string]string{"Cookie": cookie, "Origin": "https://news.example"}, nil); res.StatusCode != 204 {
		t.Fatalf("cookie-authenticated delete from the site: %d", res.StatusCode)
	}
}

func TestPageCacheIsNeverStale(t *testing.T) {
	e := newEnv(t)
	first := e.post("", 0, "first")
	path := "/api/v1/comments?site=news&sort=new&url=" + article
	res := e.do("GET", path, "", "", nil, nil)
	etag := res.Header.Get("ETag")
	if res := e.do("GET", path, "", "", map[string]string{"If-None-Match": etag}, nil); res.StatusCode != 304 {
		t.Fatalf("revalidation: %d, want 304", res.StatusCode)
	}
	for i := 0; i < parley.DefaultPostsPerMin-1; i++ {
		p := e.post(first.Token, first.Comment.ID, fmt.Sprintf("reply %d", i))
		var page struct {
			Count    int
			Comments []struct{ Replies []struct{ ID int64 } }
		}
		if res := e.do("GET", path, "", "", map[string]string{"If-None-Match": etag}, &page); res.StatusCode != 200 {
			t.Fatalf("after a post the old ETag must not match: %d", res.StatusCode)
		}
		replies := page.Comments[0].Replies
		if page.Count != i+2 || replies[len(replies)-1].ID != p.Comment.ID {
			t.Fatalf("page after acknowledged post %d is stale: count %d", p.Comment.ID, page.Count)
		}
	}
}

func TestLiveUpdates(t *testing.T) {
	e := newEnv(t)
	req, _ := http.NewRequest("GET", e.url+"/api/v1/stream?site=news&url="+article, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	lines := bufio.NewScanner(res.Body)
	lines.Scan() // "retry:" — the stream is open and subscribed from here on
	p := e.post("", 0, "live one")
	for lines.Scan() {
		if strings.HasPrefix(lines.Text(), "data: ") {
			var ev struct{ Comment struct{ ID int64 } }
			json.Unmarshal([]byte(strings.TrimPrefix(lines.Text(), "data: ")), &ev)
			if ev.Comment.ID != p.Comment.ID {
				t.Fatalf("event for comment %d, want %d", ev.Comment.ID, p.Comment.ID)
			}
			return
		}
	}
	t.Fatalf("stream ended without the event: %v", lines.Err())
}

func TestCountsAndMe(t *testing.T) {
	e := newEnv(t)
	a := e.post("", 0, "one")
	b := e.post("", 0, "two")
	e.do("PUT", fmt.Sprintf("/api/v1/comments/%d/like", a.Comment.ID), b.Token, "", nil, nil)
	var counts struct{ Counts map[string]int }
	e.do("GET", "/api/v1/counts?site=news&url="+article+"&url=https://news.example/other", "", "", nil, &counts)
	if counts.Counts[article] != 2 || counts.Counts["https://news.example/other"] != 0 {
		t.Fatalf("counts = %v", counts.Counts)
	}
	var me struct {
		User  *struct{ ID int64 }
		Liked []int64
	}
	e.do("GET", "/api/v1/me?site=news&url="+article, b.Token, "", nil, &me)
	if me.User == nil || me.User.ID != b.User.ID || len(me.Liked) != 1 || me.Liked[0] != a.Comment.ID {
		t.Fatalf("me = %+v", me)
	}
	e.do("GET", "/api/v1/me?site=news", "", "", nil, &me)
	if me.User != nil {
		t.Fatalf("anonymous me = %+v", me)
	}
}

func TestRateLimitedPostsSayWhenToRetry(t *testing.T) {
	e := newEnv(t)
	ann := e.post("", 0, "one")
	body := fmt.Sprintf(`{"site":"news","url":%q,"text":"again"}`, article)
	for i := 0; i < parley.DefaultPostsPerMin; i++ {
		var errBody apiError
		res := e.do("POST", "/api/v1/comments", ann.Token, body, nil, &errBody)
		if res.StatusCode == http.StatusTooManyRequests {
			if i != parley.DefaultPostsPerMin-1 || errBody.Error.Code != "rate_limited" || res.Header.Get("Retry-After") == "" {
				t.Fatalf("limited after %d posts: %+v %v", i+1, errBody, res.Header)
			}
			return
		}
	}
	t.Fatal("never rate limited")
}

func TestStaffAPIIsClosedToReadersAndOtherOrigins(t *testing.T) {
	e := newEnv(t)
	ann := e.post("", 0, "hello")
	var errBody apiError
	if res := e.do("GET", "/api/v1/mod/queue", ann.Token, "", nil, &errBody); res.StatusCode != 401 || errBody.Error.Code != "unauthorized" {
		t.Fatalf("reader token on the staff API: %d %+v", res.StatusCode, errBody)
	}
	if res := e.do("GET", "/api/v1/mod/queue", "", "", map[string]string{"Cookie": "parley_session=forged"}, &errBody); res.StatusCode != 401 {
		t.Fatalf("forged session: %d", res.StatusCode)
	}
	if res := e.do("GET", "/admin/signin?token=nope", "", "", nil, nil); res.StatusCode != 404 {
		t.Fatalf("unknown sign-in link: %d", res.StatusCode)
	}
}

func TestErasedIdentityIsGone(t *testing.T) {
	e := newEnv(t)
	ann := e.post("", 0, "mine")
	if res := e.do("DELETE", "/api/v1/me/data?site=news", ann.Token, "", nil, nil); res.StatusCode != 200 {
		t.Fatalf("erase: %d", res.StatusCode)
	}
	var errBody apiError
	if res := e.do("GET", "/api/v1/me?site=news", ann.Token, "", nil, &errBody); res.StatusCode != 401 || errBody.Error.Code != "unauthorized" {
		t.Fatalf("the erased reader's token still works: %d %+v", res.StatusCode, errBody)
	}
}
