package toxicity

import "bytes"

// Sentence shapes of hate that carry no hostile word of their own, or whose hostile word is
// also used in ordinary news. Each was found missing by a blind hand-written set (docs/toxicity.md).

// groupPronouns take up a group named in the previous sentences.
var groupPronouns = []string{"they", "them", "theyre", "theyll", "theyd", "theyve", "their", "these", "those"}

// passiveAux before a past participle reports violence done to someone: "were killed".
var passiveAux = []string{"was", "were", "are", "is", "been", "being", "be", "get", "got", "gets", "getting"}

// wantWords before a past participle want the violence done: "should all be shot", "I hope they
// get deported".
var wantWords = wordSet("should", "must", "need", "needs", "ought", "gotta", "deserve", "deserves", "deserved",
	"better", "hope", "hopefully", "wish", "want", "wanna", "pray", "lets", "let")

// callWords before a violent verb call for it or announce it: "we should kill", "I will shoot".
var callWords = wordSet("should", "must", "need", "needs", "ought", "gotta", "deserve", "deserves", "better",
	"will", "gonna", "wanna", "want", "wish", "hope", "would", "lets", "imma", "ima", "ill", "id", "shall", "finna",
	"promise", "send")

// personInsults are nouns that, after a group adjective, name the group and insult it: "black
// thugs", "trans freaks". Animal words are left out ("white rats", "black dogs").
var personInsults = wordSet("thugs", "thug", "freaks", "freak", "perverts", "pervert", "savages", "savage",
	"criminals", "criminal", "terrorists", "terrorist", "rapists", "rapist", "degenerates", "degenerate",
	"idiots", "scum", "trash", "apes", "monkeys", "invaders", "leeches", "parasites", "scroungers",
	"freeloaders", "lowlife", "predators", "groomers", "deviants", "lunatics", "maniacs", "psychos",
	"thieves", "liars", "creeps", "heathens", "infidels", "barbarians", "subhumans", "mongrels", "shits", "bastards",
	"fuckers", "cunts", "twats", "pricks", "assholes", "scumbags")

// groupAt reports whether word k names a group: a group noun, a slur, or an adjective before a
// person noun ("gay men") or a person insult ("black thugs").
func (nt *normText) groupAt(k int) bool {
	f := nt.words[k].info.flags
	if f&flagGroup != 0 || f&flagSlur != 0 && !nt.is(k, "nigga", "niggas", "niggaz", "nicca", "niccas") {
		return true // the "nigga" forms are mostly address, not a target (Davidson: offensive, not hate)
	}
	if f&flagGroupAdj != 0 && nt.is(k-1, "being") {
		return true // "being gay is a sickness": the identity itself
	}
	if f&flagGroupAdj == 0 || k+1 >= len(nt.words) {
		return false
	}
	if nt.flag(k+1, flagPersonN) {
		return true
	}
	_, ok := personInsults[string(nt.text(k+1))]
	return ok
}

// groupIn returns the first word naming a group in [a, b), or -1.
func (nt *normText) groupIn(a, b int) int {
	for k := a; k < b; k++ {
		if nt.words[k].info.flags&(flagGroup|flagSlur|flagGroupAdj) != 0 && nt.groupAt(k) {
			return k
		}
	}
	return -1
}

func (nt *normText) anyWord(lo, hi int, set map[string]struct{}) bool {
	for k := max(lo, 0); k < min(hi, len(nt.words)); k++ {
		if _, ok := set[string(nt.text(k))]; ok {
			return true
		}
	}
	return false
}

// calledFor reports a violent verb at k said as an order, a call or an intent, not as a report:
// "kill them all", "someone needs to shoot", "I will hurt".
func (nt *normText) calledFor(a, k int) bool {
	return k == a || nt.is(k-1, "just", "go", "please", "and", "then", "to", "lets") || nt.anyWord(max(a, k-8), k, callWords)
}

