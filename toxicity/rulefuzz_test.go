package toxicity

import (
	"sort"
	"strings"
	"testing"
)

// ruleFuzzVocab is every word the rules compare or list, with sentence marks and quotes: texts
// made of them reach the rules' look-ahead and look-behind far more often than random bytes do.
func ruleFuzzVocab() []string {
	set := map[string]bool{".": true, "?": true, "!": true, `"`: true, ",": true, "@user": true}
	for _, w := range ruleLiterals {
		set[w] = true
	}
	for _, rw := range ruleWords {
		for _, w := range strings.Fields(rw.words) {
			set[w] = true
		}
	}
	for _, list := range [][][]byte{exclusionPhrases, insultIdioms, revulsion} {
		for _, ph := range list {
			for _, w := range strings.Fields(string(ph)) {
				set[w] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for w := range set {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

// wordsOf turns fuzz bytes into a text of vocabulary words, two bytes a word.
func wordsOf(vocab []string, b []byte) string {
	var sb strings.Builder
	for i := 0; i+1 < len(b); i += 2 {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(vocab[(int(b[i])<<8|int(b[i+1]))%len(vocab)])
	}
	return sb.String()
}

// FuzzRuleWords scores texts made of the rules' own words in any order, cut off anywhere. The
// rules look up to eight words ahead and behind a match, and a phrase cut off at the end of a
// comment once read past the last word ("what a clown of a" panicked). Run it with
// go test -fuzz FuzzRuleWords ./toxicity
func FuzzRuleWords(f *testing.F) {
	vocab := ruleFuzzVocab()
	index := map[string]int{}
	for i, w := range vocab {
		index[w] = i
	}
	for _, s := range []string{"what a clown of a", "you absolute", "the mayor is a", "we know where", "shame if",
		"better or", "in a", "with a", "set fire to", "keep talking and see what", "put him through the",
		"send them", "getting", "be lined up and", "that muppet of an", "I will break his", "hes a"} {
		var b []byte
		for _, w := range strings.Fields(strings.ToLower(s)) {
			i, ok := index[w]
			if !ok {
				continue
			}
			b = append(b, byte(i>>8), byte(i))
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s := wordsOf(vocab, b)
		Default().Score(s)
		Default().Explain(s, 5)
	})
}

// TestRuleWordsCutOff ends a text after every rule word and every pair of rule words that a
// phrase or an idiom puts side by side: the shapes the rules match, cut short.
func TestRuleWordsCutOff(t *testing.T) {
	m := Default()
	for _, list := range [][][]byte{exclusionPhrases, insultIdioms, revulsion} {
		for _, ph := range list {
			ws := strings.Fields(string(ph))
			for i := 1; i <= len(ws); i++ {
				for _, pre := range []string{"", "you ", "what a ", "the mayor is ", "Muslims ", "I will "} {
					m.Score(pre + strings.Join(ws[:i], " "))
				}
			}
		}
	}
	for _, w := range ruleLiterals {
		for _, pre := range []string{"", "what a clown of ", "you ", "he is a ", "we know where ", "i will put him through "} {
			m.Score(pre + w)
		}
	}
}
