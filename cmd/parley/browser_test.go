package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// chromiumPath finds the browser. Outside CI a missing browser skips the test so "go test ./..."
// works on any laptop; in CI it is a failure, so the test can never silently stop running.
func chromiumPath(t *testing.T) string {
	t.Helper()
	p := os.Getenv("PARLEY_CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chromium not found at %s (set PARLEY_CHROMIUM): %v", p, err)
		}
		t.Skipf("chromium not found at %s (apt-get install chromium, or set PARLEY_CHROMIUM); skipping browser test", p)
	}
	return p
}

// The widget lives in an open shadow root; every probe starts from it.
const shadow = `document.querySelector('#parley-comments').shadowRoot`

// commentJS is a JS expression for the comment element whose own body contains text.
func commentJS(text string) string {
	return fmt.Sprintf(`[...%s.querySelectorAll('article.c')].find(a => a.querySelector(':scope > .main > .body').textContent.includes(%q))`, shadow, text)
}

// actionJS is a JS expression for one of a comment's own action buttons (not its replies').
func actionJS(text, act string) string {
	return commentJS(text) + fmt.Sprintf(`.querySelector(':scope > .main > .actions > [data-act=%q]')`, act)
}

// tab is one browser tab with the failure context needed to report on it.
type tab struct {
	t       *testing.T
	name    string
	ctx     context.Context
	mu      sync.Mutex
	console []chromedp.ConsoleMessage
}

func (b *tab) run(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("tab %s: %s: %v", b.name, what, err)
	}
}

// waitFor polls a JS condition until it is true: the UI changes on network and stream events,
// so polling with a deadline is the honest way to wait, not sleeping.
func (b *tab) waitFor(what, cond string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	expr := fmt.Sprintf(`(() => { try { return !!(%s); } catch (e) { return false; } })()`, cond)
	for {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr)); err == nil && ok {
			return
		}
		select {
		case <-ctx.Done():
			b.t.Fatalf("tab %s: timed out waiting for %s\ncondition: %s", b.name, what, cond)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func evalIn[T any](b *tab, what, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("tab %s: %s: %v", b.name, what, err)
	}
	return v
}

// open starts the tab, watches its console and loads url. An uncaught exception in the widget
// fails the test even when the UI happens to look right.
func (b *tab) open(url string) {
	b.t.Helper()
	b.run("start tab")
	msgs := chromedp.Console(b.ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.console = append(b.console, m)
			b.mu.Unlock()
		}
	}()
	b.run("open "+url, chromedp.Navigate(url))
}

func (b *tab) checkConsole() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.console {
		if m.Type == chromedp.ConsoleException {
			b.t.Errorf("tab %s: uncaught exception: %s\n%s", b.name, m.Text, m.URL)
		} else if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning {
			b.t.Logf("tab %s: console %s: %s (%s)", b.name, m.Type, m.Text, m.URL)
		}
	}
}

// newAllocator starts a headless Chromium for one test, stopped when the test ends or after
// budget, so a hung browser fails the test instead of the whole run.
func newAllocator(t *testing.T, exe string, budget time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), budget)
	t.Cleanup(cancel)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox, // these machines run tests as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	return allocCtx
}

