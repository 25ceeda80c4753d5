package toxicity

import (
	"bytes"
	"sort"
	"strings"
)

// The insult rules: abuse aimed at the reader ("you absolute muppet"), at one person named or
// described ("the MP is a lying weasel", "what a pathetic little man"), or said of others ("the
// council are a bunch of clowns"). News comments insult with everyday words far more than with
// swearing, and the tweets the learned heads saw barely use them, so the rules carry the words.

// insultGap may stand between "you" and the word that insults: copulas, articles, intensifiers
// and the adjectives insults stack up ("you are such a stupid …", "you sad, bitter old …").
var insultGap = wordSet("are", "r", "is", "re", "a", "an", "such", "so", "too", "the", "just", "really", "very",
	"total", "complete", "absolute", "utter", "right", "proper", "prize", "little", "big", "massive", "huge", "look",
	"looking", "sound", "act", "acting", "seem", "being", "been", "were", "was", "be", "might", "must", "piece", "of",
	"like", "dumb", "stupid", "ugly", "fat", "old", "lazy", "sorry", "worthless", "pathetic", "disgusting",
	"filthy", "dirty", "nothing", "but", "one", "bunch", "all", "guys", "people", "ass", "fuckin", "fucking",
	"freaking", "frigging", "flipping", "effing", "sodding", "damn", "bloody", "stinking", "lying", "fake",
	"braindead", "brain", "dead", "crazy", "idiotic", "moronic", "clueless", "ignorant", "annoying", "miserable",
	"useless", "sad", "bitter", "self", "righteous", "smug", "entitled", "pompous", "arrogant", "spineless",
	"gutless", "sanctimonious", "condescending", "obnoxious", "deluded", "silly", "ridiculous", "snivelling",
	"sniveling", "whining", "whinging", "nasty", "horrible", "vile", "two", "faced", "feckless", "typical",
	"spiteful", "petty", "angry", "pig", "thick", "gormless", "daft", "clearly", "obviously", "honestly",
	"genuinely", "literally", "actually", "truly", "dozy", "some", "always", "this", "much", "willfully",
	"wilfully", "paranoid", "heartless", "sneering", "oily", "grubby", "joyless", "whinging",
	"biased", "overpaid", "talentless", "incompetent", "corrupt", "crooked", "sweaty", "greedy", "gullible",
	"spoiled", "spoilt", "nosy", "blind")

// insultNouns call a person something. After "you" they insult whatever stands between; said of
// one person ("the mayor is a …") too. Words with an everyday sense ("plank", "tool", "cow")
// are safe here because a person has to be what they are said of.
var insultNouns = wordSet("idiot", "idiots", "moron", "morons", "fool", "fools", "loser", "losers", "clown",
	"clowns", "retard", "bitch", "cunt", "asshole", "arsehole", "prick", "twat", "wanker", "scumbag", "bastard",
	"dickhead", "jerk", "dumbass", "imbecile", "cretin", "numpty", "muppet", "tosser", "pillock", "knobhead",
	"dipshit", "shithead", "plank", "prat", "plonker", "wally", "nitwit", "dimwit", "halfwit", "dunce", "dolt",
	"oaf", "buffoon", "bozo", "doofus", "dingbat", "drongo", "dropkick", "tool", "donkey", "weasel", "sleazebag",
	"slimeball", "lowlife", "creep", "dirtbag", "douchebag", "douche", "turd", "knob", "bellend", "twit", "git",
	"berk", "clot", "troll", "shill", "grifter", "charlatan", "hypocrite", "coward", "snowflake", "simpleton",
	"numbskull", "bonehead", "meathead", "airhead", "pinhead", "blockhead", "dumbo", "dummy", "nincompoop",
	"ignoramus", "parasite", "leech", "slag", "slut", "whore", "skank", "hag", "wimp", "wuss", "crybaby",
	"whinger", "whiner", "stooge", "lackey", "bootlicker", "sycophant", "liar", "fraud", "crook", "nutter",
	"nutjob", "nutcase", "lunatic", "psycho", "weirdo", "freak", "pervert", "degenerate", "scum", "pig", "cow",
	"rat", "snake", "tit", "joke", "disgrace", "embarrassment", "cretins", "imbeciles", "halfwits", "dimwits",
	"muppets", "numpties", "pillocks", "prats", "plonkers", "wallies", "tossers", "wankers", "twats", "trolls",
	"hypocrites", "liars", "cowards", "snowflakes", "sheep", "hack", "busybody", "lump", "hasbeen", "brat",
	"eejit", "eejits", "bampot", "gobshite", "gobshites", "wazzock", "weapon", "mare", "melt", "jobsworth",
	"crank", "toad", "manchild")

