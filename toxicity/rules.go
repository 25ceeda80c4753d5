package toxicity

// ruleHit is what a rule found: a probability-like strength and the words that made it fire.
type ruleHit struct {
	p      float64
	lo, hi int // word range [lo, hi)
}

func (h *ruleHit) take(p float64, lo, hi int) {
	if p > h.p {
		*h = ruleHit{p: p, lo: lo, hi: hi}
	}
}

// ruleResult holds every rule's verdict on one text.
type ruleResult struct {
	threat, identity, insult, profanity ruleHit
	abuse                               ruleHit // an insult said of someone else: "politicians are parasites"
	counter                             bool    // quotes or reports hate in order to condemn it
	negatedHate                         bool    // "Muslims are not vermin": the hate words, denied
	negatedInsult                       bool    // "he is not an idiot", "you are not stupid"
	group, hostile                      bool    // names a group; has any slur, cuss or degrading word
	target                              bool    // names or addresses a person an insult could aim at
	questioned                          bool    // a why-question about what people say of a group
	reportedQuote                       bool    // `my uncle said "…"`: hate quoted after someone else's report verb
}

func (nt *normText) is(k int, ss ...string) bool {
	// Over half the words of a comment are no rule's literal: those say no without comparing
	// (a mispredicted branch per comparison made this a tenth of the scoring time).
	if k < 0 || k >= len(nt.words) || nt.words[k].info.flags&flagNoRule != 0 {
		return false
	}
	w := nt.text(k)
	for _, s := range ss {
		if string(w) == s {
			return true
		}
	}
	return false
}

func (nt *normText) flag(k int, f uint32) bool {
	return k >= 0 && k < len(nt.words) && nt.words[k].info.flags&f != 0
}

// negated reports a negation among words [lo, hi), ignoring "nothing but" and "no better than",
// which negate nothing.
func (nt *normText) negated(lo, hi int) bool {
	for k := max(lo, 0); k < hi; k++ {
		if nt.flag(k, flagNegation) && !nt.is(k+1, "but", "better", "more", "less") && !nt.is(k, "cant") {
			return true
		}
		if nt.is(k, "cant") && !nt.is(k+1, "stand", "wait") {
			return true
		}
	}
	return false
}

var intentWords = []string{"will", "gonna", "gon", "youll", "ull", "theyll", "going", "imma", "ima", "wanna", "shall", "finna", "gunna", "ill", "well", "lets", "plan", "would", "about", "want", "wish", "to", "id"}
var firstPerson = []string{"i", "ill", "im", "we", "well", "were", "imma", "ima", "ive", "id", "lets", "me", "us"}
var inciteWords = []string{"should", "must", "need", "needs", "ought", "oughta", "gotta", "has", "have", "deserve", "deserves", "deserved", "better"}

func wordSet(ws ...string) map[string]struct{} {
	m := make(map[string]struct{}, len(ws))
	for _, w := range ws {
		m[w] = struct{}{}
	}
	return m
}

var harmlessObjects = []string{"it", "time", "this", "the", "game", "vibe", "myself", "me", "shot", "shots", "pic", "photo", "video", "picture", "bill", "process", "mood", "lights", "fire", "a", "an", "my", "some", "buzz", "at", "for", "with"}

