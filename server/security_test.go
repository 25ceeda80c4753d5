package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"parley/internal/htmltest"
	"path/filepath"
	"strings"
	"testing"

	"parley"
	"parley/markup"
	"parley/server"
	"parley/sqlstore"
)

// holdModerator holds comments that say HOLD and rejects those that say REJECT, so these tests
// control what is hidden without depending on the classifier.
type holdModerator struct{}

func (holdModerator) Decide(_ context.Context, in parley.ModerationInput) parley.Decision {
	d := parley.Decision{Action: parley.ActionPublish, Scores: map[string]float64{"toxicity": 0.1}}
	switch {
	case strings.Contains(in.Text, "REJECT"):
		d.Action, d.Reasons = parley.ActionReject, []parley.Reason{{Code: "banned_word", Detail: "REJECT"}}
	case strings.Contains(in.Text, "HOLD"):
		d.Action, d.Reasons = parley.ActionHold, []parley.Reason{{Code: "links", Detail: "HOLD"}}
	}
	return d
}

func (holdModerator) Temperature([]parley.ScoredComment) parley.Temperature {
	return parley.Temperature{}
}

// secEnv is newEnv with moderation, staff accounts and a second site.
type secEnv struct {
	*env
	svc *parley.Service
	h   http.Handler
}

const (
	ownOrigin = "http://parley.test"
	otherPage = "https://other.example/page"
)

