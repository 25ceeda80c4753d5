package toxicity

import "bytes"

// exclusionPhrases, with a group in the same sentence, make an identity attack. Phrases that news
// about groups uses plainly ("plans to deport refugees", "refugees want to go home", "police
// rounded up", "a threat to the old boys' club") are kept only in their hostile forms ("deport them
// all", "a threat to our …", "round them up").
var exclusionPhrases = phraseList(
	"not be allowed", "shouldnt be allowed", "dont belong", "go back to", "go back home",
	"back where they came from", "get out of our", "get out of my", "get out of this country", "deport them",
	"deport all", "deport every", "deport those", "deport these", "deport the lot", "should be banned",
	"have no place", "has no place", "no place in", "not welcome", "should have no rights", "deserve no rights",
	"kick them out", "kick out all", "kick out every", "be kicked out", "be thrown out", "throw them out",
	"be sent back", "send them back", "send them all back", "get rid of", "wipe out", "wiped out", "not human",
	"no better than", "nothing but", "should be locked up", "locked away", "never be trusted", "cant be trusted",
	"cant trust", "dont trust", "cannot trust", "never trust", "cant stand", "belong in the kitchen",
	"waste of space", "waste of money", "waste of oxygen", "waste of air", "waste of skin", "deserve to suffer",
	"should suffer", "burned alive", "burnt alive", "only good for", "round them up", "round up all",
	"round up every", "round up the lot", "ship them", "should be removed", "must be removed", "need to be removed",
	"needs to be removed", "need to be stopped", "needs to be stopped", "must be stopped", "should be stopped",
	"a danger to our", "a danger to society", "a threat to our", "a threat to society", "a drain on our",
	"a drain on society", "a drain on the", "out of our country", "out of this country", "drive them out",
	"are mentally ill", "is mentally ill", "never lead", "stealing our", "steal our", "taking over our",
	"take over our", "taking over the country", "take over the country", "taking over this country",
	"take over this country", "taking over everything", "take over everything", "replace us", "lives dont matter",
	"lives doesnt matter", "rather die than", "belong in ovens", "belong in zoos", "belong in a zoo",
	"belong in cages", "belong in a cage", "belong in camps",
	"less intelligent", "less capable", "nobody wants you", "not wanted here", "arent wanted", "all the crime",
	"commit all the", "insult to god", "insult to humanity", "insult to nature", "should not breed",
	"shouldnt breed", "allowed to breed", "are less human", "is less human", "less than human",
	// Conspiracy and pseudo-science tropes: no degrading word, still an attack on who people are.
	"control the media", "control the banks", "control the world", "run the media", "run the banks", "lower iq",
	"low iq", "genetically inferior", "behind every war", "behind all the wars", "behind all wars",
	"behind every terror", "would all disappear", "all disappear", "would disappear", "just disappear",
	"should disappear", "would vanish", "should vanish", "fucked in the head", "sick in the head",
	"wrong in the head", "messed up in the head", "screwed up in the head", "not right in the head",
	"point of keeping", "money keeping", "bring crime", "brings crime", "bring drugs", "brings drugs",
	"bring disease", "brings disease", "spread disease", "spreading disease", "be chased out", "chase them out",
	"a danger to every", "a danger to children", "a danger to kids", "a danger to women", "a threat to every",
	"a threat to children", "a threat to kids", "crawl back", "behind every problem", "behind all the problems",
	"behind all our problems", "running the banks", "running the media", "controlling the media",
	"controlling the banks", "own the media", "own the banks", "owns the media", "finish the job",
	"finished the job", "bleed us dry", "bleed this country dry", "bleed the country dry", "bleed this town dry",
	"bleeding us dry", "bleeding this country dry", "kept away from children", "kept away from kids",
	"keep them away from", "be kept away from", "in their nature", "in their blood", "in their dna",
	"in their genes", "finish what was started", "finish what hitler", "went to hell", "gone to hell",
	"went downhill", "gone downhill", "should stay out of", "a mental illness", "a mental disorder",
	"be turned back", "left to sink", "left to drown", "let them drown", "let them sink", "stay in the kitchen",
	"stayed in the kitchen", "back in the kitchen", "back to the kitchen",
	"contribute nothing", "contribute absolutely nothing", "contributes nothing", "add nothing", "nobody wants to see",
	"no one wants to see", "off a roof", "off the roof", "off roofs", "off a building", "off buildings", "off a bridge",
	"my hatred for", "my hatred of", "my hate for", "my disgust for", "my contempt for",
	"disgusted by", "disgusted with", "sickened by", "repulsed by", "revolted by", "death penalty for", "into a dump",
	"into a slum", "into a ghetto", "into a shithole", "into a warzone", "into a war zone",
	"prey on our", "prey on women", "prey on children", "prey on kids", "prey on young", "theyre all the same",
	"they are all the same", "theyre all alike", "in their culture", "overrun by", "overrun with", "swamped by", "swamped with", "infested with", "infested by", "away from our kids", "away from the kids",
	"away from our children", "away from the children", "away from children", "away from kids",
)