// insultAdjs insult the person they are said of: "you are too thick to …", "the councillor is
// gormless". Only after a subject ("you are", "he is"): "your thick coat" insults no one.
var insultAdjs = wordSet("thick", "dense", "gormless", "brainless", "witless", "clueless", "spineless",
	"gutless", "pathetic", "useless", "worthless", "stupid", "dumb", "idiotic", "moronic", "ignorant",
	"delusional", "deluded", "unhinged", "deranged", "senile", "braindead", "dimwitted", "halfwitted",
	"despicable", "repulsive", "insufferable", "obnoxious", "daft", "dumbest", "stupidest", "thickest",
	"pig", "vile", "disgusting", "pitiful", "dimmest")

// badMods make a plain person noun an insult: "a sad, bitter old man", "a nasty little woman".
var badMods = wordSet("sad", "bitter", "pathetic", "nasty", "horrible", "vile", "miserable", "ignorant",
	"arrogant", "smug", "spiteful", "deluded", "stupid", "dumb", "ugly", "fat", "lazy", "useless", "worthless",
	"disgusting", "creepy", "twisted", "sick", "evil", "petty", "spineless", "gutless", "angry", "pompous",
	"entitled", "sanctimonious", "condescending", "obnoxious", "lying", "vindictive", "thick", "gormless",
	"odious", "loathsome", "repulsive", "feckless", "snivelling", "sniveling", "biased", "overpaid",
	"talentless", "incompetent", "corrupt", "crooked", "greedy", "gullible", "spoiled", "spoilt", "nosy",
	"dozy", "chinless", "heartless", "sneering", "oily", "grubby", "joyless", "whinging", "paranoid")

// personNouns, with a bad modifier, describe a person insultingly.
var personNouns = wordSet("man", "woman", "person", "individual", "specimen", "creature", "human", "bloke",
	"guy", "lad", "boy", "girl", "fellow", "excuse", "child", "shell", "waste")

// roleNouns name one person by what they do: "the mayor is a clown" insults the mayor.
var roleNouns = wordSet("mayor", "mp", "minister", "pm", "president", "councillor", "councilor", "ref",
	"referee", "author", "journalist", "writer", "reporter", "editor", "presenter", "host", "judge",
	"defendant", "celebrity", "manager", "coach", "striker", "keeper", "goalkeeper", "player", "chairman",
	"leader", "boss", "chief", "ceo", "governor", "senator", "congressman", "congresswoman", "bishop",
	"priest", "vicar", "headteacher", "chancellor", "secretary", "spokesman", "spokeswoman", "owner",
	"landlord", "candidate", "premier", "sheriff", "commissioner", "husband", "wife", "ex", "guy", "bloke",
	"man", "woman", "he", "she", "@user", "everyone", "anyone", "whoever", "captain", "skipper", "umpire",
	"constable", "inspector", "superintendent", "director", "chair", "exec", "executive", "principal",
	"headmaster", "headmistress", "cllr", "rep", "spokesperson", "actor", "actress", "singer", "winner",
	"contestant", "pastor", "imam", "rabbi", "developer", "batsman", "bowler", "midfielder", "defender",
	"winger", "goalie", "quarterback", "pitcher", "driver", "lawyer", "barrister", "solicitor", "doctor",
	"consultant", "columnist", "correspondent", "commentator", "pundit", "comedian", "influencer",
	"councilwoman", "councilman", "alderman", "qb", "cardinal")

// insultIdioms insult whoever they are said of without an insulting word of their own.
var insultIdioms = phraseList("waste of oxygen", "waste of skin", "waste of air", "iq of a", "iq of an",
	"reading age of", "brain cell", "brain cells", "keyboard warrior", "keyboard warriors", "room temperature iq",
	"couldnt organise a", "couldnt organize a", "cant organise a", "cant organize a", "imagine being so",
	"imagine being as", "imagine being this", "lights are on but", "thick as two", "thick as mince", "dumb as a",
	"thick as a", "dumber than a", "stupider than a", "thicker than a", "few sandwiches short", "sharpest tool",
	"depth of a puddle", "brains of a", "intelligence of a", "attention span of a", "memory of a goldfish",
	"only a complete", "only an absolute", "only a total", "only an utter", "only an idiot", "only a moron",
	"only a fool", "only an imbecile", "only a halfwit", "chocolate teapot", "couldnt run a bath",
	"cant run a bath", "sorry excuse for a", "pathetic excuse for a", "intellect of a")

