package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"parley/toxicity"
)

// loadModel returns the embedded model, or the one at path when given (to try a freshly trained
// model before committing it).
func loadModel(path string) (*toxicity.Model, error) {
	if path == "" {
		return toxicity.Default(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	defer f.Close()
	return toxicity.Load(bufio.NewReader(f))
}

func cmdScore(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "score", "score [flags] [TEXT | -]\n\nScores TEXT (or stdin with -) and prints {\"scores\":{…},\"spans\":[…]} as JSON.\n"+
		"With --csv, scores every row of FILE (- for stdin) and prints one JSON object per line, in input order.")
	csvPath := fs.String("csv", "", "score every row of this CSV file (- for stdin); one JSON line per row")
	idCol := fs.String("id-column", "id", "CSV column holding the comment id")
	textCol := fs.String("text-column", "text", "CSV column holding the comment text")
	spans := fs.Bool("spans", false, "with --csv, include the spans that raised the scores")
	maxSpans := fs.Int("max-spans", 5, "most spans to report per comment")
	modelPath := fs.String("model", envDefault(e, "PARLEY_TOXICITY_MODEL", ""), "model file to use instead of the embedded one (env PARLEY_TOXICITY_MODEL)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	m, err := loadModel(*modelPath)
	if err != nil {
		return fmt.Errorf("score: %w", err)
	}
	if *csvPath != "" {
		if len(pos) > 0 {
			return errors.New("score: give either TEXT or --csv, not both")
		}
		n := 0
		if *spans {
			n = *maxSpans
		}
		return scoreCSV(ctx, e, m, *csvPath, *idCol, *textCol, n)
	}
	var text string
	switch {
	case len(pos) == 1 && pos[0] == "-":
		b, err := io.ReadAll(e.stdin)
		if err != nil {
			return fmt.Errorf("score: reading stdin: %w", err)
		}
		text = string(b)
	case len(pos) >= 1:
		text = strings.Join(pos, " ")
	default:
		fs.Usage()
		return errors.New("score: no text given (pass TEXT, - for stdin, or --csv FILE)")
	}
	sc, sp := m.Explain(text, *maxSpans)
	if sp == nil {
		sp = []toxicity.Span{}
	}
	out, err := json.Marshal(struct {
		Scores toxicity.Scores `json:"scores"`
		Spans  []toxicity.Span `json:"spans"`
	}{sc, sp})
	if err != nil {
		return fmt.Errorf("score: %w", err)
	}
	_, err = fmt.Fprintf(e.stdout, "%s\n", out)
	return err
}

// scoreCSV streams the CSV: one record buffer, one output buffer, so memory stays flat however
// long the file is. Output is written by hand because encoding/json's reflection would cost more
// than scoring a short comment.
func scoreCSV(ctx context.Context, e *env, m *toxicity.Model, path, idCol, textCol string, maxSpans int) error {
	var r io.Reader = e.stdin
	name := "stdin"
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("score: %w", err)
		}
		defer f.Close()
		r, name = f, path
	}
	cr := csv.NewReader(bufio.NewReaderSize(r, 1<<16))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("score: %s: empty file, expected a header row", name)
	}
	if err != nil {
		return fmt.Errorf("score: %s: %w", name, csvLineErr(err))
	}
	idIdx, textIdx := -1, -1
	for i, h := range header {
		switch strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")) {
		case idCol:
			idIdx = i
		case textCol:
			textIdx = i
		}
	}
	if idIdx < 0 || textIdx < 0 {
		return fmt.Errorf("score: %s: header needs columns %q and %q, has %q", name, idCol, textCol, strings.Join(header, ","))
	}
	w := bufio.NewWriterSize(e.stdout, 1<<16)
	var buf []byte
	for n := 0; ; n++ {
		if n&1023 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			w.Flush()
			return fmt.Errorf("score: %s: %w", name, csvLineErr(err))
		}
		var sc toxicity.Scores
		var sp []toxicity.Span
		if maxSpans > 0 {
			sc, sp = m.Explain(rec[textIdx], maxSpans)
		} else {
			sc = m.Score(rec[textIdx])
		}
		buf = appendResult(buf[:0], rec[idIdx], sc, sp, maxSpans > 0)
		if _, err := w.Write(buf); err != nil {
			return fmt.Errorf("score: writing output: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("score: writing output: %w", err)
	}
	return nil
}

// csvLineErr rewords encoding/csv errors so the line number leads.
func csvLineErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("line %d: %w", pe.Line, pe.Err)
	}
	return err
}