// positives, denied of a group, attack it: "women are not capable", "trans women are not real
// women", "Black people will never be equal".
var positives = wordSet("capable", "intelligent", "smart", "clever", "competent", "human", "humans", "people",
	"persons", "equals", "trustworthy", "worthy", "worth", "normal", "real", "valid", "decent",
	"civilised", "civilized", "deserving", "fit", "qualified", "welcome", "natural", "moral", "loyal", "honest",
	"peaceful", "belong", "value", "use", "valuable", "useful", "asset", "assets", "handle", "cope", "respect",
	"contribute", "contributed", "contributes", "worthwhile", "peacefully", "grateful", "compatible", "govern",
	"think", "lead")

// denyGap may stand between a group and the positive word it is denied.
var denyGap = wordSet("are", "is", "r", "were", "was", "be", "been", "have", "has", "had", "live", "going", "gonna", "to", "will", "would", "can", "could", "should",
	"shall", "do", "does", "did", "ever", "really", "even", "just", "simply", "still", "remotely", "truly",
	"actually", "a", "an", "the", "as", "so", "very", "any", "fully", "at", "all", "much", "and", "nor",
	"good", "enough", "of", "in", "way")

// denyBefore, negated before a group, deny what follows of it.
var denyBefore = wordSet("think", "believe", "met", "seen", "know", "known", "find", "found")

// deserved are what "[group] don't deserve …" denies: rights, respect, a life.
var deserved = wordSet("rights", "respect", "equality", "dignity", "anything", "love", "kindness", "freedom",
	"happiness", "jobs", "compassion", "sympathy", "help", "benefits", "vote", "live", "exist", "breathe",
	"citizenship", "mercy", "children", "kids", "marriage", "equal", "basic", "human", "any", "job", "raise",
	"adopt", "marry")

// shunVerbs, denied by the speaker with a group as object, attack it: "I will never respect a
// disabled person", "we don't serve gays here".
var shunVerbs = wordSet("respect", "trust", "hire", "accept", "tolerate", "employ", "date", "marry",
	"befriend", "serve", "rent", "sit", "shake")

// negatedPositive finds a positive quality or a due denied of the group at g, and returns the
// denied word, or -1.
func (nt *normText) negatedPositive(a, b, g int) int {
	j := nt.afterGroup(g)
	// "No Muslim is trustworthy"; "I don't think a black person could ever be intelligent"; "I have
	// never met a Muslim who was honest".
	neg := nt.is(g-1, "no") || nt.negated(max(a, g-5), g) && nt.anyWord(max(a, g-5), g, denyBefore)
	if nt.is(j, "who", "that", "wholl", "whod", "whove") {
		j++ // "disabled people who'll never be useful"
	}
	for ; j < min(b, g+9); j++ {
		w := nt.text(j)
		if nt.flag(j, flagNegation) {
			neg = true
			continue
		}
		if !neg {
			if _, ok := denyGap[string(w)]; ok {
				continue
			}
			break
		}
		if _, ok := positives[string(w)]; ok || j > g+1 && bytes.Equal(w, nt.text(g+1)) && nt.flag(g, flagGroupAdj) {
			return j // "… are not capable", "trans women are not women"
		}
		switch string(w) {
		case "deserve", "deserves":
			for k := j + 1; k < min(b, j+9); k++ {
				if _, ok := deserved[string(nt.text(k))]; ok {
					return j
				}
				if _, ok := positives[string(nt.text(k))]; ok && k > j+3 {
					return j // "… deserves to be treated as a decent human being"
				}
				if !nt.is(k, "to", "a", "an", "the", "our", "be", "any", "treated", "as", "like", "seen", "called", "real") {
					break
				}
			}
			return -1
		case "equal":
			if nt.is(j+1, "to") {
				return j // "will never be equal to the rest of us", not "equal partners"
			}
		case "matter", "count", "belong":
			return j
		case "contribute", "contributes":
			// "don't contribute anything", not "don't contribute to crime"
			if nt.is(j+1, "anything", "much", "any", "positively") || nt.is(j+1, "to") && nt.is(j+2, "society", "our", "this") {
				return j
			}
			return -1
		}
		if _, ok := denyGap[string(w)]; !ok {
			break
		}
	}
	// The speaker denies the group something: "I will never respect a disabled person".
	for k := max(a, g-8); k < g; k++ {
		if !nt.is(k, firstPerson...) {
			continue
		}
		for v := k + 1; v < min(g, k+6); v++ {
			if _, ok := shunVerbs[string(nt.text(v))]; !ok || !nt.negated(k+1, v) {
				continue
			}
			gap := true
			for x := v + 1; x < g; x++ {
				gap = gap && nt.is(x, "a", "an", "any", "the", "those", "these", "one", "single", "of", "another", "more", "with")
			}
			if gap && g-v <= 4 {
				return v
			}
		}
	}
	return -1
}