// idiomHeads indexes insultIdioms by their first word, which the lexicon flags (flagIdiomHead).
var idiomHeads = byHead(insultIdioms)

// insultRules catches insults aimed at the reader: "you are a worthless idiot", "ur a moron",
// "you absolute muppet", "you're a sad, bitter old man".
func (nt *normText) insultRules(rr *ruleResult, a, b int, sf uint32) {
	for k := a; k < b && sf&flag2nd != 0; k++ {
		if !nt.flag(k, flag2nd) {
			continue
		}
		// "your thick coat": only a subject takes an adjective.
		subject := !nt.is(k, "your", "yourself")
		bad, article := false, false
		for j := k + 1; j < min(b, k+7); j++ {
			wi := nt.words[j].info
			noun, adj, plain := wi.flags&flagINoun != 0, wi.flags&flagIAdj != 0, wi.flags&flagEveryday != 0
			person := wi.flags&flagPerson != 0
			if wi.rating == 2 || wi.flags&flagDehuman != 0 || noun && !(plain && j == k+1) || adj && subject || person && bad && subject ||
				nt.badNoun(j, bad, article) && subject {
				nt.insultHit(rr, k, j, 0.8)
				break
			}
			if wi.flags&flagBad != 0 {
				bad = true
			}
			article = article || nt.is(j, "a", "an", "such")
			// Only "you are a …", "u look …", "you stupid …" aim the word at the reader: "sorry
			// you are feeling sick" and "how are you Argie?" do not.
			if wi.flags&(flagGap|flagBad) == 0 && wi.rating < 1 && wi.flags&flagNegation == 0 {
				// … or an insulting noun that ends the sentence, as a vocative: "you broke back
				// mountain idiot", "go back to your basement, troll".
				if e := b - 1; e > j && e <= k+5 {
					if nt.flag(e, flagINoun) {
						rr.insult.take(0.8, k, e+1)
					}
				}
				break
			}
		}
	}
	if sf&flagInsultAny != 0 {
		nt.exclaimed(rr, a, b)
		nt.pointedAt(rr, a, b)
	}
	for k := a; k < b && sf&flagIdiomHead != 0; k++ {
		if nt.words[k].info.flags&flagIdiomHead == 0 {
			continue
		}
		for _, ph := range idiomHeads[string(nt.text(k))] {
			if bytes.HasPrefix(nt.out[nt.words[k].start:nt.words[b-1].end], ph) {
				e := k + bytes.Count(ph, []byte(" ")) + 1
				// "This council couldn't organise a raffle" is about an institution: the idioms that
				// fit one need a person in the comment.
				if !nt.negated(max(a, k-2), k) && (!nt.is(k, "couldnt", "cant", "chocolate") || nt.anyTarget()) {
					rr.insult.take(0.8, k, min(e, b))
				}
				break
			}
		}
	}
}

// pointedAt catches an insult noun pinned on someone without "you": "that blind clown of a
// ref", "good riddance to that clown", "this idiot thinks …".
func (nt *normText) pointedAt(rr *ruleResult, a, b int) {
	for j := a; j < b; j++ {
		if !nt.flag(j, flagINoun) {
			continue
		}
		plain := nt.flag(j, flagEveryday)
		if bytes.HasSuffix(nt.text(j), []byte("s")) {
			continue
		}
		// "… clown of a ref", "lying pig of a bishop"
		if nt.is(j+1, "of") && nt.is(j+2, "a", "an") && (nt.isTarget(j+3) || nt.flag(j+3, flagPersonN)) {
			rr.insult.take(0.8, j, j+4)
			return
		}
		// "that clown", "this idiot": a person pointed at. Not "this joke of a budget".
		k := j - 1
		for k > a && nt.flag(k, flagGap) && !nt.is(k, "that", "this") {
			k--
		}
		if !plain && nt.is(k, "that", "this") && !nt.negated(max(a, k-2), j) {
			rr.insult.take(0.8, k, j+1)
			return
		}
	}
}

