package moderation

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"parley"
	"parley/toxicity"
)

// fake is a deterministic classifier: fixed scores and spans, and a normaliser that lower-cases,
// drops dots and stars inside words ("F.U.C.K" → "fuck") and turns other punctuation into spaces.
type fake struct {
	s     toxicity.Scores
	spans []toxicity.Span
}

func (f fake) Explain(string, int) (toxicity.Scores, []toxicity.Span) {
	return f.s, slices.Clone(f.spans)
}

func (fake) Normalize(text string) (string, []int) {
	var b strings.Builder
	var offs []int
	i := 0
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			offs = append(offs, i)
		case r == '.' || r == '*':
		case b.Len() > 0 && !strings.HasSuffix(b.String(), " "):
			b.WriteByte(' ')
			offs = append(offs, i)
		}
		i++
	}
	out := b.String()
	if strings.HasSuffix(out, " ") {
		out, offs = out[:len(out)-1], offs[:len(offs)-1]
	}
	return out, offs
}

var (
	now     = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	newbie  = parley.Standing{}
	basic   = parley.Standing{Approved: 5}
	trusted = parley.Standing{Approved: 20, Rejected: 1}
	calm    = toxicity.Scores{Toxicity: 0.1, Insult: 0.05, IdentityAttack: 0.01, Threat: 0.01, Profanity: 0.01}
)

// sc returns calm scores with some categories raised.
func sc(kv ...any) toxicity.Scores {
	s := calm
	for i := 0; i < len(kv); i += 2 {
		v := kv[i+1].(float64)
		switch toxicity.Category(kv[i].(string)) {
		case toxicity.Toxicity:
			s.Toxicity = v
		case toxicity.Insult:
			s.Insult = v
		case toxicity.IdentityAttack:
			s.IdentityAttack = v
		case toxicity.Threat:
			s.Threat = v
		case toxicity.Profanity:
			s.Profanity = v
		}
	}
	return s
}

func decide(t *testing.T, c Classifier, text string, set parley.ModerationSettings, st parley.Standing, mod func(*parley.ModerationInput)) parley.Decision {
	t.Helper()
	in := parley.ModerationInput{
		Site:     &parley.Site{ID: "s", Settings: parley.SiteSettings{Moderation: set}},
		Thread:   &parley.Thread{ID: 1},
		Author:   &parley.User{ID: 7, Role: parley.RoleReader},
		Standing: st,
		Text:     text,
		Now:      now,
	}
	if mod != nil {
		mod(&in)
	}
	return New(c).Decide(context.Background(), in)
}

func codes(d parley.Decision) []string {
	var cs []string
	for _, r := range d.Reasons {
		cs = append(cs, r.Code)
	}
	return cs
}