// TestBrowserWidget drives the real widget in headless Chromium against a real server: two
// readers with separate identities post, reply, like, edit and delete, and each sees the
// other's changes arrive over the live stream without reloading.
func TestBrowserWidget(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe := chromiumPath(t)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "widget.db")
	base := startServe(t, "--db", dsn)

	allocCtx := newAllocator(t, exe, 60*time.Second)

	actx, cancelA := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelA)
	a := &tab{t: t, name: "A", ctx: actx}
	a.open(base + "/")
	defer a.checkConsole()

	// B gets its own browser context: separate localStorage, so a separate guest identity.
	bctx, cancelB := chromedp.NewContext(actx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancelB)
	b := &tab{t: t, name: "B", ctx: bctx}
	b.open(base + "/")
	defer b.checkConsole()

	loaded := shadow + `.querySelector('.empty') && !` + shadow + `.querySelector('.empty').hidden`
	a.waitFor("the widget to render an empty thread", loaded)
	b.waitFor("the widget to render an empty thread", loaded)

	// The demo page styles every button hotpink with a dashed lime border and sets a serif font;
	// none of it may reach inside the widget.
	leak := evalIn[string](a, "inspect widget styles", `(() => {
		const sr = `+shadow+`, bad = [];
		for (const el of [sr.querySelector('.f-new button[type=submit]'), sr.querySelector('.sort button'), sr.querySelector('.f-new textarea')]) {
			const cs = getComputedStyle(el);
			if (cs.backgroundColor === 'rgb(255, 105, 180)') bad.push(el.tagName + ' background is hotpink');
			if (cs.borderTopStyle === 'dashed') bad.push(el.tagName + ' border is dashed');
			if (cs.fontSize === '22px') bad.push(el.tagName + ' font-size is 22px');
		}
		const root = getComputedStyle(sr.querySelector('.root'));
		if (/georgia|times/i.test(root.fontFamily)) bad.push('widget font is ' + root.fontFamily);
		return bad.join('; ');
	})()`)
	if leak != "" {
		t.Errorf("host page CSS leaked into the widget: %s", leak)
	}

	// A posts as a guest, typing into the form like a reader would.
	const first = "The lane is overdue, my kids would cycle to school."
	composer := shadow + `.querySelector('.f-new')`
	a.run("post a comment",
		chromedp.SendKeys(chromedp.JSPath(composer+`.querySelector('input[name=name]')`), "Alice"),
		chromedp.SendKeys(chromedp.JSPath(composer+`.querySelector('textarea')`), first),
		chromedp.Click(chromedp.JSPath(composer+`.querySelector('button[type=submit]')`)),
	)
	a.waitFor("A's comment to show", commentJS(first)+` && `+shadow+`.querySelector('h2.count').textContent === '1 comment'`)
	a.waitFor("the guest token to be kept", `Object.keys(localStorage).some(k => k.startsWith('parley:token:'))`)
	a.waitFor("the composer to be cleared and the name field hidden",
		composer+`.querySelector('textarea').value === '' && `+composer+`.querySelector('.f-name').hidden`)
	b.waitFor("A's comment to arrive live", commentJS(first))

	// A replies; Ctrl+Enter submits from the reply box, which opens focused.
	const reply = "Replying to add: keep the loading bays."
	a.run("open the reply form", chromedp.Click(chromedp.JSPath(actionJS(first, "reply"))))
	a.waitFor("the reply box to have focus", shadow+`.activeElement && `+shadow+`.activeElement.matches('.f-reply textarea')`)
	a.run("type and submit the reply",
		chromedp.SendKeys(chromedp.JSPath(commentJS(first)+`.querySelector('.f-reply textarea')`), reply),
		chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(chromedp.ModifierCtrl)),
	)
	nested := commentJS(reply) + ` && ` + commentJS(reply) + `.parentElement.closest('article.c') === ` + commentJS(first)
	a.waitFor("the reply nested under the comment", nested+` && !`+commentJS(first)+`.querySelector('.f-reply')`)
	// A new account posting again within seconds is held by the moderation policy; a moderator's
	// approval is what publishes it, and that reaches B live too. (Approving a comment that was
	// published anyway changes nothing, so this holds whatever the pace rule says.)
	replyID := evalIn[int64](a, "read the reply's id", commentJS(reply)+`.dataset.id * 1`)
	staffAct(t, staffClient(t, base, dsn), base, replyID, "approve")
	b.waitFor("A's reply to arrive live, nested", nested)

	// B posts with its own identity and likes A's comment (one cannot like one's own).
	const second = "Bob here: what about deliveries to the bakery?"
	bcomposer := shadow + `.querySelector('.f-new')`
	b.run("post a comment",
		chromedp.SendKeys(chromedp.JSPath(bcomposer+`.querySelector('input[name=name]')`), "Bob"),
		chromedp.SendKeys(chromedp.JSPath(bcomposer+`.querySelector('textarea')`), second),
		chromedp.Click(chromedp.JSPath(bcomposer+`.querySelector('button[type=submit]')`)),
	)
	b.waitFor("B's comment to show", commentJS(second))
	a.waitFor("B's comment to arrive live", commentJS(second))
	if !evalIn[bool](a, "check A cannot like own comment", actionJS(first, "like")+`.disabled`) {
		t.Error("A's like button on A's own comment is enabled")
	}
	b.run("like A's comment", chromedp.Click(chromedp.JSPath(actionJS(first, "like"))))
	b.waitFor("the like to register", actionJS(first, "like")+`.getAttribute('aria-pressed') === 'true' && `+
		actionJS(first, "like")+`.textContent.includes('1')`)
	a.waitFor("the like count to update live", actionJS(first, "like")+`.textContent.includes('1')`)

	// Quote puts the comment into B's reply box as Markdown quote lines.
	b.run("quote A's comment", chromedp.Click(chromedp.JSPath(actionJS(first, "quote"))))
	b.waitFor("the quote in the reply box", commentJS(first)+`.querySelector('.f-reply textarea').value.startsWith('> The lane is overdue')`)

	// A edits the comment: the form fills from the comment's Markdown source.
	const edited = "EDIT: also the school gates need a crossing."
	a.run("open the edit form", chromedp.Click(chromedp.JSPath(actionJS(first, "edit"))))
	editBox := commentJS(first) + `.querySelector('.f-edit textarea')`
	a.waitFor("the edit box with the source text", editBox+`.value === `+fmt.Sprintf("%q", first))
	a.run("change the text and save",
		chromedp.Evaluate[chromedp.Void](editBox+`.value = ""`),
		chromedp.SendKeys(chromedp.JSPath(editBox), edited),
		chromedp.Click(chromedp.JSPath(commentJS(first)+`.querySelector('.f-edit button[type=submit]')`)),
	)
	a.waitFor("the edited text", commentJS(edited)+` && `+commentJS(edited)+`.querySelector('.edited') && !`+commentJS(edited)+`.querySelector('.f-edit')`)
	b.waitFor("the edit to arrive live", commentJS(edited)+` && !`+commentJS(first))

	// B deletes its own comment (two presses, no modal); A sees it go.
	b.run("delete B's comment",
		chromedp.Click(chromedp.JSPath(actionJS(second, "del"))),
		chromedp.Click(chromedp.JSPath(actionJS(second, "del"))),
	)
	b.waitFor("B's comment to disappear", `!`+commentJS(second))
	a.waitFor("the deletion to arrive live", `!`+commentJS(second))

	// Collapsing hides a comment's body and replies but keeps the header and its toggle.
	a.run("collapse A's comment", chromedp.Click(chromedp.JSPath(commentJS(edited)+`.querySelector(':scope > .head > .tog')`)))
	a.waitFor("the comment to collapse", commentJS(edited)+`.classList.contains('collapsed') && `+
		commentJS(reply)+`.offsetParent === null && `+commentJS(edited)+`.querySelector('.tog').getAttribute('aria-expanded') === 'false'`)

	// A reload in A shows the same thread from the server, with A still recognised.
	a.run("reload", chromedp.Reload())
	a.waitFor("the thread after reload", commentJS(edited)+` && `+commentJS(reply)+` && `+
		`!`+actionJS(edited, "edit")+`.hidden && `+shadow+`.querySelector('h2.count').textContent === '2 comments'`)
	// counts.js fills the "More articles" list; the first item is this article.
	a.waitFor("the article list count", `document.querySelector('[data-parley-count]').textContent === '2 comments'`)

	// A erases their data from the widget (two presses): A's comments become placeholders, which
	// B sees too, and A is a stranger again.
	erase := shadow + `.querySelector('.mine [data-act=erase]')`
	a.run("erase A's data", chromedp.Click(chromedp.JSPath(erase)), chromedp.Click(chromedp.JSPath(erase)))
	a.waitFor("A to be a stranger with no comments left", `!`+commentJS(edited)+` && !`+commentJS(reply)+` && `+
		shadow+`.querySelector('.mine').hidden && !`+composer+`.querySelector('.f-name').hidden`)
	b.run("reload", chromedp.Reload())
	b.waitFor("A's words gone for B", shadow+`.querySelector('h2.count') && `+shadow+`.querySelector('h2.count').textContent === '0 comments' && !`+commentJS(edited))
}
