package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCmd(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

func TestScoreText(t *testing.T) {
	out, _, err := runCmd(t, "", "score", "you are a stupid idiot")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Scores map[string]float64 `json:"scores"`
		Spans  []struct {
			Start, End int
			Text       string
		} `json:"spans"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	for _, c := range []string{"toxicity", "insult", "identity_attack", "threat", "profanity"} {
		if _, ok := got.Scores[c]; !ok {
			t.Errorf("no %s score in %s", c, out)
		}
	}
	if got.Scores["insult"] < 0.5 || len(got.Spans) == 0 {
		t.Errorf("insult not flagged or no spans: %s", out)
	}

	out2, _, err := runCmd(t, "you are a stupid idiot", "score", "-")
	if err != nil || out2 != out {
		t.Errorf("score - from stdin gave %q, %v; want %q", out2, err, out)
	}
}

func writeCSV(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "in.csv")
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestScoreCSV(t *testing.T) {
	p := writeCSV(t, "text,id\n\"have a nice day\",a1\n\"you are a moron, go away\",b2\n\"I will kill you\",c3\n")
	out, _, err := runCmd(t, "", "score", "--csv", p)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 lines, got %q", out)
	}
	var ids []string
	for _, l := range lines {
		var v struct {
			ID     string             `json:"id"`
			Scores map[string]float64 `json:"scores"`
			Spans  any                `json:"spans"`
		}
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		if len(v.Scores) != 5 || v.Spans != nil {
			t.Errorf("line %q: want 5 scores and no spans", l)
		}
		ids = append(ids, v.ID)
	}
	if strings.Join(ids, ",") != "a1,b2,c3" {
		t.Errorf("order %v, want input order", ids)
	}
	if !strings.Contains(lines[2], `"threat":0.9`) {
		t.Errorf("threat not scored: %s", lines[2])
	}

	out, _, err = runCmd(t, "", "score", p, "--csv", "--spans")
	_ = out
	if err == nil {
		t.Error("TEXT and --csv together should fail")
	}
	out, _, err = runCmd(t, "", "score", "--csv", p, "--spans")
	if err != nil || !strings.Contains(out, `"spans":[{"start":`) {
		t.Errorf("--spans: %v %q", err, out)
	}

	// Custom column names, from stdin.
	out, _, err = runCmd(t, "cid,body\n7,hello\n", "score", "--csv", "-", "--id-column", "cid", "--text-column", "body")
	if err != nil || !strings.HasPrefix(out, `{"id":"7","scores":{`) {
		t.Errorf("custom columns: %v %q", err, out)
	}
}

func TestScoreCSVHeaderOnly(t *testing.T) {
	out, _, err := runCmd(t, "", "score", "--csv", writeCSV(t, "id,text\n"))
	if err != nil || out != "" {
		t.Errorf("header-only: err %v, out %q; want success and nothing", err, out)
	}
}

func TestScoreCSVBadRow(t *testing.T) {
	p := writeCSV(t, "id,text\n1,fine\n2,\"also fine\"\n3,too,many\n4,later\n")
	out, _, err := runCmd(t, "", "score", "--csv", p)
	if err == nil || !strings.Contains(err.Error(), "line 4") {
		t.Fatalf("bad row: err %v, want an error naming line 4", err)
	}
	if strings.Count(out, "\n") != 2 {
		t.Errorf("rows before the bad one should be printed: %q", out)
	}
	_, _, err = runCmd(t, "", "score", "--csv", writeCSV(t, "id,body\n1,x\n"))
	if err == nil || !strings.Contains(err.Error(), `"text"`) {
		t.Errorf("missing column: %v", err)
	}
}

func TestToxicityHelp(t *testing.T) {
	for _, c := range []string{"score", "train", "eval"} {
		_, stderr, err := runCmd(t, "", c, "--help")
		if !errors.Is(err, flag.ErrHelp) {
			t.Errorf("%s --help: err %v", c, err)
		}
		if !strings.Contains(stderr, "Usage: parley "+c) || !strings.Contains(stderr, "-") {
			t.Errorf("%s --help printed %q", c, stderr)
		}
	}
}

func TestEvalFunctional(t *testing.T) {
	out, _, err := runCmd(t, "", "eval", "--data", "../../toxicity/testdata/functional.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "functional") || !strings.Contains(out, "identity_attack") || !strings.Contains(out, "comments/s") {
		t.Errorf("eval output: %q", out)
	}
}