// rules runs the hand-written detectors over the normalised words. They cover what no dataset
// labels (threats) and what a bag of n-grams cannot see (who is the target, negation, quoting).
func (nt *normText) rules() ruleResult {
	var rr ruleResult
	ws := nt.words
	condemnOutside, quotedHate := false, false
	for k := range ws {
		// "wasn't funny" condemns too.
		if nt.condemnsAt(k) || !ws[k].quoted && nt.is(k, "funny", "ok", "okay", "acceptable", "cool", "fine") && nt.negated(k-2, k) {
			condemnOutside = true
		}
	}
	groupSent := int16(-10) // the last sentence that named a group
	for a := 0; a < len(ws); {
		// Each family of rules fires only on words with its flags; a sentence without any skips
		// the family (most sentences of a long comment).
		b, sf := a, uint32(0)
		for b < len(ws) && ws[b].sent == ws[a].sent {
			sf |= ws[b].info.flags
			b++
		}
		if sf&(flagViolent|flagViolentPP|flagThreatCue) != 0 {
			nt.threatRules(&rr, a, b)
		}
		if sf&flagWeapon != 0 {
			nt.weaponThreat(&rr, a, b)
		}
		g := nt.groupIn(a, b)
		q := nt.identityRules(&rr, a, b, g, ws[a].sent-groupSent <= 2 && ws[a].sent != groupSent)
		if g >= 0 {
			groupSent = ws[a].sent
		}
		quotedHate = quotedHate || q
		if sf&(flag2nd|flagInsultAny|flagIdiomHead) != 0 {
			nt.insultRules(&rr, a, b, sf)
		}
		if sf&flagCopula != 0 {
			nt.abuseRules(&rr, a, b)
		}
		a = b
	}
	for k := range ws {
		f := ws[k].info.flags
		if f&(flagGroup|flagSlur) != 0 || f&flagGroupAdj != 0 && nt.flag(k+1, flagPersonN) {
			rr.group = true
		}
		if ws[k].info.rating == 2 || f&(flagDehuman|flagHateVerb|flagViolent|flagViolentPP|flagSlur) != 0 {
			rr.hostile = true
		}
		if f&(flag2nd|flag3rd) != 0 || nt.isTarget(k) {
			rr.target = true
		}
		switch ws[k].info.rating {
		case 2:
			rr.profanity.take(0.93, k, k+1)
		case 1:
			rr.profanity.take(0.6, k, k+1)
		}
	}
	if rr.threat.p >= 0.5 && nt.reportedThreat(rr.threat.lo, rr.threat.hi) {
		rr.threat.p *= 0.3 // `someone above said "they should all be shot"`: quoted, not made
	}
	rr.counter = condemnOutside && quotedHate || rr.reportedQuote || rr.questioned
	if !rr.counter && rr.identity.p >= 0.5 {
		// Only a firing rule needs undoing: a damped hit in one sentence made a whole post
		// counter-speech, and took the threat in its last sentence with it.
		// "People who say Muslims are vermin are disgusting": a report verb before the hate and
		// a condemnation outside it. "I think Muslims are disgusting" has both words, but its
		// "disgusting" is the hate itself.
		report, condemn := false, false
		for k := range ws {
			if k >= rr.identity.lo && k < rr.identity.hi {
				continue
			}
			// "I think …" is the speaker's own view, not someone else's reported.
			report = report || ws[k].info.flags&flagReport != 0 && k < rr.identity.lo && !nt.is(k-1, "i", "we", "personally", "honestly")
			condemn = condemn || nt.condemnsAt(k) ||
				nt.is(k, "true") && nt.is(k-1, "not", "isnt", "never", "simply", "just") && nt.negated(k-2, k) // "it's simply not true"
		}
		rr.counter = report && condemn
	}
	return rr
}

// condemnsAt reports a condemnation outside quotation marks at k: "racist", "disgusting"; "Facts
// aren't racist" condemns nothing.
func (nt *normText) condemnsAt(k int) bool {
	return nt.words[k].info.flags&flagCondemn != 0 && !nt.words[k].quoted && !nt.negated(k-2, k)
}

// likelihood reports "die" at k as a risk, not a wish: "four times more likely to die in
// childbirth", "at risk to die", "expected to die".
func (nt *normText) likelihood(k int) bool {
	return nt.is(k-1, "to") && nt.is(k-2, "likely", "unlikely", "expected", "risk", "chance", "liable") ||
		nt.is(k-1, "will", "would", "could") && nt.is(k-2, "many", "thousands", "millions", "hundreds", "patients")
}

// anyFlag reports a word with one of the flags f among words [lo, hi).
func (nt *normText) anyFlag(lo, hi int, f uint32) bool {
	for k := lo; k < hi; k++ {
		if nt.flag(k, f) {
			return true
		}
	}
	return false
}

// wished reports "hope" or "wish" among words [lo, hi): "I hope every one of them dies".
func (nt *normText) wished(lo, hi int) bool {
	for k := lo; k < hi; k++ {
		if nt.is(k, "hope", "wish", "pray") {
			return true
		}
	}
	return false
}

func firstNonNeg(xs ...int) int {
	m := 1 << 30
	for _, x := range xs {
		if x >= 0 && x < m {
			m = x
		}
	}
	return m
}

// wordAt returns the index of the word holding byte offset i of the normalised text.
func (nt *normText) wordAt(i int) int {
	for k, w := range nt.words {
		if int(w.end) > i {
			return k
		}
	}
	return len(nt.words) - 1
}

var firstSet = wordSet(firstPerson...)

// isTarget reports a word naming someone an insult can be aimed at: a mention, "the mayor".
func (nt *normText) isTarget(k int) bool {
	if k < 0 || k >= len(nt.words) {
		return false // "what a clown of a" ends where the target would be
	}
	return nt.words[k].info.flags&flagRole != 0 || string(nt.text(k)) == "@user"
}