// revulsion is what a group "makes" the speaker feel; the group must come first ("gay couples make
// me sick"), not after a preposition ("attacks on Muslims make me sick" condemns the attacks).
var revulsion = func() [][]byte {
	var ps []string
	for _, v := range []string{"make", "makes", "made"} {
		for _, e := range []string{"me sick", "me feel sick", "me want to vomit", "me want to puke", "me want to throw up",
			"me want to be sick", "me want to gag", "me vomit", "me puke", "me gag", "my skin crawl", "me want to scream",
			"me furious", "me so furious", "me so angry", "my blood boil"} {
			ps = append(ps, v+" "+e)
		}
	}
	ps = append(ps, "sicken me", "sickens me", "repulse me", "repulses me", "revolt me", "revolts me",
		"turn my stomach", "turns my stomach", "go fuck themselves", "can fuck off", "should fuck off",
		"can piss off", "should piss off", "fuck off back", "piss off back", "fuck off home", "piss off home",
		"can go to hell", "should go to hell", "are shit", "are crap", "are shite", "is shit", "to piss off",
		"to fuck off")
	return phraseList(ps...)
}()

var objectPreps = []string{"on", "against", "towards", "toward", "of", "for", "to", "at", "with", "about"}

// revulsionHeads indexes revulsion by first word: the phrases are tried after every group.
var revulsionHeads = byHead(revulsion)

// fury is what a group "fills" the speaker "with" in hate: "Black people fill me with pure rage".
var fury = wordSet("rage", "disgust", "hatred", "hate", "anger", "loathing", "contempt", "revulsion", "fury")

// harms, done by the group as subject, accuse it: "they corrupt children", "gays groom kids".
var harms = wordSet("corrupt", "corrupts", "groom", "grooms", "molest", "molests", "prey", "preys",
	"brainwash", "brainwashes", "infect", "infects", "poison", "poisons", "pollute", "pollutes", "leech", "leeching",
	"sponge", "sponging", "scrounge", "scrounging", "mooch", "mooching", "drag", "drags", "steal", "steals",
	"stealing", "rob", "robs", "robbing", "loot", "looting", "scam", "scams", "scamming", "plot", "plots",
	"plotting", "scheme", "schemes", "scheming")

// abuseVerbs with a group straight after are abuse aimed at it: "fuck all Muslims".
var abuseVerbs = wordSet("fuck", "fuk", "fck", "screw", "fuckin", "fucking")

