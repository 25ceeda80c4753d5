package moderation

import (
	"context"
	"fmt"
	"testing"

	"parley"
	"parley/toxicity"
)

const benchText = `I read the report twice. The numbers for the eastern front do not add up, and the map on
page two contradicts the summary. Whoever wrote this should check https://example.org/data before
publishing again — and no, calling everyone who disagrees an idiot is not an argument.`

func benchInput(words int) parley.ModerationInput {
	var set parley.ModerationSettings
	for i := range words {
		set.BannedWords = append(set.BannedWords, fmt.Sprintf("banned%d", i))
		set.SuspectWords = append(set.SuspectWords, fmt.Sprintf("suspect%d phrase", i))
	}
	return parley.ModerationInput{
		Site:     &parley.Site{Settings: parley.SiteSettings{Moderation: set}},
		Author:   &parley.User{ID: 1, Role: parley.RoleReader},
		Standing: parley.Standing{Approved: 4},
		Text:     benchText,
		Heat:     &parley.Temperature{},
	}
}

// BenchmarkDecide measures a decision with the real classifier (what a post costs) and with a
// fake one (what the policy adds), without word lists and with 100-entry lists.
func BenchmarkDecide(b *testing.B) {
	for _, c := range []struct {
		name string
		cl   Classifier
	}{{"real", toxicity.Default()}, {"policy-only", fake{s: sc("insult", 0.6)}}} {
		for _, words := range []int{0, 100} {
			b.Run(fmt.Sprintf("%s/words=%d", c.name, 2*words), func(b *testing.B) {
				p, in := New(c.cl), benchInput(words)
				b.ReportAllocs()
				for b.Loop() {
					p.Decide(context.Background(), in)
				}
			})
		}
	}
}

func BenchmarkTemperature(b *testing.B) {
	cs := thread(append(crowd(10, 0.2), duel(9, 40, 0.5)...)...)
	p := New(fake{})
	b.ReportAllocs()
	for b.Loop() {
		p.Temperature(cs)
	}
}