func phraseList(ps ...string) [][]byte {
	out := make([][]byte, len(ps))
	for i, p := range ps {
		out[i] = []byte(p)
	}
	return out
}

// phraseHeads indexes exclusionPhrases by their first word, which the lexicon flags, so a sentence
// is searched only where a phrase can start.
var phraseHeads = byHead(exclusionPhrases)

// byHead indexes phrases by their first word.
func byHead(phrases [][]byte) map[string][][]byte {
	m := map[string][][]byte{}
	for _, ph := range phrases {
		head, _, _ := bytes.Cut(ph, []byte(" "))
		m[string(head)] = append(m[string(head)], ph)
	}
	return m
}

// identityRules fires when a group (the first named at g, or -1) is the subject or object of
// degrading, hateful, violent or exclusionary words in one sentence. It returns whether that hate
// sat inside quotation marks.
func (nt *normText) identityRules(rr *ruleResult, a, b, g int, carry bool) (quoted bool) {
	if g < 0 && carry {
		// "Women keep demanding equal pay. They are a joke.": a group named just before and
		// taken up by a pronoun that opens the sentence ("The owners said they were sick of it"
		// is about the owners).
		for k := a; k < min(b, a+3) && g < 0; k++ {
			if nt.is(k, groupPronouns...) {
				g = k
			} else if !nt.is(k, "and", "but", "so", "now", "honestly", "yet", "because", "frankly", "seriously", "funny",
				"since", "as", "ugh", "lol", "tbh", "still", "plus", "also", "well") {
				break
			}
		}
	}
	if g < 0 && carry {
		// "Poles, Romanians, whatever they are, they come over here … Send them all back." and
		// "Gays running the Church of England now. Perverts.": the group is taken up as the
		// object of an exclusion, or the whole sentence is a degrading word.
		for k := a + 1; k < b && g < 0; k++ {
			if nt.is(k, "them") && nt.is(k-1, "send", "deport", "kick", "throw", "round", "chase", "drive", "ship", "keep", "get") {
				g = k
			}
		}
		if g < 0 && b-a <= 2 && nt.anyFlag(a, b, flagDehuman) {
			g = a
		}
	}
	for g >= 0 && nt.flag(g, flagSlur) && nt.slurHomonym(a, b, g) {
		g = nt.groupIn(g+1, b) // "a coon raiding the bins", "the drug can retard bone growth"
	}
	if g < 0 {
		return false
	}
	sentence := nt.out[nt.words[a].start:nt.words[b-1].end]
	// The predicate is the strongest hostile word; among equals the one nearest after the group,
	// so "It is disgusting to call trans women perverts" pins "perverts", not the condemnation.
	pred, p := -1, 0.0
	far := func(k int) int {
		if k > g {
			return k - g
		}
		return 1000 + g - k
	}
	for k := a; k < b; k++ {
		q := nt.predicateStrength(a, b, g, k)
		if q > p || q > 0 && q == p && far(k) < far(pred) {
			pred, p = k, q
		}
	}
	if p < 0.8 {
		if k := nt.traitRule(a, b, g); k >= 0 {
			pred, p = k, 0.8
		}
	}
	ownNeg := false // the attack is a denial: "women are not capable", "I will never respect …"
	if p >= 0.8 && nt.negated(max(a, min(g, pred)-2), max(pred, g)) {
		// The strongest word is denied, but the denial may be the attack: "Disabled people
		// aren't really people, they're defective waste."
		if k := nt.negatedPositive(a, b, g); k >= 0 {
			pred, p, ownNeg = k, 0.8, true
		}
	}
	if p < 0.8 {
		// Before the phrases: in "trans women are not women and they're not welcome near our
		// kids" the phrase ("not welcome") would win, and the denial before it would read as
		// negating it.
		if k := nt.negatedPositive(a, b, g); k >= 0 {
			pred, p, ownNeg = k, 0.8, true
		}
	}
	phraseEnd := -1 // words of a matched phrase, which may carry its own "not" ("never trust")
	end := nt.words[b-1].end
	// A denied predicate leaves room for a phrase: in "gays shouldn't be allowed to adopt, kids
	// need a family, not two perverts" the "not" contrasts, and the phrase is the attack.
	predNeg := pred >= 0 && (nt.is(pred-1, "not", "never", "arent", "isnt") || nt.is(pred-2, "not", "never", "arent", "isnt"))
	for k := a; k < b && (p < 0.8 || predNeg); k++ {
		if !nt.flag(k, flagPhraseHead) {
			continue
		}
		for _, ph := range phraseHeads[string(nt.text(k))] {
			if bytes.HasPrefix(nt.out[nt.words[k].start:end], ph) {
				e := k + bytes.Count(ph, []byte(" ")) + 1
				if g > e && nt.anyWord(e, g, relatives) {
					break // "never trust a politician who attacks immigrants" is not about them
				}
				if bytes.HasSuffix(ph, []byte(" but")) && nt.praiseAt(e) {
					break // "my Jewish friends have been nothing but generous"
				}
				p, pred, phraseEnd, predNeg = 0.8, k, e, false
				break
			}
		}
	}
	// Each group the sentence names, in turn: "Islam isn't a religion of peace and Muslims aren't
	// decent people".
	for gg := g; gg >= 0 && p < 0.8; gg = nt.groupIn(gg+1, b) {
		if k := nt.negatedPositive(a, b, gg); k >= 0 {
			pred, p, ownNeg, g = k, 0.8, true, gg
		} else if k := nt.groupAbuse(a, b, gg); k >= 0 {
			pred, p, g = k, 0.8, gg
		} else if k := nt.traitRule(a, b, gg); k >= 0 && gg != g {
			pred, p, g = k, 0.8, gg
		}
	}
	if p < 0.8 {
		if k := nt.slurAttack(a, b); k >= 0 {
			pred, p = k, 0.75
		}
	}
	if rr.threat.p >= 0.5 && rr.threat.lo < b && rr.threat.hi > a {
		p, pred = max(p, 0.9), rr.threat.lo
	}
	if pred < 0 {
		return false
	}
	lo, hi := min(g, pred), max(g, pred, phraseEnd-1)+1
	// "I would never say that women are stupid": a denied report denies what it reports.
	deniedReport, reported := false, false
	for k := a; k < lo; k++ {
		if nt.flag(k, flagReport) {
			reported = true
			// … or with a word of it in scare quotes: `the MP said immigrants were "swarming"`.
			// Not when the speaker agrees: `as my dad said, …`, `… and they are right`.
			if !nt.is(k, "like") && !nt.is(k-1, "i", "we") && !nt.is(k-3, "as") && !nt.is(k-2, "as") && nt.anyQuoted(lo, hi) &&
				!nt.words[k].quoted && !nt.agrees() {
				rr.reportedQuote = true
			}
			// "rather than assuming we're all scroungers", "stop saying …": rejected, not made.
			if nt.negated(max(a, k-3), k) || nt.is(k-1, "than", "stop", "without", "quit") {
				deniedReport = true
			}
		}
	}
	for k := a; k < lo; k++ {
		// "It is not true that gay people are a threat": denied before it is said.
		deniedReport = deniedReport || nt.is(k, "true") && nt.negated(k-2, k) && nt.is(k+1, "that")
	}
	for k := a; k < g; k++ {
		// "The story that Roma steal children is centuries old", "the claim that trans women are
		// a danger": the claim is named, not made.
		deniedReport = deniedReport || nt.is(k, doubtNouns...) && nt.is(k+1, "that") &&
			nt.is(k-1, "the", "this", "that", "a", "an", "old", "usual", "same", "tired", "racist", "false", "ugly")
	}
	for k := g + 1; k < pred; k++ {
		// "Refugees say they were treated like animals": the group speaks, it is not spoken of.
		// "… and everyone's too scared to say it's in their nature" is the speaker's own claim.
		deniedReport = deniedReport || nt.is(k, speechVerbs...) && !nt.is(k-1, "to") && !nt.is(k+1, "on")
	}
	if reported && nt.is(a, "why", "how") {
		// "Why do people still think Muslims are dangerous?" questions the belief it reports.
		rr.questioned = true
	}
	if nt.victim(a, g) {
		// "Posts attacking black people should be removed", "the thugs who attacked the mosque":
		// the group is the one attacked; the hostile words are said of someone else.
		deniedReport = true
	}
	negLo, negHi := max(a, lo-2), max(pred, g)
	if phraseEnd > 0 && pred <= negLo+2 {
		negLo = max(negLo, phraseEnd) // the phrase's own negation is part of the attack
	}
	if nt.is(a, "arent", "isnt", "dont", "doesnt", "didnt", "wasnt", "werent") && g <= a+3 {
		negLo = max(negLo, a+1) // "Aren't gay people just so disgusting?" asks nothing
	}
	negated := nt.negated(negLo, negHi)
	// "no Muslim should be allowed …": the "no" counts the group, it denies nothing; but "no
	// refugee should drown" wishes no one harm.
	if negated && g > a && nt.is(g-1, "no") && !nt.negated(negLo, g-1) && !nt.negated(g+1, negHi) && p < 0.9 {
		negated = false
	}
	if deniedReport || !ownNeg && ((negated && !bytes.Contains(sentence, []byte("nothing but"))) ||
		nt.is(pred-1, "not", "never", "arent", "isnt") || nt.is(pred-2, "not", "never", "arent", "isnt")) {
		p *= 0.1
		rr.negatedHate = true
	}
	rr.identity.take(p, lo, hi)
	return nt.words[pred].quoted || nt.words[g].quoted
}

