package toxicity

import (
	"parley/internal/sharedtest"
	"path/filepath"
	"testing"
)

// sharedData is ../shared/data beside the module root (skipped when absent, a failure in CI).
func sharedData(t *testing.T) string {
	return filepath.Dir(sharedtest.Path(t, "data", "toxicity"))
}

// The embedded model on the held-out split of the full training files, with floors a little
// under the figures reported in docs/toxicity.md.
func TestHeldOutAUC(t *testing.T) {
	data := sharedData(t)
	if testing.Short() {
		t.Skip("short mode")
	}
	d, err := LoadData([]string{filepath.Join(data, "toxicity")})
	if err != nil {
		t.Fatal(err)
	}
	var held []Example
	for _, e := range d.Examples {
		if SplitOf(e.ID) == SplitHeld {
			held = append(held, e)
		}
	}
	floors := map[string]float64{
		"davidson/toxicity":        0.98,
		"davidson/identity_attack": 0.845,
		"olid/toxicity":            0.83,
		"olid/insult":              0.80,
	}
	for _, r := range Evaluate(Default(), held) {
		key := r.Dataset + "/" + string(r.Category)
		if f, ok := floors[key]; ok {
			t.Logf("%s: AUC %.4f AP %.4f n=%d", key, r.AUC, r.AP, r.N)
			if r.AUC < f {
				t.Errorf("%s: held-out AUC %.4f below floor %.3f", key, r.AUC, f)
			}
		}
	}
}
