package moderation

import (
	"context"
	"encoding/xml"
	"html"
	"os"
	"parley/internal/sharedtest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"parley"
	"parley/toxicity"
)

// These tests use the real classifier on sentences written for them. They assert what any
// usable model must do, not its exact scores, so the model can improve under them.

func realDecide(t *testing.T, text string, set parley.ModerationSettings) parley.Decision {
	t.Helper()
	return decide(t, toxicity.Default(), text, set, basic, nil)
}

func TestRealThreat(t *testing.T) {
	for _, text := range []string{
		"I know where you live and I will kill you.",
		"Someone should shoot him before the next election.",
	} {
		d := realDecide(t, text, parley.ModerationSettings{})
		if d.Action == parley.ActionPublish || !slices.Contains(codes(d), "threat") {
			t.Errorf("%q: %s %q scores %v", text, d.Action, d.Reasons, d.Scores)
		}
	}
}

func TestRealPoliteDisagreement(t *testing.T) {
	for _, text := range []string{
		"Thank you for the report. I think the ceasefire is unlikely to last, but I hope I am wrong.",
		"Good article. The numbers on page two do not match the ones in the summary, though.",
	} {
		if d := realDecide(t, text, parley.ModerationSettings{}); d.Action != parley.ActionPublish {
			t.Errorf("%q: %s %q scores %v", text, d.Action, d.Reasons, d.Scores)
		}
	}
}

func TestRealObfuscatedBannedWord(t *testing.T) {
	set := parley.ModerationSettings{BannedWords: []string{"fuck", "kill yourself"}}
	for _, tc := range []struct{ text, span string }{
		{"oh f.u.c.k off with this", "f.u.c.k"},
		{"just k1ll y0urself already", "k1ll y0urself"},
	} {
		d := realDecide(t, tc.text, set)
		spans := slices.DeleteFunc(slices.Clone(d.Spans), func(s parley.Span) bool { return s.Category != CodeBannedWord })
		if d.Action != parley.ActionReject || !slices.Contains(codes(d), CodeBannedWord) || len(spans) != 1 || spans[0].Text != tc.span {
			t.Errorf("%q: %s %q spans %+v", tc.text, d.Action, d.Reasons, d.Spans)
		}
	}
}

// TestSeedThread reports how the default policy treats the seed thread, a real news comment
// section. The policy is not tuned on it; the floors below are well under what was measured, so
// the classifier can change without this test failing, but not get much worse.
func TestSeedThread(t *testing.T) {
	posts := seedPosts(t)
	if len(posts) != 57 {
		t.Fatalf("seed thread has %d posts, want 57", len(posts))
	}
	p := New(toxicity.Default())
	count := map[parley.Action]int{}
	byReason := map[string]int{}
	var killCalls []parley.Decision
	for i, text := range posts {
		d := p.Decide(context.Background(), parley.ModerationInput{Text: text, Imported: true, Standing: basic})
		count[d.Action]++
		for _, r := range d.Reasons {
			byReason[r.Code]++
		}
		if killCall.MatchString(text) {
			killCalls = append(killCalls, d)
		}
		if d.Action != parley.ActionPublish {
			t.Logf("post %2d %-6s %v", i, d.Action, codes(d))
		}
	}
	t.Logf("seed thread, default policy: %d published, %d held, %d rejected; reasons %v",
		count[parley.ActionPublish], count[parley.ActionHold], count[parley.ActionReject], byReason)
	if len(killCalls) != 2 {
		t.Fatalf("found %d explicit calls to kill, want 2", len(killCalls))
	}
	for _, d := range killCalls {
		if d.Action == parley.ActionPublish {
			t.Errorf("a call to kill was published: %v", d.Scores)
		}
	}
	if count[parley.ActionPublish] < 38 {
		t.Errorf("only %d of 57 published: plain political argument is being held", count[parley.ActionPublish])
	}
	if count[parley.ActionHold]+count[parley.ActionReject] < 6 {
		t.Errorf("only %d of 57 held or rejected", count[parley.ActionHold]+count[parley.ActionReject])
	}
}

// killCall finds the thread's two explicit calls for people to be killed.
var killCall = regexp.MustCompile(`(?i)KILL those Yankee|should be eliminated`)

var (
	anchor = regexp.MustCompile(`<a [^>]*href="([^"]*)"[^>]*>([^<]*)</a>`)
	tag    = regexp.MustCompile(`<[^>]*>`)
)

// seedPosts reads the messages of the seed thread as an importer would leave them: links as
// Markdown, other tags dropped, entities decoded.
func seedPosts(t *testing.T) []string {
	t.Helper()
	path := sharedtest.Path(t, "fixtures", "disqus-syrian-war-report.xml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Posts []struct {
			Message string `xml:"message"`
		} `xml:"post"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []string
	for _, p := range doc.Posts {
		out = append(out, strings.TrimSpace(html.UnescapeString(tag.ReplaceAllString(anchor.ReplaceAllString(p.Message, "[$2]($1)"), " "))))
	}
	return out
}
