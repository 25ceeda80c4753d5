package toxicity

import (
	"encoding/csv"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Example is one labelled text. A label is 1, 0, or -1 when the dataset says nothing about that
// head (Davidson has no insult labels).
type Example struct {
	ID      string
	Text    string
	Dataset string
	Labels  [numCats]int8 // in the order of Categories; the learned heads come first
	// Soft, when the dataset has annotator counts, is the share of annotators who chose each
	// label (-1: none); training can fit it instead of the majority label.
	Soft [numCats]float32
	Line int // line in its file, for error messages
}

const numCats = 5

// Label returns the example's label for c, or -1.
func (e *Example) Label(c Category) int8 {
	for i, cc := range Categories {
		if cc == c {
			return e.Labels[i]
		}
	}
	return -1
}

// datasetSpec maps one kind of labelled file onto Parley's categories. Adding a dataset means
// adding a row here: a file-name pattern and a function from a row's columns to labels.
type datasetSpec struct {
	name    string
	pattern string // filepath.Match pattern on the base name
	columns []string
	labels  func(col func(string) string) ([numCats]int8, error)
	soft    func(col func(string) string) [numCats]float32 // nil: no annotator counts
}

func noSoft() [numCats]float32 { return [numCats]float32{-1, -1, -1, -1, -1} }

func unknownLabels() [numCats]int8 { return [numCats]int8{-1, -1, -1, -1, -1} }

var datasetSpecs = []datasetSpec{
	{
		name: "davidson", pattern: "davidson*.csv", columns: []string{"id", "text", "class"},
		soft: func(col func(string) string) [numCats]float32 {
			l := noSoft()
			h, err1 := strconv.Atoi(col("hate_speech"))
			o, err2 := strconv.Atoi(col("offensive_language"))
			n, err3 := strconv.Atoi(col("neither"))
			if err1 != nil || err2 != nil || err3 != nil || h+o+n == 0 {
				return l
			}
			t := float32(h + o + n)
			l[headTox], l[headIdentity] = float32(h+o)/t, float32(h)/t
			return l
		},
		labels: func(col func(string) string) ([numCats]int8, error) {
			l := unknownLabels()
			switch col("class") {
			case "0":
				l[headTox], l[headIdentity] = 1, 1
			case "1":
				l[headTox], l[headIdentity] = 1, 0
			case "2":
				l[headTox], l[headIdentity] = 0, 0
			default:
				return l, fmt.Errorf("class %q is not 0, 1 or 2", col("class"))
			}
			return l, nil
		},
	},
	{
		name: "olid", pattern: "olid*.csv", columns: []string{"id", "text", "offensive", "targeted", "target"},
		labels: func(col func(string) string) ([numCats]int8, error) {
			l := unknownLabels()
			switch col("offensive") {
			case "1":
				l[headTox] = 1
				l[headInsult] = b2i(col("targeted") == "1" && col("target") == "IND")
				// A targeted attack on a group may be hate; OLID does not say, so no label.
				if col("target") != "GRP" {
					l[headIdentity] = 0
				}
			case "0":
				l[headTox], l[headInsult], l[headIdentity] = 0, 0, 0
			default:
				return l, fmt.Errorf("offensive %q is not 0 or 1", col("offensive"))
			}
			return l, nil
		},
	},
	{
		// Parley's own format, used by the functional test sentences: one 0/1 column per category,
		// any subset, empty meaning unknown.
		name: "parley", pattern: "*.csv", columns: []string{"id", "text"},
		labels: func(col func(string) string) ([numCats]int8, error) {
			l := unknownLabels()
			for h, c := range Categories {
				switch col(string(c)) {
				case "1":
					l[h] = 1
				case "0":
					l[h] = 0
				}
			}
			return l, nil
		},
	},
}

func b2i(b bool) int8 {
	if b {
		return 1
	}
	return 0
}

// Split says which part of the data an example belongs to, fixed by a hash of its id so it never
// changes between runs or when files are reordered.
type Split int

const (
	SplitTrain Split = iota
	SplitCalib       // fits the calibration, never the weights
	SplitHeld        // evaluation only: never trained or calibrated on
)

// SplitOf returns the split of an id: hash mod 10 == 0 held out, == 1 calibration.
func SplitOf(id string) Split {
	h := fnv.New32a()
	h.Write([]byte(id))
	switch h.Sum32() % 10 {
	case 0:
		return SplitHeld
	case 1:
		return SplitCalib
	}
	return SplitTrain
}

// Data is what the loader found: labelled examples per file and the profanity lexicon.
type Data struct {
	Examples []Example
	Cuss     map[string]int8
	Files    []string
}

// LoadData reads labelled CSV files and lexicons from the given files and directories
// (directories are searched recursively for *.csv, in sorted order).
func LoadData(paths []string) (*Data, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("data: %w", err)
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(d.Name(), ".csv") {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("data: %w", err)
		}
	}
	sort.Strings(files)
	d := &Data{Cuss: map[string]int8{}}
	for _, f := range files {
		if err := d.loadFile(f); err != nil {
			return nil, err
		}
		d.Files = append(d.Files, f)
	}
	return d, nil
}