var speechVerbs = []string{"say", "says", "said", "claim", "claims", "claimed", "tell", "told", "tweeted",
	"wrote", "insist", "insisted", "report", "reported", "complain", "complained", "describe", "described"}

// predicateStrength is how strongly word k attacks the group named at g in the sentence [a, b).
func (nt *normText) predicateStrength(a, b, g, k int) float64 {
	f := nt.words[k].info.flags
	passive := f&flagViolentPP != 0 && nt.is(k-1, passiveAux...)
	switch {
	// A group doing violence ("Muslims kill") or violence called for ("kill all Muslims",
	// "they should all be shot"), not reported: "police shoot black men", "three Muslims were
	// killed in the attack", "Roma were murdered in the Holocaust, and the genocide …".
	case f&flagViolent != 0 && !passive && (nt.doneBy(a, g, k) || nt.calledFor(a, k)):
		return 0.9
	case f&flagViolentPP != 0 && nt.wantedBefore(max(a, k-8), k):
		return 0.9
	// "I hate it when people say …" reports the hate; "the amount of hate trans people get",
	// "a hate crime" are the noun.
	case f&flagHateVerb != 0 && !nt.is(k+1, "it", "when", "that", "how", "seeing", "hearing", "what", "the", "this", "watching") &&
		!(nt.is(k, "hate") && (nt.is(k-1, "of", "the", "much", "any", "no", "more", "less", "all", "online", "such", "a", "anti", "racial", "religious") ||
			nt.is(k+1, "crime", "crimes", "speech", "mail", "group", "groups", "campaign", "preacher", "preachers", "incident", "incidents", "attack", "attacks"))):
		return 0.85
	case f&flagDehuman != 0 && nt.degrades(a, b, g, k):
		return 0.85
	// "Catholics are a bunch of child-abusing hypocrites": a person insult said of the group.
	case f&flagAbuse != 0 && k > g && nt.is(nt.afterGroup(g), "are", "were", "r") && nt.degrades(a, b, g, k):
		return 0.85
	}
	return 0
}