// groupAbuse finds revulsion or abuse aimed at the group at g and returns where it starts, or -1.
func (nt *normText) groupAbuse(a, b, g int) int {
	partOf := nt.is(g-1, "of") && nt.is(g-2, "kind", "kinds", "type", "types", "sort", "sorts", "lot", "bunch", "most", "many", "all", "some", "majority")
	if partOf || !nt.is(g-1, objectPreps...) && !(nt.is(g-2, objectPreps...) && nt.is(g-1, "the", "those", "these", "all", "some", "many")) {
		end := nt.words[b-1].end
		for k := g + 1; k < min(b, g+12); k++ {
			for _, ph := range revulsionHeads[string(nt.text(k))] {
				rest := nt.out[nt.words[k].start:end]
				if bytes.HasPrefix(rest, ph) && (len(rest) == len(ph) || rest[len(ph)] == ' ') {
					return k
				}
			}
		}
	}
	if g == a+1 && nt.is(a, "typical") && (g+1 >= b || nt.is(nt.afterGroup(g), "behaviour", "behavior", "lol", "smh", "again", "cant", "cannot", "always",
		"never", "wont", "couldnt", "logic", "thinking", "attitude", "mentality", "mindset", "move", "driver", "driving")) {
		return a // "Typical woman, can't even park."
	}
	k := nt.afterGroup(g)
	for k < b && nt.is(k, "all", "just", "only", "always", "constantly", "really", "openly", "actively") {
		k++
	}
	if k >= b {
		return -1
	}
	if _, ok := harms[string(nt.text(k))]; ok {
		return k
	}
	for h := k + 1; h < min(b, g+14); h++ {
		// "… let hundreds of immigrants in, and now they're stealing": a harm done by a pronoun
		// that takes the group up later in the sentence.
		if _, ok := harms[string(nt.text(h))]; ok && nt.is(h-1, "theyre", "they", "theyll", "theyd") && nt.doneBy(a, g, h) {
			return h
		}
	}
	if nt.is(k, "fill", "fills") && nt.is(k+1, "me") && nt.is(k+2, "with") && nt.anyWord(k+3, min(b, k+8), fury) {
		return k
	}
	for k := max(a, g-12); k < g; k++ {
		// Violence in a phrase, called for: "I will set fire to every house where disabled people
		// live", "should just open fire on migrants", "ought to string up every …".
		if (nt.is(k, "set", "open") && nt.is(k+1, "fire") || nt.is(k, "string") && nt.is(k+1, "up")) && nt.anyWord(max(a, k-6), k, callWords) {
			return k
		}
		// "Nothing fills me with more rage than gays parading around"
		if k == a && nt.is(k, "nothing") && nt.anyWord(k+1, g, fury) && (nt.is(g-1, "than") || nt.is(g-2, "than")) {
			return k
		}
	}
	for k := g + 1; k+1 < min(b, g+8); k++ {
		// "send them to the gas chambers", not "murdered in Nazi gas chambers"
		if nt.is(k, "gas") && nt.is(k+1, "chamber", "chambers") && nt.anyWord(max(a, g-8), k, callWords) {
			return k
		}
	}
	for k := g + 1; k+2 < min(b, g+6); k++ {
		// "I'll push a disabled person down the stairs", not "the man pushed a disabled woman …".
		if nt.is(k, "down") && nt.is(k+1, "the") && nt.is(k+2, "stairs") && nt.anyWord(max(a, g-8), g, callWords) {
			return k
		}
	}
	for k := max(a, g-4); k < g; k++ {
		if _, ok := abuseVerbs[string(nt.text(k))]; !ok || nt.is(k-1, "the", "a", "what", "who", "how", "so") {
			continue
		}
		gap := true
		for x := k + 1; x < g; x++ {
			gap = gap && nt.is(x, "all", "the", "these", "those", "every", "single", "damn", "bloody", "off", "them")
		}
		if gap {
			return k
		}
	}
	return -1
}

// strongSlurs are slurs with no common innocent reading; "fag" and "faggot" are taken unless the
// sentence is about cigarettes or food, "chink" unless in "a chink in …".
var strongSlurs = wordSet("nigger", "niggers", "kike", "kikes", "spic", "spics", "wetback", "wetbacks", "beaner",
	"beaners", "raghead", "ragheads", "towelhead", "towelheads", "sandnigger", "sandniggers", "jigaboo", "jigaboos",
	"porchmonkey", "zipperhead", "darkie", "darkies", "shemale", "shemales", "kaffir", "golliwog", "niglet",
	"niglets", "muzzie", "muzzies", "muzzy", "paki", "pakis", "tranny", "trannies", "trannys", "faggot", "faggots",
	"fag", "fags", "gook", "gooks", "chink", "chinks", "retard", "retards", "yid", "yids",
	"poof", "poofs", "poofter", "poofters", "spastic", "spastics", "spaz", "mongoloid", "mongoloids")

