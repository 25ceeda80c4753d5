package toxicity

import "testing"

// Ordinary news comments (testdata/civil.csv, written for Parley: local politics, sport, weather,
// schools, transport, disagreement, sarcasm without abuse, quoted politicians; since session 2
// also sport's violent metaphors and names one repair from a cuss word). A news site holds
// comments at 0.5, so every one of these over 0.5 holds a real reader. Measured with the committed
// model: 0 of 60 over 0.5 on toxicity and insult, highest 0.32 (docs/toxicity.md). The ceiling
// leaves room for one near-miss, no more.
func TestCivilFalsePositives(t *testing.T) {
	m := Default()
	ex := readSample(t, "civil.csv")
	if len(ex) < 60 {
		t.Fatalf("civil set has %d sentences, want 60", len(ex))
	}
	for _, c := range []Category{Toxicity, Insult, Threat, IdentityAttack} {
		over, top, topText := 0, 0.0, ""
		for _, e := range ex {
			s := m.Score(e.Text).Get(c)
			if s >= 0.5 {
				over++
				t.Logf("%s %.2f: %s", c, s, e.Text)
			}
			if s > top {
				top, topText = s, e.Text
			}
		}
		t.Logf("%s: %d/%d over 0.5, highest %.2f (%s)", c, over, len(ex), top, topText)
		if over > 1 {
			t.Errorf("%s: %d of %d civil comments over 0.5, ceiling 1", c, over, len(ex))
		}
	}
}