// degrades reports the degrading word at k said of the group at g.
func (nt *normText) degrades(a, b, g, k int) bool {
	if nt.is(k, dehumanVerbs...) {
		// "… destroying decades of research on trans people": the group must do the ruining.
		return nt.doneBy(a, g, k) && !nt.earlierClause(g, k)
	}
	// "it makes me sick how disabled people are treated": the speaker is sick, not the group;
	// "convicted of dangerous driving", "the worst winter": the adjective describes a thing.
	// "a Muslim man was attacked by thugs": the agent of a passive is someone else.
	if nt.is(k-1, "by") || nt.is(k-2, "by") && nt.is(k-1, "a", "the", "some", "racist", "violent", "masked", "drunken", "local") {
		return false
	}
	return !nt.is(k-1, "me", "feel", "feeling", "felt", "im", "am") && !(nt.is(k, "sick") && nt.is(k+1, "of", "and")) &&
		!nt.attributive(k, b) && !nt.otherSubject(g, k) && !nt.earlierClause(g, k)
}

// earlierClause reports a predicate said in a clause before the group: "the journalists … are
// pathetic, and every Jewish reader …".
func (nt *normText) earlierClause(g, k int) bool {
	return k < g && nt.is(k-1, "are", "is", "was", "were") && nt.anyWord(k+1, g, clauseBreaks)
}

