package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The reader's words: toxic enough that the classifier holds them, so the widget nudges.
const (
	toxicText  = "You are a stupid idiot and I hate you, moron."
	toxicText2 = "Shut up, you pathetic moron. Nobody wants your idiotic opinions."
)

// TestBrowserModeration plays a reader and a moderator in headless Chromium: the reader's toxic
// comment is nudged with its flagged words highlighted, posted anyway and shown to its author as
// awaiting review (also after a reload with local storage cleared); the moderator signs in with
// a link from "parley admin create", finds it in the queue with the same highlights, rejects it
// with the keyboard, and the audit log records who did it.
func TestBrowserModeration(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe := chromiumPath(t)
	// serve takes the last --db it is given; the test names the file so "admin create" can
	// open the same database.
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "mod.db")
	base := startServe(t, "--db", dsn)

	// A guest has no way into the staff API, and the dashboard page refuses to be framed.
	if code := httpStatus(t, "GET", base+"/api/v1/mod/queue", nil); code != http.StatusUnauthorized {
		t.Errorf("guest GET /api/v1/mod/queue = %d, want 401", code)
	}
	res, err := http.Get(base + "/admin/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || res.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("dashboard security headers: CSP %q, X-Frame-Options %q", csp, res.Header.Get("X-Frame-Options"))
	}

	allocCtx := newAllocator(t, exe, 90*time.Second)
	rctx, cancelR := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelR)
	reader := &tab{t: t, name: "reader", ctx: rctx}
	reader.open(base + "/")
	defer reader.checkConsole()
	reader.waitFor("the widget to render an empty thread", shadow+`.querySelector('.empty') && !`+shadow+`.querySelector('.empty').hidden`)

	// The reader posts; the server answers with a nudge instead of storing the comment.
	composer := shadow + `.querySelector('.f-new')`
	nudge := composer + `.querySelector('.nudge')`
	reader.run("post a toxic comment",
		chromedp.SendKeys(chromedp.JSPath(composer+`.querySelector('input[name=name]')`), "Troll"),
		chromedp.SendKeys(chromedp.JSPath(composer+`.querySelector('textarea')`), toxicText),
		chromedp.Click(chromedp.JSPath(composer+`.querySelector('button[type=submit]')`)),
	)
	reader.waitFor("the nudge with highlights", `!`+nudge+`.hidden && `+nudge+`.querySelectorAll('mark').length > 0`)
	notice := evalIn[string](reader, "read the nudge", nudge+`.textContent`)
	if !strings.Contains(notice, "may break this site's rules") {
		t.Errorf("nudge notice = %q", notice)
	}
	marks := evalIn[[]string](reader, "read the highlights", `[...`+nudge+`.querySelectorAll('mark')].map(m => m.textContent)`)
	preview := evalIn[string](reader, "read the preview", nudge+`.querySelector('.pv').textContent`)
	if preview != toxicText || !strings.Contains(strings.Join(marks, "|"), "stupid") {
		t.Errorf("nudge preview %q with marks %q; want the text with %q marked", preview, marks, "stupid")
	}
	if v := evalIn[string](reader, "read the text box", composer+`.querySelector('textarea').value`); v != toxicText {
		t.Errorf("the text box lost the comment after the nudge: %q", v)
	}
	if n := evalIn[int](reader, "count comments", shadow+`.querySelectorAll('article.c').length`); n != 0 {
		t.Errorf("%d comments shown after a nudge, want none", n)
	}

	// Post anyway: stored as pending, shown to its author only, with a note.
	reader.run("post anyway", chromedp.Click(chromedp.JSPath(nudge+`.querySelector('[data-nudge=post]')`)))
	awaiting := commentJS(toxicText) + ` && !` + commentJS(toxicText) + `.querySelector('.note').hidden && ` +
		commentJS(toxicText) + `.querySelector('.note').textContent.includes('awaiting review')`
	reader.waitFor("the held comment with its note", awaiting+` && `+nudge+`.hidden && `+composer+`.querySelector('textarea').value === ''`)

	// Someone else's published comment, for the reader to report after the reload.
	const benign = "Thanks for the article, very clear."
	if code, out := httpJSON(t, "POST", base+"/api/v1/comments", map[string]any{"site": "demo", "url": base + "/", "text": benign, "name": "Nice"}); code != http.StatusCreated {
		t.Fatalf("posting a benign comment: %d %v", code, out)
	}

	// After a reload, and with the browser's own record of it gone, the server's /me still
	// shows the author their held comment.
	reader.run("forget local pending comments and reload",
		chromedp.Evaluate[chromedp.Void](`Object.keys(localStorage).filter(k => k.startsWith('parley:pending:')).forEach(k => localStorage.removeItem(k))`),
		chromedp.Reload())
	reader.waitFor("the held comment after reload", awaiting)

	// The reader reports the other comment: reason, note, thanks.
	reader.run("open the report form", chromedp.Click(chromedp.JSPath(actionJS(benign, "report"))))
	form := commentJS(benign) + `.querySelector('form.rep')`
	reader.waitFor("the report form", form)
	reader.run("fill in and send the report",
		chromedp.Click(chromedp.JSPath(form+`.querySelector('input[value=spam]')`)),
		chromedp.SendKeys(chromedp.JSPath(form+`.querySelector('input[type=text]')`), "selling something"),
		chromedp.Click(chromedp.JSPath(form+`.querySelector('button[type=submit]')`)))
	reader.waitFor("the thanks, and no second report", `!`+form+` && `+commentJS(benign)+`.querySelector('.thanks').textContent.includes('a moderator will look at it') && `+
		actionJS(benign, "report")+`.hidden`)

	// A second held comment, posted over the API, so the queue has something to move on to.
	id2 := postHeld(t, base, toxicText2, "Other")

	// The moderator signs in with a one-time link in a browser context of their own.
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"admin", "create", "--email", "mod@example.com", "--base-url", base, "--db", dsn},
		func(string) string { return "" }, strings.NewReader(""), &out, &errOut); err != nil {
		t.Fatalf("admin create: %v\n%s", err, errOut.String())
	}
	link := strings.TrimSpace(out.String())
	if !strings.HasPrefix(link, base+"/admin/signin?token=") {
		t.Fatalf("admin create printed %q, want a sign-in link", link)
	}
	mctx, cancelM := chromedp.NewContext(rctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancelM)
	mod := &tab{t: t, name: "moderator", ctx: mctx}
	mod.open(link)
	defer mod.checkConsole()
	// Opening the link only shows a button (previews must not spend it); pressing it signs in.
	mod.waitFor("the sign-in button", `!!document.querySelector('form[action="/admin/signin"] button')`)
	mod.run("press sign in", chromedp.Click(chromedp.JSPath(`document.querySelector('form[action="/admin/signin"] button')`)))

	item := func(text string) string {
		return fmt.Sprintf(`[...document.querySelectorAll('#queue-list article.item')].find(a => a.querySelector('.text').textContent === %q)`, text)
	}
	mod.waitFor("both held comments in the pending queue", `location.pathname === '/admin/' && `+item(toxicText)+` && `+item(toxicText2))
	marks = evalIn[[]string](mod, "read the queue highlights", `[...`+item(toxicText)+`.querySelectorAll('.text mark')].map(m => m.textContent)`)
	if !strings.Contains(strings.Join(marks, "|"), "stupid") {
		t.Errorf("queue item marks = %q, want %q highlighted", marks, "stupid")
	}
	if n := evalIn[int](mod, "count score bars", item(toxicText)+`.querySelectorAll('.scores meter').length`); n != 5 {
		t.Errorf("queue item has %d score bars, want 5", n)
	}

	// j/k move the selection (and focus) onto the reader's comment; r rejects it, it leaves the
	// list, and the other comment is selected in its place.
	selected := `document.querySelector('#queue-list article.item.selected')`
	mod.waitFor("the first item to be selected", selected+` && document.activeElement === `+selected)
	key := "j"
	if evalIn[bool](mod, "find the reader's comment", item(toxicText)+`.previousElementSibling === null`) {
		key = "k"
	}
	mod.run("move the selection", chromedp.KeyEvent(key))
	mod.waitFor("the reader's comment selected and focused", selected+` === `+item(toxicText)+` && document.activeElement === `+item(toxicText))
	rejected := evalIn[int64](mod, "read its id", item(toxicText)+`.dataset.id * 1`)
	mod.run("reject with the keyboard", chromedp.KeyEvent("r"))
	mod.waitFor("the comment to leave the queue with the next one selected",
		`!`+item(toxicText)+` && `+selected+` === `+item(toxicText2)+` && document.activeElement === `+item(toxicText2))
	if id := evalIn[int64](mod, "read the remaining id", item(toxicText2)+`.dataset.id * 1`); id != id2 {
		t.Errorf("remaining item id = %d, want %d", id, id2)
	}

	// The reported tab shows the reader's report with its reason and note.
	// Back to the top first: the page scrolled with the selection, and the sticky bar would
	// take a click aimed at a tab hidden under it.
	mod.run("open the reported tab",
		chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`),
		chromedp.Click(chromedp.JSPath(`document.querySelector('[data-queue=reported]')`)))
	mod.waitFor("the report in the reported queue", item(benign)+` && `+item(benign)+`.querySelector('.reports').textContent.includes('selling something')`)

	// The audit log records the rejection: who, what, which comment.
	mod.run("open the audit log", chromedp.Click(chromedp.JSPath(`document.querySelector('nav a[href="#audit"]')`)))
	row := fmt.Sprintf(`[...document.querySelectorAll('#audit-body tr[data-action=reject]')].find(r => r.textContent.includes('comment #%d'))`, rejected)
	mod.waitFor("the rejection in the audit log", row+` && `+row+`.children[1].textContent === 'mod'`)

	// A guest browser (the reader's) still cannot read the staff API.
	if code := evalInAsync[int](reader, "fetch the queue as the reader", `fetch('/api/v1/mod/queue').then(r => r.status)`); code != http.StatusUnauthorized {
		t.Errorf("reader's browser fetching /api/v1/mod/queue: %d, want 401", code)
	}
}

// evalInAsync evaluates a JS expression that yields a promise and returns what it resolves to.
func evalInAsync[T any](b *tab, what, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("tab %s: %s: %v", b.name, what, err)
	}
	return v
}

func httpStatus(t *testing.T, method, url string, body any) int {
	t.Helper()
	code, _ := httpJSON(t, method, url, body)
	return code
}

func httpJSON(t *testing.T, method, url string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

// postHeld posts text to the demo thread as a new guest, answers the nudge with "post anyway",
// and returns the held comment's id.
func postHeld(t *testing.T, base, text, name string) int64 {
	t.Helper()
	in := map[string]any{"site": "demo", "url": base + "/", "text": text, "name": name}
	code, out := httpJSON(t, "POST", base+"/api/v1/comments", in)
	e, _ := out["error"].(map[string]any)
	n, _ := e["nudge"].(map[string]any)
	if code != http.StatusUnprocessableEntity || n == nil {
		t.Fatalf("posting %q: %d %v, want a 422 nudge", text, code, out)
	}
	in["confirm"], in["nudge_id"] = true, n["id"]
	code, out = httpJSON(t, "POST", base+"/api/v1/comments", in)
	c, _ := out["comment"].(map[string]any)
	if code != http.StatusCreated || c == nil || c["status"] != "pending" {
		t.Fatalf("posting %q anyway: %d %v, want a pending comment", text, code, out)
	}
	return int64(c["id"].(float64))
}

// staffClient signs a new admin in with a link from "parley admin create" and returns an HTTP
// client holding the session cookie.
func staffClient(t *testing.T, base, dsn string) *http.Client {
	t.Helper()
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"admin", "create", "--email", "staff@example.com", "--base-url", base, "--db", dsn},
		func(string) string { return "" }, strings.NewReader(""), &out, &errOut); err != nil {
		t.Fatalf("admin create: %v\n%s", err, errOut.String())
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	link, err := url.Parse(strings.TrimSpace(out.String()))
	if err != nil {
		t.Fatal(err)
	}
	// What pressing the link page's button sends: the token, posted from our own origin.
	req, _ := http.NewRequest("POST", base+"/admin/signin", strings.NewReader(url.Values{"token": {link.Query().Get("token")}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in link answered %d, want 303", res.StatusCode)
	}
	return c
}

// staffAct applies a moderator action to a comment, as the dashboard would (same origin).
func staffAct(t *testing.T, c *http.Client, base string, id int64, action string) {
	t.Helper()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/mod/comments/%d", base, id), strings.NewReader(`{"action":"`+action+`"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", base)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("%s comment %d: %d %s", action, id, res.StatusCode, b)
	}
}