// badNoun reports the noun a bad modifier was building up to: "a miserable old crank", "an oily
// little salesman". After an article and a bad modifier, the first word that is neither another
// modifier, a negation, a report verb nor a conjunction is taken for the noun.
func (nt *normText) badNoun(j int, bad, article bool) bool {
	w := nt.words[j].info
	return bad && article && w.flags&(flagGap|flagBad|flagNegation|flagReport) == 0 && w.rating < 1 &&
		!nt.is(j, "and", "or", "but", "who", "that", "with", "to", "in", "on", "at", "for", "of", "as")
}

// insultHit records an insult of word j aimed at word k, damped when it is denied.
func (nt *normText) insultHit(rr *ruleResult, k, j int, p float64) {
	if nt.negated(k, j) || nt.is(j-1, "no") {
		p *= 0.15
		rr.negatedInsult = true
	}
	rr.insult.take(p, k, j+1)
}

// exclaimed catches exclamations and fragments aimed at a person: "What a pathetic little man",
// "What a smug little prat", "Absolute clown of a Prime Minister", "Idiot.", "Lazy, biased
// hack.", "Pathetic." (the last two only when someone is named or addressed).
func (nt *normText) exclaimed(rr *ruleResult, a, b int) {
	// "Mayor Clowes strikes again 🤡🤡🤡 what a tit": an exclamation may close a sentence.
	for k := a + 1; k+2 < b; k++ {
		if nt.is(k, "what") && nt.is(k+1, "a", "an") {
			nt.exclaimedAt(rr, k, b)
		}
	}
	nt.exclaimedAt(rr, a, b)
}

func (nt *normText) exclaimedAt(rr *ruleResult, a, b int) {
	start := a
	what := nt.is(a, "what") && nt.is(a+1, "a", "an")
	if what {
		start = a + 2
	}
	bad, mods := false, 0
	for j := start; j < min(b, start+5); j++ {
		noun, plain, adj := nt.flag(j, flagINoun), nt.flag(j, flagEveryday), nt.flag(j, flagIAdj)
		person := nt.flag(j, flagPerson)
		one := noun && !bytes.HasSuffix(nt.text(j), []byte("s"))
		thing := false
		if plain && what {
			_, thing = thingWords[string(nt.text(j))]
		}
		// "Utter muppet.", "Absolute clown of a PM", "The idiot who posted this …", but not "total
		// muppet moment" or "the clown at my daughter's party".
		if one && !plain && (what || j == b-1 || nt.is(j+1, "of") && nt.is(j+2, "a", "an") || mods > 0 && nt.is(j+1, "who", "whos", "that")) ||
			one && plain && bad && j <= start+2 && !what ||
			one && plain && (bad || what && !thing || b-a == 1 && !thing) && nt.anyTarget() || person && bad && what ||
			adj && j == b-1 && !what && !nt.flag(j, flagCondemn) && nt.anyTarget() {
			rr.insult.take(0.8, a, j+1)
			return
		}
		if nt.flag(j, flagBad) {
			bad = true
		}
		if !nt.flag(j, flagGap) {
			return
		}
		mods++
	}
}

// anyTarget reports someone in the text an insult can be aimed at: "you", "he", a mention, "the
// mayor".
func (nt *normText) anyTarget() bool {
	for k := range nt.words {
		if !nt.words[k].quoted && (nt.flag(k, flag2nd|flag3rd) || nt.isTarget(k)) {
			return true
		}
	}
	return false
}