func TestDecide(t *testing.T) {
	fast := func(first, last time.Duration) func(*parley.ModerationInput) {
		return func(in *parley.ModerationInput) {
			in.Standing.FirstCommentAt, in.Standing.LastCommentAt = now.Add(-first), now.Add(-last)
		}
	}
	heated := func(in *parley.ModerationInput) {
		in.Heat = &parley.Temperature{Recent: 30, MeanToxicity: 0.5, Rising: true, Heated: true}
	}
	staff := func(in *parley.ModerationInput) { in.Author.Role = parley.RoleModerator }
	imported := func(in *parley.ModerationInput) { in.Imported = true }
	repeats := func(n int) func(*parley.ModerationInput) {
		return func(in *parley.ModerationInput) { in.Repeats = n }
	}
	all := func(ms ...func(*parley.ModerationInput)) func(*parley.ModerationInput) {
		return func(in *parley.ModerationInput) {
			for _, m := range ms {
				m(in)
			}
		}
	}
	words := parley.ModerationSettings{BannedWords: []string{"fuck", "kill yourself", "Scum*"}, SuspectWords: []string{"ass", "crook"}}
	premod := parley.ModerationSettings{Heated: parley.HeatedPremod}
	const links3 = "see https://a.example http://b.example and www.c.example"
	const links2 = "see https://a.example and https://b.example"

	tests := []struct {
		name   string
		s      toxicity.Scores
		text   string
		set    parley.ModerationSettings
		st     parley.Standing
		mod    func(*parley.ModerationInput)
		action parley.Action
		codes  []string
		nudge  bool
	}{
		{name: "calm comment publishes", s: calm, text: "fair point", st: basic, action: "publish"},
		{name: "nil site uses defaults", s: sc("insult", 0.6), st: basic, mod: func(in *parley.ModerationInput) { in.Site = nil }, action: "hold", codes: []string{"insult"}, nudge: true},

		// Classifier categories.
		{name: "insult holds with nudge", s: sc("insult", 0.6), st: basic, action: "hold", codes: []string{"insult"}, nudge: true},
		{name: "score just under the bar publishes", s: sc("insult", 0.499), st: basic, action: "publish"},
		{name: "score at the bar holds", s: sc("threat", 0.5), st: basic, action: "hold", codes: []string{"threat"}, nudge: true},
		{name: "NoNudge turns the nudge off", s: sc("insult", 0.6), set: parley.ModerationSettings{NoNudge: true}, st: basic, action: "hold", codes: []string{"insult"}},
		{name: "very high threat rejects", s: sc("threat", 0.99, "toxicity", 0.9), st: basic, action: "reject", codes: []string{"threat", "toxicity"}},
		{name: "very high identity attack rejects", s: sc("identity_attack", 0.985), st: basic, action: "reject", codes: []string{"identity_attack"}},
		{name: "insult never rejects by default", s: sc("insult", 0.999), st: basic, action: "hold", codes: []string{"insult"}, nudge: true},
		{name: "site reject bar for insult", s: sc("insult", 0.95), set: parley.ModerationSettings{RejectAt: map[string]float64{"insult": 0.9}}, st: basic, action: "reject", codes: []string{"insult"}},
		{name: "site hold bar lowered", s: sc("threat", 0.35), set: parley.ModerationSettings{HoldAt: map[string]float64{"threat": 0.3}}, st: basic, action: "hold", codes: []string{"threat"}, nudge: true},
		{name: "hold bar above 1 turns a category off", s: sc("insult", 0.99), set: parley.ModerationSettings{HoldAt: map[string]float64{"insult": 1.5}}, st: basic, action: "publish"},
		{name: "zero hold bar means the default", s: sc("insult", 0.3), set: parley.ModerationSettings{HoldAt: map[string]float64{"insult": 0}}, st: basic, action: "publish"},
		{name: "toxicity without swearing holds", s: sc("toxicity", 0.7), st: basic, action: "hold", codes: []string{"toxicity"}, nudge: true},

		// Swearing.
		{name: "strong swearing alone publishes", s: sc("toxicity", 0.99, "profanity", 0.93), st: basic, action: "publish"},
		{name: "mild swearing alone publishes", s: sc("toxicity", 0.98, "profanity", 0.6), st: basic, action: "publish"},
		{name: "swearing with an insult holds on both", s: sc("toxicity", 0.99, "profanity", 0.93, "insult", 0.6), st: basic, action: "hold", codes: []string{"insult", "toxicity"}, nudge: true},
		{name: "site that holds swearing", s: sc("toxicity", 0.9, "profanity", 0.6), set: parley.ModerationSettings{HoldAt: map[string]float64{"profanity": 0.5}}, st: basic, action: "hold", codes: []string{"profanity", "toxicity"}, nudge: true},

		// Trust.
		{name: "trusted author: borderline insult publishes", s: sc("insult", 0.55), st: trusted, action: "publish"},
		{name: "trusted author: clear insult holds", s: sc("insult", 0.65), st: trusted, action: "hold", codes: []string{"insult"}, nudge: true},
		{name: "trusted author: threat bar unchanged", s: sc("threat", 0.55), st: trusted, action: "hold", codes: []string{"threat"}, nudge: true},
		{name: "trusted author: identity bar unchanged", s: sc("identity_attack", 0.55), st: trusted, action: "hold", codes: []string{"identity_attack"}, nudge: true},
		{name: "basic author gets no bonus", s: sc("insult", 0.55), st: basic, action: "hold", codes: []string{"insult"}, nudge: true},

		// Word lists.
		{name: "banned word rejects", s: calm, text: "well FUCK that", set: words, st: basic, action: "reject", codes: []string{"banned_word"}},
		{name: "obfuscated banned word rejects", s: calm, text: "f.u.c.k that", set: words, st: trusted, action: "reject", codes: []string{"banned_word"}},
		{name: "banned phrase rejects", s: calm, text: "just kill   yourself!", set: words, st: basic, action: "reject", codes: []string{"banned_word"}},
		{name: "banned prefix rejects", s: calm, text: "you scumbags", set: words, st: basic, action: "reject", codes: []string{"banned_word"}},
		{name: "words match whole words only", s: calm, text: "a classic crooked killer of yourself", set: words, st: basic, action: "publish"},
		{name: "suspect word holds without nudge", s: calm, text: "what a crook", set: words, st: basic, action: "hold", codes: []string{"suspect_word"}},
		{name: "suspect word and insult: no nudge", s: sc("insult", 0.7), text: "you crook", set: words, st: basic, action: "hold", codes: []string{"insult", "suspect_word"}},
		{name: "each entry once however often it occurs", s: calm, text: "crook crook ass", set: words, st: basic, action: "hold", codes: []string{"suspect_word", "suspect_word"}},

		// Links and repeats.
		{name: "three links hold", s: calm, text: links3, st: basic, action: "hold", codes: []string{"links"}},
		{name: "two links publish", s: calm, text: links2, st: basic, action: "publish"},
		{name: "new author's one link holds", s: calm, text: "see https://a.example", st: newbie, action: "hold", codes: []string{"links"}},
		{name: "new author's link under a higher limit", s: calm, text: "see https://a.example", set: parley.ModerationSettings{MaxLinks: 3}, st: newbie, action: "publish"},
		{name: "basic author's one link publishes", s: calm, text: "see https://a.example", st: basic, action: "publish"},
		{name: "negative MaxLinks forbids links", s: calm, text: "see https://a.example", set: parley.ModerationSettings{MaxLinks: -1}, st: trusted, action: "hold", codes: []string{"links"}},
		{name: "higher MaxLinks", s: calm, text: links3, set: parley.ModerationSettings{MaxLinks: 5}, st: basic, action: "publish"},
		{name: "one repeat is a double submit", s: calm, st: basic, mod: repeats(1), action: "publish"},
		{name: "two repeats hold", s: calm, st: basic, mod: repeats(2), action: "hold", codes: []string{"repeated_text"}},
		{name: "five repeats reject", s: calm, st: basic, mod: repeats(5), action: "reject", codes: []string{"repeated_text"}},

		// Pace.
		{name: "new account posting fast holds", s: calm, st: newbie, mod: fast(5*time.Minute, 10*time.Second), action: "hold", codes: []string{"new_user_fast"}},
		{name: "new account posting at a human pace", s: calm, st: newbie, mod: fast(5*time.Minute, 40*time.Second), action: "publish"},
		{name: "account past its first ten minutes", s: calm, st: newbie, mod: fast(15*time.Minute, 10*time.Second), action: "publish"},
		{name: "first comment ever is not fast", s: calm, st: newbie, action: "publish"},
		{name: "basic author posting fast", s: calm, st: basic, mod: fast(5*time.Minute, 10*time.Second), action: "publish"},

		// Site mode.
		{name: "pre: new author held", s: calm, set: parley.ModerationSettings{Mode: parley.ModePre}, st: newbie, action: "hold", codes: []string{"pre_moderation"}},
		{name: "pre: basic author held", s: calm, set: parley.ModerationSettings{Mode: parley.ModePre}, st: basic, action: "hold", codes: []string{"pre_moderation"}},
		{name: "pre: trusted author skips", s: calm, set: parley.ModerationSettings{Mode: parley.ModePre}, st: trusted, action: "publish"},
		{name: "pre: staff skip", s: calm, set: parley.ModerationSettings{Mode: parley.ModePre}, st: newbie, mod: staff, action: "publish"},
		{name: "pre: insult too, no nudge", s: sc("insult", 0.7), set: parley.ModerationSettings{Mode: parley.ModePre}, st: basic, action: "hold", codes: []string{"insult", "pre_moderation"}},
		{name: "pre_new: new author held", s: calm, set: parley.ModerationSettings{Mode: parley.ModePreNew}, st: newbie, action: "hold", codes: []string{"new_user_pre_moderation"}},
		{name: "pre_new: basic author publishes", s: calm, set: parley.ModerationSettings{Mode: parley.ModePreNew}, st: basic, action: "publish"},
		{name: "post mode spelled out", s: calm, set: parley.ModerationSettings{Mode: parley.ModePost}, st: newbie, action: "publish"},
		{name: "unknown mode holds", s: calm, set: parley.ModerationSettings{Mode: "prem"}, st: trusted, action: "hold", codes: []string{"pre_moderation"}},

		// Heat.
		{name: "heated thread with premod holds", s: calm, set: premod, st: basic, mod: heated, action: "hold", codes: []string{"heated_thread"}},
		{name: "heated thread holds trusted authors too", s: calm, set: premod, st: trusted, mod: heated, action: "hold", codes: []string{"heated_thread"}},
		{name: "heated thread with slow mode is the service's job", s: calm, set: parley.ModerationSettings{Heated: parley.HeatedSlow}, st: basic, mod: heated, action: "publish"},
		{name: "calm thread with premod", s: calm, set: premod, st: basic, mod: func(in *parley.ModerationInput) { in.Heat = &parley.Temperature{Recent: 30} }, action: "publish"},

		// Imported comments: words only.
		{name: "imported skips mode, pace and heat", s: calm, set: parley.ModerationSettings{Mode: parley.ModePre, Heated: parley.HeatedPremod}, st: newbie,
			mod: all(imported, heated, fast(time.Minute, time.Second)), action: "publish"},
		{name: "imported keeps banned words", s: calm, text: "fuck", set: words, st: newbie, mod: imported, action: "reject", codes: []string{"banned_word"}},
		{name: "imported keeps the classifier", s: sc("threat", 0.8), st: newbie, mod: imported, action: "hold", codes: []string{"threat"}, nudge: true},
		{name: "imported: new author's links count once", s: calm, text: links2, st: newbie, mod: imported, action: "publish"},
		{name: "imported keeps repeats", s: calm, st: newbie, mod: all(imported, repeats(3)), action: "hold", codes: []string{"repeated_text"}},

		// Combinations: the strictest wins, every reason is kept, rejects first.
		{name: "banned word, insult, pre-moderation", s: sc("insult", 0.7), text: "fuck off", set: parley.ModerationSettings{Mode: parley.ModePre, BannedWords: []string{"fuck"}}, st: newbie,
			action: "reject", codes: []string{"banned_word", "insult", "pre_moderation"}},
		{name: "everything at once", s: sc("threat", 0.99, "insult", 0.7), text: links3 + " crook",
			set: parley.ModerationSettings{Mode: parley.ModePreNew, Heated: parley.HeatedPremod, SuspectWords: []string{"crook"}}, st: newbie,
			mod:    all(heated, repeats(2), fast(time.Minute, time.Second)),
			action: "reject", codes: []string{"threat", "heated_thread", "insult", "links", "new_user_fast", "new_user_pre_moderation", "repeated_text", "suspect_word"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := tt.text
			if text == "" {
				text = "some comment"
			}
			d := decide(t, fake{s: tt.s}, text, tt.set, tt.st, tt.mod)
			if d.Action != tt.action || !slices.Equal(codes(d), tt.codes) || d.Nudge != tt.nudge {
				t.Errorf("got %s %v nudge=%v, want %s %v nudge=%v\nreasons: %q", d.Action, codes(d), d.Nudge, tt.action, tt.codes, tt.nudge, d.Reasons)
			}
			if len(d.Scores) != len(toxicity.Categories) {
				t.Errorf("scores %v: want every category", d.Scores)
			}
		})
	}
}

