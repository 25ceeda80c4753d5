package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"parley/internal/sharedtest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// exportedComment is what the seed check reads of an export's comment lines.
type exportedComment struct {
	ID       int64  `json:"id"`
	Type     string `json:"type"`
	Text     string `json:"text"`
	Status   string `json:"status"`
	SourceID string `json:"source_id"`
}

func exportComments(t *testing.T, export string) []exportedComment {
	t.Helper()
	var out []exportedComment
	for _, l := range strings.Split(strings.TrimSpace(export), "\n") {
		if !strings.HasPrefix(l, `{"type":"comment"`) {
			continue
		}
		var c exportedComment
		if err := json.Unmarshal([]byte(l), &c); err != nil {
			t.Fatalf("export line %q: %v", l, err)
		}
		out = append(out, c)
	}
	return out
}

// killCall finds the seed thread's two explicit calls for people to be killed.
var killCall = regexp.MustCompile(`(?i)KILL those Yankee|should be eliminated`)

// TestSeedThreadModerated imports the seed thread, a real news comment section, with --moderate
// and the default settings, and checks what a newsroom needs of it. The policy is not tuned on
// this thread; the floors are under what was measured (47 of 57 published, 8 held; 44 and 11
// with the model before), so the classifier can change without this failing, but not get much
// worse.
func TestSeedThreadModerated(t *testing.T) {
	path := sharedFixture(t, "disqus-syrian-war-report.xml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Posts []struct {
			ID      string `xml:"http://disqus.com/disqus-internals id,attr"`
			Deleted bool   `xml:"isDeleted"`
			Spam    bool   `xml:"isSpam"`
		} `xml:"post"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	hidden := map[string]string{} // source id → the status the source's flags demand
	for _, p := range doc.Posts {
		switch {
		case p.Deleted:
			hidden["dsq:"+p.ID] = "deleted"
		case p.Spam:
			hidden["dsq:"+p.ID] = "rejected"
		}
	}
	if len(hidden) == 0 {
		t.Fatal("the fixture has no deleted or spam post: not the seed thread?")
	}

	db := "sqlite:" + filepath.Join(t.TempDir(), "p.db")
	_, errs, err := runTransfer(t, "import", "disqus", path, "--site", "southfront", "--moderate", "--quiet", "--db", db)
	if err != nil {
		t.Fatalf("import --moderate: %v (%s)", err, errs)
	}
	if !strings.Contains(errs, "decisions stored:") {
		t.Errorf("summary does not count the decisions: %q", errs)
	}
	exp1, _, err := runTransfer(t, "export", "--site", "southfront", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	cs := exportComments(t, exp1)
	if len(cs) != len(doc.Posts) {
		t.Fatalf("%d comments imported, want %d", len(cs), len(doc.Posts))
	}
	count := map[string]int{}
	kills, held := 0, 0
	for _, c := range cs {
		count[c.Status]++
		if want, ok := hidden[c.SourceID]; ok && c.Status != want {
			t.Errorf("%s: the source hid it (%s), imported as %s", c.SourceID, want, c.Status)
		} else if !ok && c.Status != "published" {
			held++
		}
		if killCall.MatchString(c.Text) {
			kills++
			if c.Status == "published" {
				t.Errorf("a call to kill was published: %s %q", c.SourceID, c.Text)
			}
		}
	}
	t.Logf("seed thread imported with --moderate: %v", count)
	// Every comment the policy judged carries its decision, which is what the queue shows.
	actions := map[int64]string{}
	for _, l := range strings.Split(exp1, "\n") {
		var d struct {
			Type    string `json:"type"`
			Comment int64  `json:"comment"`
			Action  string `json:"action"`
		}
		if strings.HasPrefix(l, `{"type":"decision"`) && json.Unmarshal([]byte(l), &d) == nil {
			actions[d.Comment] = d.Action
		}
	}
	for _, c := range cs {
		if _, src := hidden[c.SourceID]; !src && actions[c.ID] != map[string]string{"published": "publish", "pending": "hold", "rejected": "reject"}[c.Status] {
			t.Errorf("%s is %s with decision %q", c.SourceID, c.Status, actions[c.ID])
		}
	}
	if kills != 2 {
		t.Errorf("found %d explicit calls to kill, want 2", kills)
	}
	if count["published"] < 38 {
		t.Errorf("only %d of %d published: plain political argument is being held", count["published"], len(cs))
	}
	if held < 6 {
		t.Errorf("only %d comments held or rejected by the policy", held)
	}

	// A re-run judges nothing already there again, whatever the policy would say now.
	if _, errs, err := runTransfer(t, "import", "disqus", path, "--site", "southfront", "--moderate", "--quiet", "--db", db); err != nil ||
		!strings.Contains(errs, "0 comments new") {
		t.Fatalf("second import: %v (%s)", err, errs)
	}
	exp2, _, err := runTransfer(t, "export", "--site", "southfront", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	if body(exp1) != body(exp2) {
		t.Error("a second import with --moderate changed the export")
	}
}

func sharedFixture(t *testing.T, name string) string { return sharedtest.Path(t, "fixtures", name) }