// doneBy reports the group at g (or a pronoun taking it up) as the subject of the violent verb
// at k: "Muslims kill", "immigrants will always rape", "… and they kill".
func (nt *normText) doneBy(a, g, k int) bool {
	for s := k - 1; s >= max(a, g, k-12); s-- {
		if s == g || nt.is(s, "they", "theyre", "theyll", "them") {
			for x := nt.afterGroup(s); x < k; x++ {
				if !nt.is(x, "will", "would", "always", "just", "all", "are", "is", "r", "keep", "constantly", "love",
					"like", "want", "wanna", "to", "gonna", "going", "only", "do", "did", "openly", "actively", "still",
					"also", "even", "literally", "basically", "cant", "wait", "wont", "stop") {
					return false
				}
			}
			return nt.afterGroup(s) <= k
		}
	}
	return false
}

// otherSubject reports a degrading adjective said of someone else after the group: "My Muslim
// neighbours brought us food when my husband was sick".
func (nt *normText) otherSubject(g, k int) bool {
	if _, ok := dehumanAdjs[string(nt.text(k))]; !ok || k < g+3 || !nt.is(k-1, "was", "is", "were", "are", "got", "gets", "felt", "feels", "looked", "looks") {
		return false
	}
	return !nt.groupAt(k-2) && nt.is(k-3, "my", "his", "her", "your", "our", "the", "a", "an", "this", "that")
}

// dehumanVerbs degrade only with the group as their subject: "immigrants ruin everything".
var dehumanVerbs = []string{"ruin", "ruins", "ruined", "ruining", "destroy", "destroys", "destroying", "infest",
	"infesting", "breed", "breeding", "suck", "sucks", "stink", "stinks"}

var clauseBreaks = wordSet("and", "but", "while", "whereas", "because", "so", "yet")

// dehumanAdjs are the degrading words that are adjectives; said of a thing ("dangerous driving",
// "the worst winter", "a savage attack") they are not said of the group.
var dehumanAdjs = wordSet("filthy", "disgusting", "vile", "evil", "inferior", "worthless", "pathetic", "lazy",
	"useless", "sick", "gross", "nasty", "degenerate", "dirty", "stupid", "dumb", "retarded", "primitive",
	"barbaric", "cancerous", "worse", "dirtier", "dirtiest", "filthiest", "stupidest", "dumbest", "nastiest",
	"grossest", "laziest", "worst", "ugly", "ugliest", "perverted", "brainless", "mindless", "dangerous",
	"uncivilised", "uncivilized", "backward", "backwards", "greedy", "sneaky", "dishonest", "diseased", "smelly",
	"stinking", "thieving", "untrustworthy", "deceitful", "treacherous", "inbred", "illiterate", "delusional",
	"irrational", "unnatural", "ghetto", "criminal", "creepy", "stinky", "defective", "undesirable", "savage",
	"subhuman")