func newSecEnv(t testing.TB) *secEnv {
	t.Helper()
	ctx := context.Background()
	st, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*parley.Site{
		{ID: "news", Origins: []string{"https://news.example"}},
		{ID: "other", Origins: []string{"https://other.example"}},
		{ID: "fuzz", Settings: parley.SiteSettings{PostsPerMin: -1}}, // no rate limits to stop a fuzzer
	} {
		if err := st.PutSite(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	svc := &parley.Service{Store: st, Mod: st, Personal: st, Moderator: holdModerator{}, Renderer: markup.New(), Clock: parley.SystemClock{}}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := server.New(svc, server.Config{BaseURL: ownOrigin, Secret: []byte("k"), Log: log, Clock: parley.SystemClock{}, Ping: st.Ping})
	runCtx, cancel := context.WithCancel(ctx)
	go srv.Run(runCtx)
	hs := httptest.NewServer(srv)
	t.Cleanup(func() { srv.Close(); hs.Close(); cancel(); st.Close() })
	tt, _ := t.(*testing.T)
	return &secEnv{env: &env{t: tt, url: hs.URL, st: st}, svc: svc, h: srv}
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// staff creates a staff account and signs it in, returning its session cookie header.
func (e *secEnv) staff(email string, role parley.Role, site string) (string, *parley.User) {
	e.t.Helper()
	u, tok, err := e.svc.CreateStaff(context.Background(), email, role, site)
	if err != nil {
		e.t.Fatal(err)
	}
	res := e.signIn(tok, e.url)
	for _, c := range res.Cookies() {
		if c.Name == "parley_session" {
			return "parley_session=" + c.Value, u
		}
	}
	e.t.Fatalf("sign-in set no session cookie: %d", res.StatusCode)
	return "", nil
}

// signIn submits the sign-in form for tok as a browser on origin would.
func (e *secEnv) signIn(tok, origin string) *http.Response {
	e.t.Helper()
	req, _ := http.NewRequest("POST", e.url+"/admin/signin", strings.NewReader(url.Values{"token": {tok}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", origin)
	res, err := noRedirect.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	res.Body.Close()
	return res
}

// postTo posts to a site's page as token (a new guest when empty) and returns the answer.
func (e *secEnv) postTo(site, page, token, text string) posted {
	e.t.Helper()
	var p posted
	body := fmt.Sprintf(`{"site":%q,"url":%q,"text":%q,"name":"Reader"}`, site, page, text)
	if res := e.do("POST", "/api/v1/comments", token, body, nil, &p); res.StatusCode != http.StatusCreated {
		e.t.Fatalf("post %q: status %d", text, res.StatusCode)
	}
	return p
}

func staffHdr(cookie string) map[string]string {
	return map[string]string{"Cookie": cookie, "Origin": ownOrigin}
}

// Every staff route refuses a reader, whether they bring their guest token as a bearer or as
// the readers' cookie.
func TestReaderTokenNeverOpensAnyStaffRoute(t *testing.T) {
	e := newSecEnv(t)
	ann := e.postTo("news", article, "", "hello")
	routes := [][2]string{
		{"GET", "/api/v1/mod/me"}, {"GET", "/api/v1/mod/overview"}, {"GET", "/api/v1/mod/queue"},
		{"POST", "/api/v1/mod/comments/1"}, {"POST", "/api/v1/mod/bans"}, {"POST", "/api/v1/mod/bulk"},
		{"GET", "/api/v1/mod/audit"}, {"POST", "/api/v1/mod/threads/1/recheck"}, {"GET", "/api/v1/mod/users/1?site=news"},
		{"GET", "/api/v1/mod/users/1/data?site=news"}, {"DELETE", "/api/v1/mod/users/1/data?site=news"},
		{"GET", "/api/v1/mod/sites/news"}, {"PUT", "/api/v1/mod/sites/news"},
	}
	for _, r := range routes {
		for _, hdr := range []map[string]string{nil, {"Cookie": "parley_token=" + ann.Token, "Origin": ownOrigin}} {
			tok := ann.Token
			if hdr != nil {
				tok = ""
			}
			var got apiError
			res := e.do(r[0], r[1], tok, `{}`, hdr, &got)
			if res.StatusCode != 401 || got.Error.Code != "unauthorized" {
				t.Errorf("%s %s as a reader: %d %+v", r[0], r[1], res.StatusCode, got.Error)
			}
		}
	}
}

// A moderator of one site can neither see nor change anything of another, through any route
// or filter.
func TestModeratorOfOneSiteCannotReachAnother(t *testing.T) {
	e := newSecEnv(t)
	held := e.postTo("news", article, "", "HOLD this on news")
	ctx := context.Background()
	th, err := e.svc.Thread(ctx, "news", article)
	if err != nil {
		t.Fatal(err)
	}
	mod, _ := e.staff("mod@other.example", parley.RoleModerator, "other")
	e.postTo("other", otherPage, "", "HOLD this on other")
	uid, cid := held.User.ID, held.Comment.ID
	forbidden := []struct{ method, path, body string }{
		{"GET", "/api/v1/mod/queue?site=news", ""},
		{"POST", fmt.Sprintf("/api/v1/mod/comments/%d", cid), `{"action":"approve"}`},
		{"POST", fmt.Sprintf("/api/v1/mod/comments/%d", cid), `{"action":"edit","text":"defaced"}`},
		{"POST", "/api/v1/mod/bans", fmt.Sprintf(`{"site":"news","user":%d,"kind":"ban"}`, uid)},
		{"POST", "/api/v1/mod/bulk", fmt.Sprintf(`{"site":"news","user":%d,"action":"approve"}`, uid)},
		{"POST", "/api/v1/mod/bulk", `{"site":"news","text":"HOLD","action":"reject"}`},
		{"GET", fmt.Sprintf("/api/v1/mod/users/%d?site=news", uid), ""},
		{"GET", fmt.Sprintf("/api/v1/mod/users/%d/data?site=news", uid), ""},
		{"DELETE", fmt.Sprintf("/api/v1/mod/users/%d/data?site=news", uid), ""},
		{"GET", "/api/v1/mod/sites/news", ""},
		{"PUT", "/api/v1/mod/sites/news", `{"mode":"post"}`},
		{"PUT", "/api/v1/mod/sites/other", `{"mode":"post"}`}, // settings are for admins only
		{"POST", fmt.Sprintf("/api/v1/mod/threads/%d/recheck", th.ID), ""},
	}
	for _, f := range forbidden {
		var got apiError
		if res := e.do(f.method, f.path, "", f.body, staffHdr(mod), &got); res.StatusCode != 403 || got.Error.Code != "forbidden" {
			t.Errorf("%s %s by another site's moderator: %d %+v", f.method, f.path, res.StatusCode, got.Error)
		}
	}
	// Filters that name the other site's thread or user find nothing.
	for _, q := range []string{"", "?queue=all", fmt.Sprintf("?thread=%d&queue=all", th.ID), fmt.Sprintf("?user=%d&queue=all", uid), "?text=news&queue=all"} {
		var got struct{ Items []struct{ Site string } }
		e.do("GET", "/api/v1/mod/queue"+q, "", "", staffHdr(mod), &got)
		for _, it := range got.Items {
			if it.Site != "other" {
				t.Errorf("queue%s shows an item of site %q", q, it.Site)
			}
		}
	}
	var audit struct{ Entries []struct{ Site string } }
	e.do("GET", "/api/v1/mod/audit", "", "", staffHdr(mod), &audit)
	for _, a := range audit.Entries {
		if a.Site != "other" {
			t.Errorf("audit shows site %q", a.Site)
		}
	}
	c, err := e.st.Comment(ctx, cid)
	if err != nil || c.Status != parley.StatusPending || c.Source != "HOLD this on news" {
		t.Fatalf("news comment changed by another site's moderator: %+v %v", c, err)
	}
}

// Staff writes ride a cookie, so they must come from the dashboard's own origin.
func TestStaffWritesNeedTheServersOrigin(t *testing.T) {
	e := newSecEnv(t)
	held := e.postTo("news", article, "", "HOLD me")
	admin, _ := e.staff("boss@news.example", parley.RoleAdmin, "")
	path := fmt.Sprintf("/api/v1/mod/comments/%d", held.Comment.ID)
	for _, hdr := range []map[string]string{
		{"Cookie": admin, "Origin": "https://evil.example"},
		{"Cookie": admin, "Origin": "null"},
		{"Cookie": admin, "Referer": "https://evil.example/admin/"},
		{"Cookie": admin, "Sec-Fetch-Site": "cross-site"},
		{"Cookie": admin},
	} {
		var got apiError
		if res := e.do("POST", path, "", `{"action":"approve"}`, hdr, &got); res.StatusCode != 403 {
			t.Errorf("staff write with %v: %d", hdr, res.StatusCode)
		}
	}
	if res := e.do("POST", path, "", `{"action":"approve"}`, staffHdr(admin), nil); res.StatusCode != 200 {
		t.Fatalf("staff write from the dashboard: %d", res.StatusCode)
	}
}

// A sign-in link works once, sets a strict HttpOnly cookie and sends the browser to the
// dashboard only: no parameter can turn it into a redirect elsewhere.
func TestSignInLinkIsOneTimeAndRedirectsOnlyHome(t *testing.T) {
	e := newSecEnv(t)
	_, tok, err := e.svc.CreateStaff(context.Background(), "boss@news.example", parley.RoleAdmin, "")
	if err != nil {
		t.Fatal(err)
	}
	// Opening the link (as a mail scanner or chat preview would, twice) spends nothing.
	for range 2 {
		res, err := noRedirect.Get(e.url + "/admin/signin?token=" + tok)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("Set-Cookie") != "" || !strings.Contains(string(body), `method="post"`) {
			t.Fatalf("opening a sign-in link: %d %q", res.StatusCode, body)
		}
	}
	// Another site cannot submit the form to sign this browser into an account it chose.
	if res := e.signIn(tok, "https://evil.example"); res.StatusCode != http.StatusForbidden || res.Header.Get("Set-Cookie") != "" {
		t.Fatalf("sign-in posted from another origin: %d", res.StatusCode)
	}
	req, _ := http.NewRequest("POST", e.url+"/admin/signin?next=https://evil.example&redirect=//evil.example",
		strings.NewReader(url.Values{"token": {tok}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", e.url)
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/" {
		t.Fatalf("sign-in: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	var sess *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "parley_session" {
			sess = c
		}
	}
	if sess == nil || !sess.HttpOnly || sess.SameSite != http.SameSiteStrictMode || sess.Value == tok {
		t.Fatalf("session cookie: %+v", sess)
	}
	if res := e.signIn(tok, e.url); res.StatusCode != 404 || res.Header.Get("Set-Cookie") != "" {
		t.Fatalf("second use of a sign-in link: %d", res.StatusCode)
	}
	res, err = noRedirect.Get(e.url + "/admin/signin?token=" + tok)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 404 || res.Header.Get("Set-Cookie") != "" || strings.Contains(string(body), "<script") {
		t.Fatalf("opening a used sign-in link: %d %q", res.StatusCode, body)
	}
	res, _ = noRedirect.Get(e.url + "/admin/signin?token=" + url.QueryEscape("<script>alert(1)</script>"))
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if strings.Contains(string(body), "<script>alert") {
		t.Fatalf("sign-in error page reflects markup: %q", body)
	}
}

// A hostile queue filter reaches SQLite only as a bound parameter: it matches nothing and
// breaks nothing.
func TestQueueCategoryIsOnlyAParameter(t *testing.T) {
	e := newSecEnv(t)
	e.postTo("news", article, "", "HOLD me")
	admin, _ := e.staff("boss@news.example", parley.RoleAdmin, "")
	for _, cat := range []string{`x[`, `a"b`, `toxicity') OR 1=1 --`, `$.x`, `toxicity" OR 1=1`} {
		var got struct{ Items []json.RawMessage }
		res := e.do("GET", "/api/v1/mod/queue?min_score=0.05&category="+url.QueryEscape(cat), "", "", staffHdr(admin), &got)
		if res.StatusCode != 200 || len(got.Items) != 0 {
			t.Errorf("category %q: %d, %d items", cat, res.StatusCode, len(got.Items))
		}
	}
	var ok struct{ Items []json.RawMessage }
	if res := e.do("GET", "/api/v1/mod/queue?category=toxicity&min_score=0.05", "", "", staffHdr(admin), &ok); res.StatusCode != 200 || len(ok.Items) != 1 {
		t.Fatalf("a real category: %d, %d items", res.StatusCode, len(ok.Items))
	}
}

// A site that lets any page embed it ("*", possible through an imported site record) must not
// thereby let any page act with a reader's cookie: the wildcard earns CORS without credentials
// and never passes the cookie CSRF check.
func TestWildcardOriginGrantsNoCredentials(t *testing.T) {
	e := newSecEnv(t)
	if err := e.st.PutSite(context.Background(), &parley.Site{ID: "open", Origins: []string{"*"}}); err != nil {
		t.Fatal(err)
	}
	// No request has filled the server's origin cache yet, so the first one sees "open".
	evil := map[string]string{"Origin": "https://evil.example", "Access-Control-Request-Method": "DELETE"}
	res := e.do("OPTIONS", "/api/v1/me/data?site=news", "", "", evil, nil)
	if res.Header.Get("Access-Control-Allow-Credentials") == "true" {
		t.Fatalf("credentials granted to any origin: %v", res.Header)
	}
	// The bearer-token widget still works from anywhere on the open site.
	p := e.postTo("open", "https://anywhere.example/a", "", "hello")
	body := `{"site":"open","url":"https://anywhere.example/a","text":"again"}`
	if res := e.do("POST", "/api/v1/comments", p.Token, body, map[string]string{"Origin": "https://anywhere.example"}, nil); res.StatusCode != 201 {
		t.Fatalf("bearer post from an embedding page of the open site: %d", res.StatusCode)
	}
	ann := e.postTo("news", article, "", "mine")
	cookie := map[string]string{"Cookie": "parley_token=" + ann.Token, "Origin": "https://evil.example"}
	for _, r := range [][2]string{{"DELETE", "/api/v1/me/data?site=news"}, {"DELETE", fmt.Sprintf("/api/v1/comments/%d", ann.Comment.ID)}} {
		var got apiError
		if res := e.do(r[0], r[1], "", "", cookie, &got); res.StatusCode != 403 {
			t.Errorf("%s %s with the cookie from a foreign origin: %d", r[0], r[1], res.StatusCode)
		}
	}
	if c, err := e.st.Comment(context.Background(), ann.Comment.ID); err != nil || c.Status != parley.StatusPublished {
		t.Fatalf("comment after the refused requests: %+v %v", c, err)
	}
}

// Held, rejected and shadow-banned comments reach nobody but (disguised) their author: not the
// thread, not /comments/{id}, not /replies, not another reader's /me, not the author's public
// profile, not the live stream.
func TestHiddenCommentsReachNoOneElse(t *testing.T) {
	e := newSecEnv(t)
	ann := e.postTo("news", article, "", "visible root")
	bo := e.postTo("news", article, "", "bo is here")
	held := e.postTo("news", article, ann.Token, "HOLD secret held")
	rejected := e.postTo("news", article, bo.Token, "REJECT secret rejected")
	admin, _ := e.staff("boss@news.example", parley.RoleAdmin, "")
	if res := e.do("POST", "/api/v1/mod/bans", "", fmt.Sprintf(`{"site":"news","user":%d,"kind":"shadow_ban"}`, bo.User.ID), staffHdr(admin), nil); res.StatusCode != 204 {
		t.Fatalf("shadow ban: %d", res.StatusCode)
	}
	shadow := e.postTo("news", article, bo.Token, "secret shadow")
	if shadow.Comment.Status != "published" {
		t.Fatalf("a shadow-banned author must see their comment as published, got %q", shadow.Comment.Status)
	}
	// A published reply under a root a moderator then rejects goes with its root.
	root := e.postTo("news", article, ann.Token, "root to be rejected")
	carl := e.postTo("news", "https://news.example/other", "", "carl elsewhere")
	var r posted
	body := fmt.Sprintf(`{"site":"news","url":%q,"parent":%d,"text":"secret reply under rejected root"}`, article, root.Comment.ID)
	if res := e.do("POST", "/api/v1/comments", carl.Token, body, nil, &r); res.StatusCode != 201 {
		t.Fatalf("reply: %d", res.StatusCode)
	}
	if res := e.do("POST", fmt.Sprintf("/api/v1/mod/comments/%d", root.Comment.ID), "", `{"action":"reject"}`, staffHdr(admin), nil); res.StatusCode != 200 {
		t.Fatalf("reject root: %d", res.StatusCode)
	}

	public := []string{
		"/api/v1/comments?site=news&url=" + article,
		"/api/v1/comments?site=news&sort=new&url=" + article,
		fmt.Sprintf("/api/v1/users/%d/comments?site=news", ann.User.ID),
		fmt.Sprintf("/api/v1/users/%d/comments?site=news", bo.User.ID),
		fmt.Sprintf("/api/v1/comments/%d/replies", root.Comment.ID),
	}
	for _, p := range public {
		res, err := http.Get(e.url + p)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if strings.Contains(string(b), "secret") {
			t.Errorf("GET %s shows a hidden comment: %s", p, b)
		}
	}
	for _, id := range []int64{held.Comment.ID, rejected.Comment.ID, shadow.Comment.ID, root.Comment.ID} {
		if res := e.do("GET", fmt.Sprintf("/api/v1/comments/%d", id), "", "", nil, nil); res.StatusCode != 404 {
			t.Errorf("GET /comments/%d of a hidden comment: %d", id, res.StatusCode)
		}
		if res := e.do("PUT", fmt.Sprintf("/api/v1/comments/%d/like", id), carl.Token, "", nil, nil); res.StatusCode != 404 {
			t.Errorf("like of hidden comment %d: %d", id, res.StatusCode)
		}
	}
	var me struct{ Own []struct{ ID int64 } }
	e.do("GET", "/api/v1/me?site=news&url="+article, carl.Token, "", nil, &me)
	if len(me.Own) != 0 {
		t.Errorf("another reader's /me lists %+v", me.Own)
	}
	e.do("GET", "/api/v1/me?site=news&url="+article, ann.Token, "", nil, &me)
	if len(me.Own) != 1 || me.Own[0].ID != held.Comment.ID {
		t.Errorf("the author's /me should list their held comment only: %+v", me.Own)
	}
}

// A shadow-banned author must not be able to find out: their comment behaves like a published
// one for them — they can edit it within the window and the answer still says published.
func TestShadowBanDoesNotGiveItselfAway(t *testing.T) {
	e := newSecEnv(t)
	bo := e.postTo("news", article, "", "first")
	admin, _ := e.staff("boss@news.example", parley.RoleAdmin, "")
	if res := e.do("POST", "/api/v1/mod/bans", "", fmt.Sprintf(`{"site":"news","user":%d,"kind":"shadow_ban"}`, bo.User.ID), staffHdr(admin), nil); res.StatusCode != 204 {
		t.Fatalf("shadow ban: %d", res.StatusCode)
	}
	c := e.postTo("news", article, bo.Token, "shadowed")
	var edited struct{ Comment struct{ Status, HTML string } }
	var errBody apiError
	res := e.do("PATCH", fmt.Sprintf("/api/v1/comments/%d", c.Comment.ID), bo.Token, `{"text":"shadowed, edited"}`, nil, &edited)
	if res.StatusCode != 200 || edited.Comment.Status != "published" || !strings.Contains(edited.Comment.HTML, "edited") {
		e.do("PATCH", fmt.Sprintf("/api/v1/comments/%d", c.Comment.ID), bo.Token, `{"text":"shadowed, edited"}`, nil, &errBody)
		t.Fatalf("edit by a shadow-banned author: %d %+v %+v", res.StatusCode, edited, errBody)
	}
	if got, _ := e.st.Comment(context.Background(), c.Comment.ID); got.Status != parley.StatusRejected {
		t.Fatalf("the edit published a shadow-banned comment: %q", got.Status)
	}
	// A comment a moderator rejected outright stays uneditable.
	ann := e.postTo("news", article, "", "REJECT me")
	if res := e.do("PATCH", fmt.Sprintf("/api/v1/comments/%d", ann.Comment.ID), ann.Token, `{"text":"nice now"}`, nil, nil); res.StatusCode != 403 {
		t.Fatalf("edit of a rejected comment: %d", res.StatusCode)
	}
}

var knownCodes = map[string]int{
	"invalid": 400, "unauthorized": 401, "forbidden": 403, "not_found": 404, "conflict": 409,
	"rate_limited": 429, "nudge": 422,
}

// FuzzPostComment sends arbitrary bodies through the real POST /api/v1/comments handler: no
// body may cause a 5xx, every refusal is the JSON error shape with a known code and its
// status, and whatever is stored renders to inert HTML.
func FuzzPostComment(f *testing.F) {
	for _, seed := range []string{
		`{"site":"fuzz","url":"https://f.example/a","text":"hello *there*","name":"Ann"}`,
		`{"site":"fuzz","url":"https://f.example/a","text":"<img src=x onerror=alert(1)> [x](javascript:alert(1))","name":"A"}`,
		`{"site":"fuzz","url":"https://f.example/a","parent":1,"text":"@Ann reply ![i](https://i.example/a.png)","name":"B"}`,
		`{"site":"fuzz","url":"javascript:alert(1)","text":"x","name":"A"}`,
		`{"site":"fuzz","url":"https://f.example/a","key":"k\u0000","title":"\ud800","text":"x","name":"A"}`,
		`{"site":"fuzz","url":"https://f.example/a","text":"HOLD","name":"A","confirm":true,"nudge_id":-1}`,
		`{"site":"nope","url":"https://f.example/a","text":"x","name":"A"}`,
		`{"site":"fuzz","parent":1e400}`, `[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]`, `{"site":"fuzz"}{}`, `null`, ``,
	} {
		f.Add([]byte(seed))
	}
	e := newSecEnv(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest("POST", "/api/v1/comments", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		e.h.ServeHTTP(rec, req)
		res := rec.Result()
		if res.StatusCode >= 500 {
			t.Fatalf("%q: status %d: %s", body, res.StatusCode, rec.Body.Bytes())
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Fatalf("%q: Content-Type %q", body, ct)
		}
		if res.StatusCode != http.StatusCreated {
			var got apiError
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got.Error.Message == "" ||
				knownCodes[got.Error.Code] != res.StatusCode {
				t.Fatalf("%q: status %d with body %s", body, res.StatusCode, rec.Body.Bytes())
			}
			return
		}
		var p posted
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Comment.ID == 0 {
			t.Fatalf("%q: 201 with body %s", body, rec.Body.Bytes())
		}
		c, err := e.st.Comment(context.Background(), p.Comment.ID)
		if err != nil {
			t.Fatalf("%q: created comment %d not stored: %v", body, p.Comment.ID, err)
		}
		for _, h := range []string{c.HTML, p.Comment.HTML} {
			if bad := htmltest.Active(h); len(bad) != 0 {
				t.Fatalf("%q: stored HTML %q is active: %v", body, h, bad)
			}
		}
	})
}