// abuseNouns, said of anyone with a copula, abuse them: "politicians are all lying parasites",
// "my ex is a waste of oxygen". Words a news report uses plainly ("criminals", "terrorists")
// are left out, and so are words with an everyday sense ("plank", "tool"): said of a thing they
// are no abuse.
var abuseNouns = wordSet("idiot", "idiots", "moron", "morons", "fool", "fools", "loser", "losers", "clown",
	"clowns", "scum", "scumbag", "scumbags", "parasite", "parasites", "leeches", "vermin", "cowards", "coward",
	"traitors", "liars", "liar", "hypocrites", "hypocrite", "crooks", "snakes", "weasels", "weasel", "lowlifes",
	"lowlife", "degenerates", "muppets", "imbeciles", "imbecile", "cretins", "cretin", "halfwits", "halfwit",
	"dimwits", "dimwit", "nitwit", "buffoons", "buffoon", "filth", "bastards", "bastard", "pricks", "prick",
	"assholes", "asshole", "arseholes", "wankers", "wanker", "tossers", "twats", "twat", "cunts", "cunt",
	"dickheads", "dickhead", "jerks", "jerk", "creeps", "freaks", "disgrace", "dumbass", "dumbasses", "dipshit",
	"shithead", "shitheads", "numpties", "numpty", "pillocks", "pillock", "knobheads", "knobhead", "prat",
	"prats", "plonker", "plonkers", "sleazebag", "sleazebags", "slimeball", "slimeballs", "charlatan",
	"charlatans", "grifter", "grifters", "bellend", "bellends", "nutter", "nutters", "dirtbag", "dirtbags",
	"douchebag", "douchebags", "nincompoop", "ignoramus")

// thingWords are said of things as often as of people: "what a joke", "a complete disgrace".
var thingWords = wordSet("joke", "disgrace", "embarrassment", "fraud")

// everyday insult nouns have a plain sense too: "you joke", "what a joke", "Tool hire".
var everyday = wordSet("joke", "disgrace", "embarrassment", "pig", "cow", "rat", "snake", "tool", "donkey",
	"plank", "sheep", "knob", "tit", "dummy", "fraud", "creep", "freak", "fool", "troll", "clot", "git", "hack",
	"lump", "weapon", "mare", "melt")

// abuseRules catches abuse said of others: "[someone] is/are (adjectives) [abuse noun]". Said of
// one person ("the MP is a lying weasel", "he's thick") it is an insult too: OLID's insult label
// and a moderator's both count abuse aimed at an individual, whoever is addressed.
func (nt *normText) abuseRules(rr *ruleResult, a, b int) {
	for k := a; k < b; k++ {
		w := &nt.words[k]
		// "he's" and "she's" carry the copula (flagCopula) and the subject in one word.
		if w.info.flags&flagCopula == 0 || nt.flag(k-1, flag2nd) {
			continue
		}
		withSubject := nt.is(k, "hes", "shes")
		if k == a && !withSubject {
			continue
		}
		role := false
		if k > a {
			role = nt.flag(k-1, flagRole)
		}
		one := withSubject || nt.is(k, "is", "was") && role
		other, bad, article := 0, false, false
		for j := k + 1; j < min(b, k+7); j++ {
			f := nt.words[j].info.flags
			abuse, noun, adj, plain, person := f&flagAbuse != 0, f&flagINoun != 0, f&flagIAdj != 0, f&flagEveryday != 0, f&flagPerson != 0
			// "The chief constable is a lying weasel": a liar or a weasel is someone, whoever the
			// subject is.
			single := nt.is(k, "is", "was", "been") && noun && (!plain || bad) && !bytes.HasSuffix(nt.text(j), []byte("s"))
			if abuse || single || one && (noun || adj && !nt.is(j+1, "of", "about", "to") || person && bad || nt.badNoun(j, bad, article)) {
				p := 0.8
				if nt.negated(k, j) || nt.is(j-1, "no", "not") {
					p *= 0.15
					rr.negatedInsult = true
				}
				rr.abuse.take(p, max(a, k-1), j+1)
				if one || single {
					rr.insult.take(p, max(a, k-1), j+1)
				}
				break
			}
			if f&flagBad != 0 {
				bad = true
			}
			article = article || nt.is(j, "a", "an")
			// Up to two words the lists lack: "the most brain-dead morons".
			if !nt.flag(j, flagGap|flagTrait|flagNegation) && !nt.is(j, "most", "biggest", "greatest", "worst", "lot") {
				if other++; other > 2 {
					break
				}
			}
		}
	}
}

// flagInsultAny is any of the insult word flags: a sentence without one skips the rules that
// need an insulting word.
const flagInsultAny = flagINoun | flagIAdj | flagBad | flagAbuse

// wordList joins a set's words for ruleWords. "@user" stays out: the mention token is never a
// table word (it has cached sums of its own).
func wordList(set map[string]struct{}) string {
	ws := make([]string, 0, len(set))
	for w := range set {
		if w != "@user" {
			ws = append(ws, w)
		}
	}
	sort.Strings(ws)
	return strings.Join(ws, " ")
}