// attributive reports an adjective at k that describes the next word, a thing: the sentence
// goes on with a word that is neither a person, another insult, nor a joint ("and", "to", …).
func (nt *normText) attributive(k, b int) bool {
	if _, ok := dehumanAdjs[string(nt.text(k))]; !ok || k+1 >= b {
		return false
	}
	if nt.is(k-1, "such", "so", "theyre", "are", "is", "were", "r", "them", "all") {
		return false // "they're such gross attention seekers" says it of them
	}
	n := k + 1
	if nt.is(k-1, "their") && nt.is(n, groupThings...) {
		return false // "their disgusting lifestyle" says it of who they are
	}
	if nt.groupAt(n) || nt.flag(n, flagPersonN|flagDehuman|flagTrait|flagSlur|flagGroupAdj) || nt.is(n, predicateEnds...) {
		return false
	}
	_, insult := personInsults[string(nt.text(n))]
	_, function := functionWords[string(nt.text(n))]
	return !insult && !function && nt.words[n].info.rating < 1
}

// functionWords after an adjective show it is not describing a noun: "how stupid they are",
// "dishonest, every last one of them", "useless pieces of shit".
var functionWords = wordSet("they", "them", "their", "theyre", "he", "she", "him", "her", "it", "its", "you", "ur",
	"u", "we", "us", "i", "me", "my", "our", "is", "are", "was", "were", "be", "been", "being", "r", "am", "do",
	"does", "did", "have", "has", "had", "will", "would", "can", "could", "should", "shall", "may", "might", "must",
	"not", "no", "never", "the", "a", "an", "this", "that", "these", "those", "all", "some", "any", "every", "each",
	"and", "or", "but", "so", "as", "than", "then", "if", "when", "while", "because", "since", "though", "of", "to",
	"in", "on", "at", "for", "with", "by", "from", "about", "into", "over", "after", "before", "without", "like",
	"too", "very", "really", "just", "also", "even", "still", "again", "ever", "lol", "af", "imo", "tbh", "smh",
	"lmao", "honestly", "ones", "lot", "bunch", "kind", "type", "sort", "creatures", "beings", "things", "@user",
	"pieces", "piece", "sacks", "bags", "excuses", "wastes", "waste", "people", "humans", "animals", "af")

// victimMarks before a group make it the one attacked: "abuse at the Muslim player", "violence
// against women", "attacks on Muslims". Base verbs are left out: "we should attack all Muslims".
var victimMarks = []string{"attacking", "attacked", "attacks", "targeting", "targeted", "abusing", "abused",
	"abuse", "mocking", "mocked", "insulting", "insulted", "demonising", "demonizing", "demonised", "demonized",
	"smearing", "smeared", "vilifying", "vilified", "harassing", "harassed", "bashing", "violence", "hatred",
	"discrimination", "racism", "prejudice", "bigotry", "islamophobia", "homophobia", "transphobia", "sexism",
	"blaming", "blame", "scapegoating", "scapegoat",
	"misogyny", "threats", "slurs", "insults", "chanted", "shouted", "shouting", "chanting", "crimes",
	"vandalised", "vandalized", "firebombed", "harass", "harasses", "bully", "bullies", "bullying", "bullied",
	"threaten", "threatens", "threatening", "threatened", "assault", "assaults", "assaulting", "assaulted", "graffiti",
	"persecute", "persecutes", "persecuting", "persecution"}