func (d *Data) loadFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("data: %w", err)
	}
	defer f.Close()
	base := filepath.Base(path)
	if ok, _ := filepath.Match("cuss*.csv", base); ok {
		return d.loadCuss(f, path)
	}
	for _, spec := range datasetSpecs {
		if ok, _ := filepath.Match(spec.pattern, base); ok {
			ex, err := ReadExamples(f, spec.name, path)
			if err != nil {
				return err
			}
			d.Examples = append(d.Examples, ex...)
			return nil
		}
	}
	return fmt.Errorf("data: %s: no dataset spec matches this file name", path)
}

// ReadExamples reads one labelled CSV with the named spec's column mapping. Every row must parse:
// a bad row is an error naming its line.
func ReadExamples(r io.Reader, specName, path string) ([]Example, error) {
	var spec *datasetSpec
	for i := range datasetSpecs {
		if datasetSpecs[i].name == specName {
			spec = &datasetSpecs[i]
		}
	}
	if spec == nil {
		return nil, fmt.Errorf("data: unknown dataset spec %q", specName)
	}
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("data: %s: header: %w", path, err)
	}
	idx := map[string]int{}
	for i, h := range header {
		idx[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, c := range spec.columns {
		if _, ok := idx[c]; !ok {
			return nil, fmt.Errorf("data: %s: missing column %q (spec %s)", path, c, spec.name)
		}
	}
	name := spec.name
	if spec.name == "parley" {
		// Own-format files are reported under their file name: "functional", not "parley".
		name = strings.TrimSuffix(filepath.Base(path), ".csv")
	}
	var out []Example
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("data: %s: %w", path, err)
		}
		line, _ := cr.FieldPos(0)
		col := func(name string) string {
			if i, ok := idx[name]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		labels, err := spec.labels(col)
		if err != nil {
			return nil, fmt.Errorf("data: %s line %d: %w", path, line, err)
		}
		soft := noSoft()
		if spec.soft != nil {
			soft = spec.soft(col)
		}
		out = append(out, Example{ID: col("id"), Text: rec[idx["text"]], Dataset: name, Labels: labels, Soft: soft, Line: line})
	}
	return out, nil
}

func (d *Data) loadCuss(r io.Reader, path string) error {
	cr := csv.NewReader(r)
	recs, err := cr.ReadAll()
	if err != nil {
		return fmt.Errorf("data: %s: %w", path, err)
	}
	for i, rec := range recs {
		if i == 0 || len(rec) < 2 {
			continue
		}
		v, err := strconv.Atoi(rec[1])
		if err != nil || v < 0 || v > 2 {
			return fmt.Errorf("data: %s line %d: rating %q is not 0, 1 or 2", path, i+1, rec[1])
		}
		d.Cuss[strings.ToLower(strings.TrimSpace(rec[0]))] = int8(v)
	}
	return nil
}
