package toxicity

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

func TestEmbeddedModelRoundTrips(t *testing.T) {
	m := Default()
	if m == nil || len(m.w) == 0 || len(m.cuss) == 0 {
		t.Fatal("embedded model is empty")
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"you are an idiot", "have a nice day", "k1ll all the immigrants"} {
		if a, b := m.Score(s), m2.Score(s); a != b {
			t.Errorf("%q: saved and reloaded model scores %+v, original %+v", s, b, a)
		}
	}
	if _, err := Load(bytes.NewReader(embedded[:len(embedded)/2])); err == nil {
		t.Error("Load accepted a truncated model")
	}
}

func TestScoresInRangeAndConcurrent(t *testing.T) {
	m := Default()
	texts := []string{"", "hello", "FUCK YOU", "I will kill you", "Muslims are vermin", strings.Repeat("word ", 2000)}
	want := make([]Scores, len(texts))
	for i, s := range texts {
		want[i] = m.Score(s)
		for _, c := range Categories {
			if v := want[i].Get(c); !(v >= 0 && v <= 1) {
				t.Errorf("%q: %s = %v out of [0,1]", s, c, v)
			}
		}
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < 50; r++ {
				for i, s := range texts {
					if got := m.Score(s); got != want[i] {
						t.Errorf("concurrent score of %q differs", s)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

func TestExplainSpans(t *testing.T) {
	m := Default()
	text := "Ｈｅｙ you stupid 1d10t, I will find you and hurt you"
	sc, spans := m.Explain(text, 5)
	if sc.Insult < 0.5 || sc.Threat < 0.5 {
		t.Errorf("scores %+v: want insult and threat >= 0.5", sc)
	}
	if len(spans) == 0 {
		t.Fatal("no spans")
	}
	runes := []rune(text)
	cats := map[Category]bool{}
	for _, sp := range spans {
		if sp.Start < 0 || sp.End > len(runes) || sp.Start >= sp.End {
			t.Fatalf("span %+v out of range", sp)
		}
		if got := string(runes[sp.Start:sp.End]); got != sp.Text {
			t.Errorf("span text %q, original has %q there", sp.Text, got)
		}
		cats[sp.Category] = true
	}
	if !cats[Threat] {
		t.Errorf("no threat span among %+v", spans)
	}
	found := false
	for _, sp := range spans {
		if sp.Text == "1d10t" || sp.Text == "stupid" {
			found = true
		}
	}
	if !found {
		t.Errorf("spans %+v do not point at the insult", spans)
	}
}

// readSample reads a committed labelled sample through the dataset specs.
func readSample(t *testing.T, name string) []Example {
	t.Helper()
	d, err := LoadData([]string{filepath.Join("testdata", name)})
	if err != nil {
		t.Fatal(err)
	}
	return d.Examples
}

// Floors are set a little under the measured values (see docs/toxicity.md); a broken model or
// normaliser falls far below them. The sample rows come from the held-out split.
func TestSampleAUCFloors(t *testing.T) {
	m := Default()
	floors := map[string]float64{
		"davidson/toxicity":        0.975,
		"davidson/identity_attack": 0.83,
		"olid/toxicity":            0.86,
		"olid/insult":              0.71,
	}
	var ex []Example
	ex = append(ex, readSample(t, "davidson-sample.csv")...)
	ex = append(ex, readSample(t, "olid-sample.csv")...)
	seen := 0
	for _, r := range Evaluate(m, ex) {
		key := r.Dataset + "/" + string(r.Category)
		if f, ok := floors[key]; ok {
			seen++
			t.Logf("%s: AUC %.4f (floor %.2f), n=%d", key, r.AUC, f, r.N)
			if r.AUC < f {
				t.Errorf("%s: AUC %.4f below floor %.2f", key, r.AUC, f)
			}
		}
	}
	if seen != len(floors) {
		t.Fatalf("evaluated %d of %d floors", seen, len(floors))
	}
}

func readFunctional(t *testing.T) [][]string {
	t.Helper()
	f, err := os.Open("testdata/functional.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[1:]
}

// The hand-written functional sentences: hate, obfuscated hate and threats must be caught; neutral
// and positive mentions of groups, counter-speech, negation and non-threats must not be.
func TestFunctionalSuite(t *testing.T) {
	m := Default()
	type tally struct{ ok, n int }
	byKind := map[string]*tally{}
	for _, r := range readFunctional(t) {
		text, kind, ida, thr := r[1], r[2], r[4], r[5]
		sc := m.Score(text)
		check := func(label string, v float64) {
			if label == "" {
				return
			}
			k := byKind[kind]
			if k == nil {
				k = &tally{}
				byKind[kind] = k
			}
			k.n++
			if (v >= 0.5) == (label == "1") {
				k.ok++
			} else {
				t.Logf("miss %-12s %-60q identity=%.2f threat=%.2f", kind, text, sc.IdentityAttack, sc.Threat)
			}
		}
		check(ida, sc.IdentityAttack)
		check(thr, sc.Threat)
	}
	// Minimum share right per kind, set from measurement.
	floors := map[string]float64{
		"hate": 0.85, "hate-threat": 0.9, "obfuscated": 0.75, "neutral": 0.9, "positive": 0.9,
		"counter": 0.6, "negation": 0.7, "threat": 0.85, "non-threat": 0.8, "individual": 1, "non-protected": 0.6,
	}
	for kind, f := range floors {
		k := byKind[kind]
		if k == nil {
			t.Errorf("no sentences of kind %q", kind)
			continue
		}
		acc := float64(k.ok) / float64(k.n)
		t.Logf("%-14s %2d/%2d = %.2f (floor %.2f)", kind, k.ok, k.n, acc, f)
		if acc < f {
			t.Errorf("%s: %.2f below floor %.2f", kind, acc, f)
		}
	}
}

// The blind hand-written sets, each first scored before any rule was tuned on it (docs/toxicity.md
// reports those figures); they now guard against regressions. groups-neutral.csv is news-style
// sentences naming groups, none of them an attack.
func TestBlindSet(t *testing.T) {
	m := Default()
	var ex []Example
	for _, f := range []string{"blind.csv", "blind2.csv", "blind3.csv", "blind4.csv", "blind5.csv", "blind6.csv", "blind7.csv", "blind8.csv", "blind9.csv", "blind10.csv", "blind11.csv", "blind12.csv", "blind13.csv", "blind14.csv", "blind15.csv", "blind16.csv", "blind17.csv", "blind18.csv", "blind19.csv", "blind20.csv", "blind21.csv", "blind22.csv", "blind23.csv", "blind29.csv", "news-mentions.csv", "news-mentions2.csv", "counter.csv", "counter2.csv", "groups-neutral.csv", "groups-news.csv", "news-thread24.csv", "news-thread25.csv", "news-thread26.csv", "news-thread27.csv", "news-thread28.csv", "news-thread30.csv", "hard-negatives.csv"} {
		ex = append(ex, readSample(t, f)...)
	}
	// blind10 to blind19 have rows for every kind of a functional suite, implicit hate and slur
	// homonyms included; their toxicity labels call every hateful sentence toxic, however politely
	// put.
	lower := map[string]map[Category]float64{"blind10": {IdentityAttack: 0.85, Toxicity: 0.75, Threat: 0.93}, "blind11": {Toxicity: 0.82}, "blind12": {Toxicity: 0.8}, "blind13": {Toxicity: 0.78},
		"blind14": {Toxicity: 0.75}, "blind15": {IdentityAttack: 0.84, Toxicity: 0.75},
		"blind16": {IdentityAttack: 0.86, Toxicity: 0.77},
		"blind17": {Toxicity: 0.82}, "blind18": {Toxicity: 0.8}, "blind19": {Toxicity: 0.82},
		// blind20 to blind22 hold only the hardest kinds (questions, pronoun reference, implicit
		// derogation, opinions, counter-speech, neutral questions): 67.7, 70.8 and 61.5 % at first
		// run. blind23 has every kind again: 91.4 % at first run.
		"blind20": {IdentityAttack: 0.78, Toxicity: 0.7}, "blind21": {IdentityAttack: 0.78, Toxicity: 0.7},
		"blind22": {IdentityAttack: 0.7, Toxicity: 0.65}, "blind23": {Toxicity: 0.78},
		// blind29 (session 5) has every kind again: identity_attack 90.5 % at first run.
		"blind29": {Toxicity: 0.82},
		// Whole news threads (session 5): civil and heated comments, insults without swearing,
		// veiled threats, dog whistles. Rows right on every label with the session's starting
		// code: 68.6, 63.3, 65.0, 67.1, 63.8 and 62.5 %; at first run, after the fixes for the
		// sets before it: 68.6, 72.5, 70.4, 73.3, 71.3 and 71.3 % (news-thread30: long comments,
		// the abuse in one sentence of several).
		"news-thread24": {Toxicity: 0.88, IdentityAttack: 0.9, Threat: 0.95, Insult: 0.95},
		"news-thread25": {Toxicity: 0.84, IdentityAttack: 0.9, Threat: 0.95, Insult: 0.9},
		"news-thread26": {Toxicity: 0.76, IdentityAttack: 0.86, Threat: 0.92, Insult: 0.9},
		"news-thread27": {Toxicity: 0.75, IdentityAttack: 0.87, Threat: 0.92, Insult: 0.9},
		"news-thread28": {Toxicity: 0.74, IdentityAttack: 0.87, Threat: 0.92, Insult: 0.9},
		"news-thread30": {Toxicity: 0.82, IdentityAttack: 0.88, Threat: 0.93, Insult: 0.94},
		// Comments that only look abusive (praise slang, self-mockery, idioms, reports of
		// threats, literal "pig farm"), with 30 abusive controls: 88.6 % of the benign rows
		// right at first run (90.5 % with the session-start code, which caught fewer controls).
		"hard-negatives": {Toxicity: 0.88, IdentityAttack: 0.96, Threat: 0.95, Insult: 0.96}}
	for _, r := range Evaluate(m, ex) {
		floor := map[Category]float64{IdentityAttack: 0.9, Threat: 0.8, Toxicity: 0.85}[r.Category]
		if f, ok := lower[r.Dataset][r.Category]; ok {
			floor = f
		}
		t.Logf("%s %s: accuracy %.3f AUC %.3f (n=%d)", r.Dataset, r.Category, r.Accuracy, r.AUC, r.N)
		if r.Accuracy < floor {
			t.Errorf("%s %s accuracy %.3f below %.2f", r.Dataset, r.Category, r.Accuracy, floor)
		}
	}
}

// Pairs: hate must outscore the same words quoted in condemnation, and naming a group must not.
func TestIdentityPairs(t *testing.T) {
	m := Default()
	pairs := [][2]string{
		{"Muslims are vermin.", `Saying "Muslims are vermin" is disgusting.`},
		{"Gay people are freaks.", "Gay people are not freaks."},
		{"Immigrants are rats.", "People who call immigrants rats are racist."},
		{"Black people are savages.", "Black lives matter."},
		{"Women are worthless.", "I am a gay Muslim woman."},
	}
	for _, p := range pairs {
		hate, other := m.Score(p[0]).IdentityAttack, m.Score(p[1]).IdentityAttack
		if hate < 0.5 || other >= 0.5 || other >= hate {
			t.Errorf("%q = %.2f should be >= 0.5 and above %q = %.2f (< 0.5)", p[0], hate, p[1], other)
		}
	}
}

// A tiny model trained twice on the committed sample must come out byte for byte the same.
func TestTrainDeterministic(t *testing.T) {
	ex := append(readSample(t, "davidson-sample.csv"), readSample(t, "olid-sample.csv")...)
	cuss := map[string]int8{"fuck": 2, "shit": 1, "idiot": 2, "gay": 0, "bitch": 1}
	cfg := DefaultTrainConfig()
	cfg.Bits, cfg.Epochs = 14, 2
	var out [2][]byte
	for i := range out {
		m, err := Train(ex, cuss, cfg)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := m.Save(&buf); err != nil {
			t.Fatal(err)
		}
		out[i] = buf.Bytes()
	}
	if !bytes.Equal(out[0], out[1]) {
		t.Fatal("two trainings on the same data gave different model bytes")
	}
	if len(out[0]) < 1000 {
		t.Fatalf("model suspiciously small: %d bytes", len(out[0]))
	}
}

func TestProfanityAndThreatRules(t *testing.T) {
	m := Default()
	for _, s := range []string{"what the fuck", "this is bullsh1t", "f u c k this", "sh*t"} {
		if p := m.Score(s).Profanity; p < 0.5 {
			t.Errorf("profanity(%q) = %.2f, want >= 0.5", s, p)
		}
	}
	for _, s := range []string{"have a lovely day", "the weather is nice", "I love my mum"} {
		sc := m.Score(s)
		for _, c := range Categories {
			if sc.Get(c) >= 0.5 {
				t.Errorf("%s(%q) = %.2f, want < 0.5", c, s, sc.Get(c))
			}
		}
	}
	if n := utf8.RuneCountInString("x"); n != 1 {
		t.Fatal(n)
	}
}

// Inputs built to be slow (many wildcards, long letter runs, huge glued words, one endless
// sentence full of groups) must cost time linear in their length: scoring runs on every post.
// The test asserts no time, only growth: eight times the input may take at most 24 times as
// long (linear is 8, quadratic 64), each size timed at its fastest of three runs, so a slow or
// busy machine, or the race detector, changes both sides alike.
func TestPathologicalInputsAreLinear(t *testing.T) {
	m := Default()
	units := []struct {
		unit string
		reps int // at the larger size
	}{
		{"a*", 5000},
		{"f ", 20000},
		{"x", 100000},
		{"*a*b*c*d*e*f*g*h ", 2000},
		{"k.i.l.l ", 5000},
		{"&#1234;", 10000},
		{"kill muslims hate vermin not ", 5000},
		{"why are muslims and gay people nice ", 4000}, // every group tried in one sentence
	}
	cost := func(in string) time.Duration {
		best := time.Duration(1 << 62)
		for range 3 {
			start := time.Now()
			m.Explain(in, 5)
			best = min(best, time.Since(start))
		}
		return best
	}
	for _, u := range units {
		small := cost(strings.Repeat(u.unit, u.reps/8))
		large := cost(strings.Repeat(u.unit, u.reps))
		// A floor of 2 ms for the small input keeps timer noise on tiny inputs from failing it.
		if large > 24*max(small, 2*time.Millisecond) {
			t.Errorf("%q × %d took %s, × %d took %s: worse than linear", u.unit, u.reps, large, u.reps/8, small)
		}
	}
}

func BenchmarkScore(b *testing.B) {
	m := Default()
	texts := []string{
		"@USER You are a complete idiot and everyone knows it. Go away!!!",
		"I really enjoyed this article, thanks for writing it. The part about the budget was eye-opening.",
		"RT @someone: these hoes aint loyal lmao #realtalk http://t.co/xyz",
		"Muslims are vermin and should be deported, all of them.",
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		m.Score(texts[i%len(texts)])
	}
}

// slurAttack skips words without flagSlur, so every strong slur must carry it.
func TestStrongSlursAreSlurs(t *testing.T) {
	lx := Default().lx
	for w := range strongSlurs {
		if lx.words[w].flags&flagSlur == 0 {
			t.Errorf("%q is a strong slur without flagSlur", w)
		}
	}
}