// victim reports whether the group at g is the object of an attack: a victim mark, then at most
// three determiners or prepositions.
func (nt *normText) victim(a, g int) bool {
	if nt.is(g-1, "hate") && nt.is(g-2, "of", "the", "much", "more", "any", "online", "such", "all", "constant") {
		return true // "the amount of hate trans people get": the hate is aimed at them
	}
	if nt.is(g-1, "that", "the", "this", "a") && nt.is(g-2, "to", "at", "about") && nt.is(g-3, speechNouns...) {
		return true // "the replies to that trans teen's post made me sick"
	}
	if nt.is(g-1, "about") && (nt.flag(g-2, flagDehuman|flagTrait|flagReport) || nt.speechBefore(g-5, g-1)) {
		// … or a few words before: "the comments on this article about Muslims are a disgrace".
		// "saying nasty stuff about gay folks": the speech is nasty; "the stuff people are
		// saying about immigrants is dehumanising": what is said of them is judged.
		return true
	}
	for k := g - 1; k >= max(a, g-4); k-- {
		if nt.is(k, victimMarks...) {
			return true
		}
		if !nt.is(k, "the", "a", "an", "all", "those", "these", "of", "on", "at", "towards", "toward", "against", "to", "our", "their", "local") {
			return false
		}
	}
	return false
}

// doubtNouns name a claim as a claim: "the myth that …".
var doubtNouns = []string{"myth", "myths", "lie", "lies", "story", "stories", "claim", "claims", "rumour",
	"rumours", "rumor", "rumors", "idea", "notion", "trope", "tropes", "canard", "smear", "smears", "theory",
	"conspiracy", "stereotype", "stereotypes", "narrative", "assumption", "accusation", "allegation", "suggestion"}

// groupThings are what a group is judged through: "Muslims and their filthy religion".
var groupThings = []string{"lifestyle", "lifestyles", "religion", "religions", "culture", "cultures", "agenda",
	"ways", "customs", "beliefs", "faith", "ideology", "kind", "sort", "race", "habits", "traditions", "values"}

var speechNouns = []string{"stuff", "things", "comments", "remarks", "lies", "jokes", "words", "hate", "crap",
	"shit", "posts", "tweets", "rants", "abuse", "nonsense", "rubbish", "garbage", "replies", "messages",
	"responses"}

// agrees reports the speaker siding with what is reported: "agree", "exactly", "they are right".
func (nt *normText) agrees() bool {
	for k := range nt.words {
		if nt.is(k, "agree", "agreed", "facts") || nt.is(k, "exactly") && (k == 0 || nt.words[k-1].sent != nt.words[k].sent) ||
			nt.is(k, "right", "correct") && nt.is(k-1, "are", "is", "r", "was", "were", "hes", "shes", "theyre", "so", "100") {
			return true
		}
	}
	return false
}

func (nt *normText) anyQuoted(lo, hi int) bool {
	for k := lo; k < hi; k++ {
		if nt.words[k].quoted {
			return true
		}
	}
	return false
}

var relatives = wordSet("who", "that", "which", "whom", "whose")

// negativeTraits (flagTrait, with the evaluations) are adjectives that, said of a whole group in "[group] are (so) X" or "why are
// [group] so X", make a derogatory generalisation; in other positions they are too common in
// news about groups ("refugees flee violent gangs", "toxic abuse aimed at Muslim women") to count.
const negativeTraits = "violent aggressive corrupt arrogant rude obnoxious twisted wicked emotional hysterical " +
	"repulsive revolting foul toxic cowardly incompetent insane deranged psychotic immoral sinful " +
	"godless satanic demonic manipulative devious cunning hopeless weak ignorant loud smelly ugly " +
	"brutal cruel hateful dishonest sneaky lazy greedy dirty stupid dumb evil vile disgusting " +
	"inferior primitive savage barbaric crazy mental retarded unhinged bloodthirsty thieving " +
	"untrustworthy treacherous disloyal fanatical extremist radical backward backwards uneducated " +
	"illiterate unclean diseased infected perverted degenerate subhuman worthless useless pathetic " +
	"filthy nasty gross creepy sick freaky weird unnatural abnormal defective broken damaged " +
	"dangerous parasitic lying murderous emotional hysterical irrational unstable incompatible incapable unfit " +
	"annoying entitled selfish shallow whiny spoilt spoiled ungrateful"

var fillers = wordSet("so", "very", "too", "really", "just", "all", "always", "such", "a", "an", "the", "more",
	"fucking", "fuckin", "bloody", "damn", "goddamn", "effing", "freaking", "frigging", "bunch", "of", "lot",
	"load", "pack", "shitty", "crappy",
	"most", "naturally", "inherently", "basically", "literally", "totally", "completely", "genetically", "born")