var slurHomonymContext = wordSet("cigarette", "cigarettes", "smoke", "smoking", "lighter", "packet", "pack",
	"gravy", "dinner", "meatball", "meatballs", "sticks", "wood", "firewood", "bundle", "butcher", "recipe",
	"onion", "pork", "peas", "armour", "armor", "break", "fire", "fireplace", "stove", "logs", "hearth", "ashtray",
	"car", "cars", "gearbox", "transmission", "clutch", "engine", "gears", "rebuild", "mechanic", "slipping")

// animalContext makes "coon" a raccoon.
var animalContext = wordSet("raiding", "cans", "bins", "hunting", "hound", "hounds", "tail", "skin", "attic",
	"raccoon", "racoon", "possum", "critter", "critters", "garbage", "trash", "yard", "porch")

// slurHomonym reports the slur at k read in an innocent sense: "should retard corrosion" is a
// verb, "out for a fag" a cigarette, "a faggot of sticks" firewood, "a coon raiding the bins" a
// raccoon, "a chink in the armour" a gap.
func (nt *normText) slurHomonym(a, b, k int) bool {
	return nt.anyWord(max(a, k-20), min(b, k+20), slurHomonymContext) || nt.is(k+1, "in") && nt.is(k-1, "a") ||
		nt.is(k, "fag", "fags") && nt.is(k-1, "a") && nt.is(k-2, "for", "bummed", "cadged", "scrounged", "nipped", "having", "quick", "crafty", "last") ||
		nt.is(k, "fag") && nt.is(k-1, "quick", "crafty", "last", "first") && nt.is(k-2, "a", "my", "the") ||
		nt.is(k, "fag") && nt.is(k+1, "off") ||
		nt.is(k, "retard", "retards") && (nt.is(k-1, "to", "will", "would", "should", "can", "could", "may", "might", "must", "does", "do") ||
			nt.is(k+1, "the", "its", "their", "growth", "progress", "development", "corrosion", "bone")) ||
		nt.is(k, "coon", "coons") && nt.anyWord(max(a, k-8), min(b, k+9), animalContext)
}

// slurAttack returns a strong slur that is used, not mentioned or reclaimed, or -1: "get these
// niggers out" but not "we dykes", "my nigga", "the word faggot" or "a faggot with gravy".
func (nt *normText) slurAttack(a, b int) int {
	for k := a; k < b; k++ {
		if !nt.flag(k, flagSlur) {
			continue // every strong slur is a slur (TestStrongSlursAreSlurs)
		}
		if _, ok := strongSlurs[string(nt.text(k))]; !ok || nt.words[k].quoted {
			continue
		}
		if nt.slurHomonym(a, b, k) {
			continue
		}
		// Mentioned, not used: "the word", "called me a", "the term".
		mentioned := nt.is(k-1, "word", "term", "slur", "label")
		for x := max(a, k-3); x < k; x++ {
			mentioned = mentioned || nt.flag(x, flagReport) && !nt.is(x, "like")
		}
		if mentioned {
			continue
		}
		// Reclaimed: "we faggots", "as a proud tranny", "my fellow dykes".
		if nt.is(k-1, "we", "us", "proud", "fellow", "my", "our") || nt.is(k-2, "we", "us", "as", "im", "our", "my") {
			continue
		}
		return k
	}
	return -1
}

// ruleVocab lists the rules' word sets, which the lexicon registers as known words.
func ruleVocab() []map[string]struct{} {
	phrases := map[string]struct{}{}
	for _, list := range [][][]byte{revulsion, exclusionPhrases, insultIdioms} {
		for _, ph := range list {
			for _, w := range bytes.Fields(ph) {
				phrases[string(w)] = struct{}{}
			}
		}
	}
	return []map[string]struct{}{positives, denyGap, deserved, shunVerbs, wantWords, callWords, personInsults,
		fillers, slurHomonymContext, strongSlurs, abuseVerbs, phrases, fury, harms,
		animalContext}
}