func TestDecideDetails(t *testing.T) {
	d := decide(t, fake{s: sc("threat", 0.91)}, "x", parley.ModerationSettings{}, basic, nil)
	if got := d.Reasons[0].Detail; got != "threat score 0.91 ≥ 0.50" {
		t.Errorf("threat detail %q", got)
	}
	d = decide(t, fake{s: sc("insult", 0.72)}, "x", parley.ModerationSettings{}, trusted, nil)
	if got := d.Reasons[0].Detail; got != "insult score 0.72 ≥ 0.60 (0.50 + 0.10 for a trusted author)" {
		t.Errorf("trusted detail %q", got)
	}
	d = decide(t, fake{s: calm}, "oh S.C.U.M!", parley.ModerationSettings{BannedWords: []string{" scum "}}, basic, nil)
	if got := d.Reasons[0].Detail; got != `banned word "scum"` {
		t.Errorf("banned detail %q", got)
	}
	d = decide(t, fake{s: calm}, "x", parley.ModerationSettings{Heated: parley.HeatedPremod}, basic,
		func(in *parley.ModerationInput) { in.Heat = &parley.Temperature{Heated: true} })
	if got := d.Reasons[0].Detail; got != "the thread is heated: every comment waits for a moderator" {
		t.Errorf("heated detail without a measure %q", got)
	}
	d = decide(t, fake{s: sc("identity_attack", 0.99)}, "x", parley.ModerationSettings{}, basic, nil)
	if got := d.Reasons[0].Detail; got != "identity attack score 0.99 ≥ 0.98 (reject)" {
		t.Errorf("reject detail %q", got)
	}
}

func TestDecideSpans(t *testing.T) {
	f := fake{s: sc("insult", 0.8), spans: []toxicity.Span{{Start: 12, End: 16, Text: "dolt", Category: toxicity.Insult, Weight: 0.7}}}
	text := "Ünd F.U.C.K, dolt, fuck"
	d := decide(t, f, text, parley.ModerationSettings{BannedWords: []string{"fuck"}}, basic, nil)
	want := []parley.Span{
		{Start: 4, End: 11, Text: "F.U.C.K", Category: "banned_word", Weight: 1},
		{Start: 12, End: 16, Text: "dolt", Category: "insult", Weight: 0.7},
		{Start: 19, End: 23, Text: "fuck", Category: "banned_word", Weight: 1},
	}
	if !slices.Equal(d.Spans, want) {
		t.Errorf("spans\n got %+v\nwant %+v", d.Spans, want)
	}
	if d.Scores["insult"] != 0.8 || d.Scores["identity_attack"] != 0.01 {
		t.Errorf("scores %v", d.Scores)
	}
}
