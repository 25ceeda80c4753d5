package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runTransfer(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), err
}

const disqusSample = "../../importer/testdata/disqus-sample.xml"

// TestImportExportCommands: import writes nothing on stdout; export writes only JSON lines;
// export → import parley into a fresh database → export gives the same lines, moderation
// records included.
func TestImportExportCommands(t *testing.T) {
	dir := t.TempDir()
	db1, db2 := "sqlite:"+filepath.Join(dir, "1.db"), "sqlite:"+filepath.Join(dir, "2.db")
	out, errs, err := runTransfer(t, "import", "disqus", disqusSample, "--site", "news", "--db", db1)
	if err != nil || out != "" || !strings.Contains(errs, "8 comments new (1 deleted, 1 rejected, 0 pending)") {
		t.Fatalf("import: err %v, stdout %q, stderr %q", err, out, errs)
	}
	addModeration(t, db1)
	exp1, _, err := runTransfer(t, "export", "--db", db1, "--site", "news")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(exp1, "\n"), "\n")
	types := map[string]int{}
	for _, l := range lines {
		var v struct{ Type string }
		if err := json.Unmarshal([]byte(l), &v); err != nil || v.Type == "" {
			t.Fatalf("export line %q is not a typed JSON object", l)
		}
		types[v.Type]++
	}
	if types["site"] != 1 || types["thread"] != 2 || types["comment"] != 8 || types["user"] != 7 || types["decision"] != 2 ||
		types["report"] != 2 || types["standing"] != 2 || types["audit"] != 4 {
		t.Errorf("export types %v", types)
	}
	path := filepath.Join(dir, "news.jsonl")
	if err := os.WriteFile(path, []byte(exp1), 0o644); err != nil {
		t.Fatal(err)
	}
	for run := 0; run < 2; run++ {
		if _, errs, err := runTransfer(t, "import", "parley", path, "--db", db2); err != nil {
			t.Fatalf("import parley: %v (%s)", err, errs)
		}
	}
	exp2, _, err := runTransfer(t, "export", "--site", "news", "--db", db2)
	if err != nil {
		t.Fatal(err)
	}
	// The one difference by design: an import makes everyone a reader, so a file cannot
	// make anyone staff.
	want := strings.ReplaceAll(body(exp1), `"role":"moderator"`, `"role":"reader"`)
	if got := body(exp2); got != want {
		t.Errorf("round trip differs:\n%s\n---\n%s", want, got)
	}
}

// TestImportMalformed: a broken file fails with FILE:LINE and writes nothing at all.
func TestImportMalformed(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile(disqusSample)
	if err != nil {
		t.Fatal(err)
	}
	// Break the last post's end tag: the first pass must reject the file before any write.
	broken := bytes.Replace(b, []byte("<thread dsq:id=\"901\" />\n  </post>"), []byte("<thread dsq:id=\"901\" />\n  </pots>"), 1)
	path := filepath.Join(dir, "broken.xml")
	if err := os.WriteFile(path, broken, 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "p.db")
	_, _, err = runTransfer(t, "import", "disqus", path, "--site", "news", "--db", "sqlite:"+db)
	if err == nil || !strings.Contains(err.Error(), path+":142:") {
		t.Fatalf("error = %v, want %s:142: …", err, path)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("the database was touched: %v", err)
	}
}

func TestImportRefusals(t *testing.T) {
	for _, args := range [][]string{
		{"import", "disqus", disqusSample},
		{"import", "livefyre", disqusSample, "--site", "x"},
		{"import", "disqus", "--site", "news"},
		{"export"},
	} {
		if _, _, err := runTransfer(t, append(args, "--db", "sqlite:"+filepath.Join(t.TempDir(), "p.db"))...); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

// body is an export without its header line, which names the exporting instance and time.
func body(export string) string { return export[strings.Index(export, "\n")+1:] }