// traitRule fires on "[group] are so X" and "why are [group] so X" with X a negative trait.
func (nt *normText) traitRule(a, b, g int) (pred int) {
	k := nt.afterGroup(g)
	if nt.is(k, "in", "from", "on", "around", "across") && k+3 < b {
		// "Women in politics are …", "immigrants from Africa are …"
		for x := k + 1; x <= k+3; x++ {
			if nt.is(x, "are", "is", "r", "were", "was") {
				k = x
				break
			}
		}
	}
	why := g >= a+1 && nt.is(a, "why", "how")
	switch {
	case nt.is(g, "theyre"): // the copula is inside
	case nt.is(k, "are", "is", "r", "were", "was", "be", "seem", "look", "act"):
		k++
	case why && g >= a+2 && nt.is(a+1, "are", "is", "do", "must"),
		nt.is(g-1, "are", "is", "arent", "isnt") && g-1 > a: // "… or are African Americans incapable of …"
		// "why are Muslims so violent": the copula came before the group
	case !why:
		return -1
	}
	for ; k < min(b, g+16); k++ {
		w := nt.text(k)
		if (nt.flag(k, flagTrait) || nt.is(k, "problem", "enemy", "threat", "danger", "disaster", "nightmare", "curse")) && (!why || k == b-1 || nt.is(k+1, predicateEnds...) || nt.anyWord(k, k+1, fillers)) {
			return k // a negative trait or a harsh evaluation ("every Jew is a liar")
		}
		if _, ok := fillers[string(w)]; !ok && !why {
			return -1
		}
	}
	return -1
}

// predicateEnds follow a trait said of the group in a why-question ("why do Muslims have to be
// so violent about everything"), not one that describes a noun ("why are refugees fleeing violent
// gangs").
var predicateEnds = []string{"about", "to", "and", "all", "towards", "toward", "with", "than", "in", "at", "when", "of",
	"as", "nowadays", "now", "lately", "everywhere", "anyway", "or", "for"}

// afterGroup is the first word after the group named at g: "gay men are" → "are".
func (nt *normText) afterGroup(g int) int {
	if g+1 < len(nt.words) && (nt.flag(g, flagGroupAdj) || nt.flag(g+1, flagPersonN)) {
		if _, ok := personInsults[string(nt.text(g+1))]; ok || nt.flag(g+1, flagPersonN) {
			return g + 2
		}
	}
	return g + 1
}

// praise is what "nothing but" may introduce without an attack.
var praise = wordSet("kind", "generous", "welcoming", "lovely", "nice", "friendly", "helpful", "supportive",
	"good", "great", "wonderful", "amazing", "respectful", "polite", "hardworking", "loving", "caring",
	"gracious", "warm", "brilliant", "fantastic", "positive", "praise", "love", "respect", "gratitude",
	"admiration", "kindness", "generosity", "courteous", "patient", "decent")

// praiseAt reports a word of praise at k, after an optional article.
func (nt *normText) praiseAt(k int) bool {
	if nt.is(k, "a", "an", "the") {
		k++
	}
	if k >= len(nt.words) {
		return false
	}
	_, ok := praise[string(nt.text(k))]
	if !ok {
		_, ok = positives[string(nt.text(k))]
	}
	return ok
}

// wantedBefore reports a word wanting what follows among words [lo, hi): "they should all be
// shot"; "let's be clear: a Black man was killed" wants nothing.
func (nt *normText) wantedBefore(lo, hi int) bool {
	for k := lo; k < hi; k++ {
		if _, ok := wantWords[string(nt.text(k))]; ok && !(nt.is(k, "lets", "let") && nt.is(k+1, "be", "me", "face", "see", "remember")) {
			return true
		}
	}
	return false
}

// speechBefore reports a speech noun ("comments", "remarks") among words [lo, hi).
func (nt *normText) speechBefore(lo, hi int) bool {
	for k := lo; k < hi; k++ {
		if nt.is(k, speechNouns...) {
			return true
		}
	}
	return false
}
