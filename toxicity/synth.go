package toxicity

import "strings"

// Synthetic training sentences, generated from templates written for Parley (not taken from any
// test suite). They teach the learned identity_attack and toxicity heads two things the tweets
// cannot: that naming a group is not an attack (Davidson's hate class is full of group words),
// and that degrading a group is one whatever the group. The functional test sentences in
// testdata/functional.csv were written separately with different wording.

var synthGroups = []string{
	"muslims", "jews", "christians", "hindus", "black people", "white people", "asians", "mexicans",
	"immigrants", "refugees", "gay people", "lesbians", "trans people", "women", "disabled people",
	"arabs", "africans", "latinos", "bisexual people", "sikhs", "chinese people", "indians",
}

var synthNeutral = []string{
	"i am one of the %s in this town", "my neighbours are %s and they are lovely", "%s deserve equal rights",
	"the report looks at how %s vote", "we should listen to %s more", "%s have a long history here",
	"proud to stand with %s", "there are many %s in my class", "the article interviews %s about housing",
	"%s are welcome in our community", "i grew up with %s", "support for %s has grown",
	"the museum has an exhibit on %s", "%s are people like everyone else", "i love my friends who are %s",
	"a group of %s opened a bakery", "%s make up a fifth of the city", "how do %s celebrate the new year",
	"discrimination against %s is wrong", "my best friend is one of the %s at work",
	"the council met with %s today", "%s contributed so much to this country", "not all %s think alike",
	"%s should be treated with respect", "violence against %s must stop", "it is hateful to call %s animals",
}

var synthHate = []string{
	"i hate %s", "%s are vermin", "%s are disgusting", "%s are a plague on this country", "all %s should be killed",
	"%s are subhuman", "get rid of all the %s", "%s do not deserve to live", "%s are filthy animals",
	"i cant stand %s", "%s should go back where they came from", "%s are a disease", "kill all the %s",
	"%s are worthless scum", "never trust %s", "%s are inferior", "%s should be exterminated",
	"%s are parasites living off us", "i want all %s gone", "%s make me sick", "death to %s",
	"%s are nothing but trash", "%s should not be allowed to vote", "%s are all criminals",
}

// synthExamples returns the generated sentences as training examples (never held out).
func synthExamples() []Example {
	var out []Example
	add := func(tpls []string, hate bool) {
		for _, t := range tpls {
			for _, g := range synthGroups {
				l := [numCats]int8{0, -1, 0, -1, -1}
				if hate {
					l = [numCats]int8{1, -1, 1, -1, -1}
				}
				out = append(out, Example{
					ID: "synth", Text: strings.Replace(t, "%s", g, 1), Dataset: "synthetic", Labels: l, Soft: noSoft(),
				})
			}
		}
	}
	add(synthNeutral, false)
	add(synthHate, true)
	return out
}