func appendResult(b []byte, id string, sc toxicity.Scores, sp []toxicity.Span, withSpans bool) []byte {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, id)
	b = append(b, `,"scores":{"toxicity":`...)
	b = appendScore(b, sc.Toxicity)
	b = append(b, `,"insult":`...)
	b = appendScore(b, sc.Insult)
	b = append(b, `,"identity_attack":`...)
	b = appendScore(b, sc.IdentityAttack)
	b = append(b, `,"threat":`...)
	b = appendScore(b, sc.Threat)
	b = append(b, `,"profanity":`...)
	b = appendScore(b, sc.Profanity)
	b = append(b, '}')
	if withSpans {
		b = append(b, `,"spans":[`...)
		for i, s := range sp {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"start":`...)
			b = strconv.AppendInt(b, int64(s.Start), 10)
			b = append(b, `,"end":`...)
			b = strconv.AppendInt(b, int64(s.End), 10)
			b = append(b, `,"text":`...)
			b = appendJSONString(b, s.Text)
			b = append(b, `,"category":`...)
			b = appendJSONString(b, string(s.Category))
			b = append(b, `,"weight":`...)
			b = appendScore(b, s.Weight)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}', '\n')
}

// appendScore writes a probability with four decimals: finer than any threshold a moderator sets.
func appendScore(b []byte, v float64) []byte {
	return strconv.AppendFloat(b, float64(int64(v*10000+0.5))/10000, 'f', -1, 64)
}

func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < 0x80 {
			b = append(b, c)
			i++
			continue
		}
		if c < 0x80 {
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// stringList is a repeatable flag that also splits on commas.
type stringList []string

func (s *stringList) String() string { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*s = append(*s, p)
		}
	}
	return nil
}

func cmdTrain(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "train", "train --data DIR_OR_FILES --out PATH [flags]\n\n"+
		"Trains the toxicity model on the labelled CSV files (and cuss-*.csv lexicon) found in --data,\n"+
		"never on the held-out split (hash of id mod 10 == 0). Same data and flags give the same bytes.\n"+
		"Progress goes to stderr.")
	var data stringList
	fs.Var(&data, "data", "data directories or CSV files, repeatable or comma-separated (env PARLEY_TOXICITY_DATA)")
	out := fs.String("out", "toxicity/model/model.bin.gz", "where to write the model")
	cfg := toxicity.DefaultTrainConfig()
	bits := fs.Uint("bits", uint(cfg.Bits), "log2 of the hashed feature space")
	fs.IntVar(&cfg.Epochs, "epochs", cfg.Epochs, "training passes")
	fs.Float64Var(&cfg.LR, "lr", cfg.LR, "Adagrad learning rate")
	fs.Float64Var(&cfg.L2, "l2", cfg.L2, "L2 penalty")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "shuffling seed")
	fs.Float64Var(&cfg.SynthW, "synth-weight", cfg.SynthW, "weight of the generated identity sentences")
	fs.BoolVar(&cfg.NoSynth, "no-synth", false, "train without the generated identity sentences")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	data = append(data, pos...)
	if len(data) == 0 {
		if v := e.getenv("PARLEY_TOXICITY_DATA"); v != "" {
			data.Set(v)
		} else {
			fs.Usage()
			return errors.New("train: --data is required")
		}
	}
	cfg.Bits = uint8(*bits)
	cfg.Progress = e.stderr
	d, err := toxicity.LoadData(data)
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	if len(d.Cuss) == 0 {
		return errors.New("train: no cuss-*.csv lexicon found in --data (the profanity lexicon is required)")
	}
	fmt.Fprintf(e.stderr, "loaded %d examples from %s\n", len(d.Examples), strings.Join(d.Files, ", "))
	m, err := toxicity.Train(d.Examples, d.Cuss, cfg)
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	tmp := *out + ".tmp"
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	if err := m.Save(f); err != nil {
		f.Close()
		return fmt.Errorf("train: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	if err := os.Rename(tmp, *out); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	st, err := os.Stat(*out)
	if err != nil {
		return fmt.Errorf("train: check the written model: %w", err)
	}
	fmt.Fprintf(e.stderr, "wrote %s (%d bytes)\n", *out, st.Size())
	return nil
}

func cmdEval(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "eval", "eval --data FILE... [flags]\n\n"+
		"Prints ROC-AUC, average precision and accuracy at 0.5 per dataset and category, and throughput.\n"+
		"Files whose name contains \"train\" are evaluated on their held-out split only (hash of id\n"+
		"mod 10 == 0, never trained on); other files are evaluated in full (--split overrides).")
	var data stringList
	fs.Var(&data, "data", "labelled CSV files or directories, repeatable or comma-separated")
	split := fs.String("split", "auto", "auto, heldout or all")
	modelPath := fs.String("model", envDefault(e, "PARLEY_TOXICITY_MODEL", ""), "model file to use instead of the embedded one (env PARLEY_TOXICITY_MODEL)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	data = append(data, pos...)
	if len(data) == 0 {
		fs.Usage()
		return errors.New("eval: --data is required")
	}
	if *split != "auto" && *split != "heldout" && *split != "all" {
		return fmt.Errorf("eval: --split %q: want auto, heldout or all", *split)
	}
	m, err := loadModel(*modelPath)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	var ex []toxicity.Example
	for _, p := range data {
		d, err := toxicity.LoadData([]string{p})
		if err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		for _, x := range d.Examples {
			held := *split == "heldout" || (*split == "auto" && strings.Contains(filepath.Base(p), "train"))
			if held && toxicity.SplitOf(x.ID) != toxicity.SplitHeld {
				continue
			}
			ex = append(ex, x)
		}
	}
	if len(ex) == 0 {
		return errors.New("eval: no examples to evaluate")
	}
	w := bufio.NewWriter(e.stdout)
	fmt.Fprintf(w, "%-22s %-16s %6s %6s %8s %8s %8s\n", "dataset", "category", "n", "pos", "roc_auc", "avg_prec", "acc@0.5")
	for _, r := range toxicity.Evaluate(m, ex) {
		fmt.Fprintf(w, "%-22s %-16s %6d %6d %8.4f %8.4f %8.4f\n", r.Dataset, r.Category, r.N, r.Pos, r.AUC, r.AP, r.Accuracy)
	}
	// Throughput: scoring alone, one goroutine, after a warm-up pass.
	for _, x := range ex[:min(len(ex), 200)] {
		m.Score(x.Text)
	}
	start := time.Now()
	for _, x := range ex {
		m.Score(x.Text)
	}
	el := time.Since(start)
	fmt.Fprintf(w, "throughput: %d comments in %s = %.0f comments/s (one goroutine, scoring only)\n",
		len(ex), el.Round(time.Millisecond), float64(len(ex))/el.Seconds())
	return w.Flush()
}
