package toxicity

// The threat rules: no dataset labels threats, so these patterns are what catches them
// (docs/toxicity.md lists the shapes and the sets that found them).

// dareWords dare someone on: "keep talking and see what happens".
var dareWords = wordSet("keep", "try", "go", "carry", "push")

// setWords set something alight.
var setWords = wordSet("set", "setting", "sets")

// speaker is the first person without the words it shares with others ("were", "well"): "the men
// were waiting with knives" is news.
var speaker = wordSet("i", "ill", "im", "we", "id", "ive", "imma", "ima", "me", "us", "myself")

// comingHarm: "he's getting a fist in the mouth", "she's going to get acid in her face".
var comingHarm = wordSet("getting", "get", "gonna", "going", "deserves", "deserve")

var someone = wordSet("someone", "somebody", "someones", "somebodys")

// future words predict: "someone is going to get killed".
var future = wordSet("going", "gonna", "will", "gunna")

var intentSet = wordSet(intentWords...)

// bones break: "I'm going to break every one of his fingers".
var bones = wordSet("legs", "neck", "jaw", "skull", "nose", "fingers", "ribs", "arms", "knees", "kneecaps", "teeth")

// leaving a place hurt: "carried out of it on a stretcher".
var leaving = wordSet("carried", "leaving", "leave", "out", "stretchered", "home")

// anyone opens a condition on whoever meets it: "any Jew who comes near me …".
var anyone = wordSet("any", "anyone", "anybody", "whoever")

// threatRules finds threats in the sentence [a, b): a violent verb with intent, a call or a wish
// and a target; a passive wish ("should be shot"); death wishes, stalking and stock phrases.
func (nt *normText) threatRules(rr *ruleResult, a, b int) {
	objectAfter := func(k int) bool {
		for j := k + 1; j < min(b, k+6); j++ { // "beat the crap out of him"
			if j == k+1 && nt.is(j, harmlessObjects...) && !nt.is(j, "the", "a", "an", "my", "some") {
				return false // "kill time", "shoot a video" is caught by the object check below
			}
			if nt.flag(j, flagObject|flagGroup|flagGroupAdj) || nt.is(j, "that", "those", "these", "@user", "every", "any", "whoever", "people") {
				return true
			}
		}
		return false
	}
	group := false
	for j := a; j < b; j++ {
		group = group || nt.flag(j, flagGroup)
	}
	for k := a; k < b; k++ {
		w := nt.words[k].info.flags
		switch {
		case w&flagViolent != 0:
			intent, first, incite := -1, -1, -1
			for j := max(a, k-5); j < k; j++ {
				if nt.is(j, intentWords...) {
					intent = j
				}
				if nt.is(j, firstPerson...) && first < 0 {
					first = j
				}
				// "have to kill" calls for it; "they have butchered" reports it.
				if nt.calls(j) {
					incite = j
				}
			}
			// "I'll burn it down myself": arson needs no person as its object.
			obj := objectAfter(k) || nt.is(k, "burn", "torch") && (nt.is(k+2, "down") || nt.is(k+3, "down") || nt.is(k+4, "down"))
			lo := max(min(firstNonNeg(first, intent, incite), k), a)
			p := 0.0
			switch {
			case nt.is(k+1, harmlessObjects...) && !nt.is(k+1, "the", "a", "an", "my", "some"),
				nt.is(k, "shoot") && nt.is(k+2, "messenger"),
				nt.is(k, "hang") && nt.is(k+1, "out", "around", "with"),
				nt.game(k+1, b):
				p = 0.1 // "kill it at the gym", "kill time", "hang out", "beat you at chess"
			case first >= 0 && intent >= 0 && obj:
				p = 0.92
			case incite >= 0 && (obj || group):
				p = 0.86
			case (k == a || nt.is(k-1, "just", "go", "please", "and", "gonna", "then")) && obj:
				p = 0.8
			case first >= 0 && intent >= 0:
				p = 0.45
			case obj:
				p = 0.4
			default:
				p = 0.15
			}
			if nt.negated(max(a, lo-2), k) {
				p *= 0.15
			}
			rr.threat.take(p, lo, min(k+3, b))
		case w&flagViolentPP != 0:
			// "I'd love to see them all burned": wanting to watch it done is wishing it.
			for j := max(a, k-6); j < k; j++ {
				// … of people: "love to see the council burned out of office" wishes no one harm.
				if nt.is(j, "see", "watch", "seeing", "watching") && nt.is(j-1, "to") && nt.is(j-2, "love", "like", "want", "wanna", "wait", "hope", "enjoy") &&
					nt.anyFlag(j+1, k, flagObject|flagGroup|flagSlur) && !nt.is(k+1, "out") {
					if p := 0.85; nt.negated(max(a, j-5), j) {
						rr.threat.take(p*0.15, max(a, j-3), k+1)
					} else {
						rr.threat.take(p, max(a, j-3), k+1)
					}
					break
				}
			}
			// "should be shot", "deserve to be hanged", "needs to get killed"; not "shot down".
			// Deportation is exclusion (the identity rules), not violence. "… be lined up and
			// shot" is the same wish.
			aux := k - 1
			if nt.is(k-1, "and") && (nt.is(k-3, "be", "get") || nt.is(k-4, "be", "get")) {
				aux = k - 3
				if !nt.is(aux, "be", "get") {
					aux = k - 4
				}
			}
			// "Any Jew who comes near me is getting stabbed": a condition on anyone is a threat.
			if nt.is(k-1, "getting") && nt.is(k-2, "is", "are", "s") && nt.anyWord(a, k, anyone) {
				rr.threat.take(0.86, a, k+1)
			}
			if aux >= a && nt.is(aux, "be", "get", "getting", "been") && !nt.is(k+1, "down") && !(nt.is(k, "killed") && nt.is(k+1, "off")) && !(nt.is(k, "hung", "hanged") && nt.is(k+1, "out")) && !nt.is(k, "deported") && !nt.contest(k+1, b) {
				// "Someone is going to get killed at that junction" warns; it wishes nothing.
				warning := nt.anyWord(max(a, aux-6), aux, someone) && nt.anyWord(max(a, aux-4), aux, future) && !nt.wished(a, k)
				for j := max(a, aux-4); j < aux && !warning; j++ {
					// calls: "two cyclists have been killed" reports; "they have to be shot" calls for it.
					if nt.calls(j) || nt.is(j, "hope", "wish", "will", "gonna", "to", "all", "youll", "ull", "theyll", "youre", "ur") {
						p := 0.88
						if nt.negated(max(a, j-3), k) {
							p *= 0.15
						}
						rr.threat.take(p, max(a, j-1), k+1)
						break
					}
				}
			}
		}
		// Death wishes and stalking talk.
		if w&flagThreatCue == 0 {
			continue
		}
		switch {
		case nt.is(k, "die", "dies", "rot") && !nt.is(k+1, "for") && !nt.likelihood(k) &&
			(nt.is(k-1, "should", "to", "go", "gonna", "will") || nt.flag(k-1, flagObject) || nt.wished(max(a, k-5), k)):
			p := 0.85
			if nt.negated(max(a, k-4), k) {
				p *= 0.15
			}
			rr.threat.take(p, max(a, k-3), k+1)
		case nt.is(k, "kys"), nt.is(k, "kill") && nt.is(k+1, "yourself", "urself", "yourselves"),
			nt.is(k, "death") && nt.is(k+1, "to"),
			nt.is(k, "dead") && (nt.is(k-1, "youre", "ur", "r", "are") && nt.is(k-2, "you", "u", "youre", "ur") || nt.is(k-1, "drop")),
			nt.is(k, "know") && nt.is(k+1, "where") && nt.flag(k+2, flag2nd) && nt.is(k+3, "live"),
			nt.is(k, "know") && nt.stalks(a, b, k),
			nt.veiled(a, b, k),
			nt.is(k, "watch") && nt.is(k+1, "your", "ur", "his", "her", "their") && nt.is(k+2, "back", "backs"),
			nt.is(k, "shame") && nt.is(k+1, "if") && (nt.is(k+2, "something", "anything") && !nt.is(k+3, "went", "goes", "go") ||
				nt.is(k+2, "your", "his", "her", "their", "you", "he", "she", "someone") && nt.is(k-1, "a") && nt.mishap(k+3, min(b, k+11))),
			nt.is(k, "whats") && nt.is(k+1, "coming") && nt.is(k+2, "to") && (nt.wished(max(a, k-8), k) || nt.is(k-1, "get", "gets", "getting")),
			nt.is(k, "find") && nt.is(k+1, "your", "his", "her", "their") && nt.is(k+2, "address", "house", "home", "kids", "family"),
			nt.is(k, "brick", "bricks", "rock", "rocks") && nt.is(k+1, "through") && nt.windowAt(k+3, min(b, k+6)),
			// "string them up", "wants stringing up", "should be strung up": a lynching.
			nt.is(k, "string", "stringing", "strung") && (nt.is(k+1, "up") && nt.is(k-1, "wants", "want", "needs", "need", "be", "get") ||
				nt.is(k+1, "them", "him", "her", "em") && nt.is(k+2, "up")),
			// "set fire to every house …", "set the caravans alight", called for or announced.
			(nt.is(k, "fire") && nt.is(k-1, "set") && nt.is(k+1, "to") || nt.is(k, "alight") && nt.anyWord(max(a, k-4), k, setWords)) &&
				nt.calledOrMeant(a, k),
			nt.is(k, "pay") && nt.someoneVisits(a, b, k),
			nt.is(k, "run") && nt.is(k+1, "over") && nt.is(k-1, "get", "gets", "getting", "got", "be") && (nt.wished(max(a, k-6), k) || nt.callsIn(max(a, k-6), k)),
			// "hope whoever cut the route gets hit by one"
			nt.is(k, "hit") && nt.is(k+1, "by") && nt.is(k-1, "get", "gets", "getting", "be") && nt.wished(max(a, k-8), k),
			nt.flag(k, flagThreatCue) && nt.is(k-1, "the", "her", "his", "your", "their", "ur") && nt.is(k-2, "in") &&
				nt.is(k, "face", "head", "teeth", "mouth", "gob", "throat") &&
				(nt.wished(max(a, k-8), k) || nt.callsIn(max(a, k-8), k) || nt.anyWord(max(a, k-6), k, comingHarm)),
			nt.is(k, "or") && nt.orElse(a, b, k),
			nt.is(k, "coming") && nt.is(k+1, "for") && nt.flag(k+2, flagObject),
			nt.is(k, "find") && nt.flag(k+1, flag2nd) && !nt.is(k+1, "yourself") && nt.is(k-1, "will", "ill", "gonna", "can"),
			nt.is(k, "bullet") && (nt.is(k+1, "in", "through", "between") && !(nt.is(k+2, "the") && nt.is(k+3, "post", "mail", "envelope")) ||
				nt.is(k-1, "a") && nt.is(k-2, "deserve", "deserves", "needs", "need")),
			// "… or he's leaving in an ambulance", "you'll go home in a body bag".
			nt.is(k, "ambulance", "bodybag", "body") && nt.is(k-1, "an", "a") && nt.is(k-2, "in") && !nt.is(k+1, "driver", "crew", "service") &&
				(nt.is(k-3, "leaving", "leave", "home", "out", "carried") || nt.is(k, "body") && nt.is(k+1, "bag")),
			nt.is(k, "ambulances", "bodybags") && nt.is(k-1, "in") && nt.is(k-2, "leaving", "leave", "home", "out", "carried"),
			nt.is(k, "see") && nt.is(k+1, "what") && nt.is(k+2, "happens") && nt.is(k-1, "and") && nt.anyWord(max(a, k-7), k, dareWords),
			nt.is(k, "break", "smash", "snap", "knock", "knocking", "kick", "kicking") && nt.is(k+1, "your", "ur", "his", "her", "their") &&
				nt.is(k+2, "legs", "leg", "neck", "face", "jaw", "arms", "bones", "skull", "teeth", "nose"),
			// "I'd happily break that umpire's legs": someone's, not just a pronoun's.
			nt.is(k, "break", "smash", "snap") && !nt.is(k+1, "a", "the", "my", "our") && nt.anyWord(max(a, k-4), k, firstSet) &&
				nt.anyWord(k+2, min(b, k+6), bones),
			// "… or he'll be carried out of it on a stretcher"
			nt.is(k, "stretcher") && nt.is(k-1, "a") && nt.is(k-2, "on") && nt.anyWord(max(a, k-7), k, leaving),
			// "I'll put her through the windscreen of her own car"
			nt.is(k, "windscreen", "window", "windows") && nt.windowThrow(a, k),
			nt.is(k, "pay") && nt.flag(k-1, flagObject) && nt.is(k-2, "will", "make"),
			nt.is(k, "eye") && nt.is(k+1, "open") && nt.is(k-1, "one"):
			p := 0.82
			if nt.negated(max(a, k-3), k) {
				p *= 0.15
			}
			rr.threat.take(p, max(a, k-2), min(b, k+3))
		}
	}
}

// weaponThreat: "someone should teach them a lesson with a bat" names no violent verb, but an
// intent or a call to act, a target and "with a" weapon is a threat.
func (nt *normText) weaponThreat(rr *ruleResult, a, b int) {
	for w := a + 1; w+1 < b; w++ { // "with knives" may end the sentence
		// "with a bat", "with a baseball bat": "with" is rare enough to test first, cheaply.
		if string(nt.text(w)) != "with" {
			continue
		}
		k := w + 1
		if nt.is(k, "a", "an", "the", "my", "his", "her", "some") {
			k++
		}
		if nt.is(k, "baseball", "big", "sharp", "kitchen", "cricket") && k+1 < b {
			k++
		}
		if k >= b || !nt.flag(k, flagWeapon) {
			continue
		}
		cue, obj := -1, false
		for j := a; j < w; j++ {
			// "has been charged after threatening her neighbours with a machete" calls for nothing.
			if nt.calls(j) ||
				nt.is(j, intentWords...) && j > a && nt.is(j-1, firstPerson...) {
				cue = j
			}
			// "I'll be waiting at his car with a bat": lying in wait needs no target word.
			if nt.is(j, "waiting") && nt.anyWord(max(a, j-4), j, speaker) {
				cue, obj = j, true
			}
			// The target follows the call ("teach them … with a bat") or is its subject ("Black
			// people should be chased out with baseball bats").
			obj = obj || nt.flag(j, flagObject|flagGroup|flagGroupAdj) && cue >= 0 && j > cue || nt.flag(j, flagGroup|flagGroupAdj) ||
				nt.is(j, "@user")
		}
		if cue < 0 || !obj {
			continue
		}
		p := 0.85
		if nt.negated(max(a, cue-3), k) {
			p *= 0.15
		}
		rr.threat.take(p, cue, k+1)
	}
}

// game reports "… you at chess", "… them in the final": a contest, not violence. A place or a
// person after "at" ("at your house", "at work") is not a game.
func (nt *normText) game(lo, hi int) bool {
	for k := lo; k < min(hi, lo+3); k++ {
		if nt.is(k, "at", "in") && k+1 < hi && !nt.is(k+1, "your", "ur", "his", "her", "their", "home", "work", "school", "night", "dawn", "midnight", "church", "the") {
			return true
		}
	}
	return nt.contest(lo, hi)
}

// contest reports "… in the debate", "… at the polls": "he'll get destroyed in the debate" wishes
// no one harm; "hanged in public" is no contest.
func (nt *normText) contest(lo, hi int) bool {
	for k := lo; k < min(hi, lo+3); k++ {
		if nt.is(k, "at", "in") && nt.is(k+1, "the") && nt.is(k+2, "final", "quiz", "match", "game", "derby", "race", "polls", "election", "ballot", "debate") {
			return true
		}
	}
	return false
}

// stalks reports first-person knowledge of someone's movements, the stalker's threat: "we know
// where the councillor lives", "we know which gym you go to and what time you leave".
func (nt *normText) stalks(a, b, k int) bool {
	if !nt.is(k-1, "i", "we", "all") && !nt.is(k-2, "i", "we") {
		return false
	}
	target := false
	for j := k + 1; j < min(b, k+8); j++ {
		target = target || nt.flag(j, flagObject|flag3rd) || nt.is(j, "@user", "their")
		if j > k+1 && target && nt.is(j, "live", "lives", "go", "goes", "leave", "leaves", "park", "parks", "work",
			"works", "sleep", "sleeps", "walk", "walks", "drive", "drives", "kids", "car", "address", "office", "house",
			"street", "road") {
			return true
		}
		if nt.is(j, "where") {
			target = target || j+1 < b && !nt.is(j+1, "i", "we", "it", "to")
		}
	}
	return false
}

// someoneVisits: "someone should pay the councillor a visit", the veiled call for violence;
// "we should pay the museum a visit" is none.
func (nt *normText) someoneVisits(a, b, k int) bool {
	if !nt.anyWord(max(a, k-3), k, someone) {
		return false
	}
	for j := k + 1; j < min(b, k+6); j++ {
		if nt.is(j, "visit") && nt.is(j-1, "a", "little", "late", "night", "proper") {
			return true
		}
	}
	return false
}

// orElse is a threat's condition: "you'd better stay out of our estate or you'll get a kicking",
// "the ref better not show his face again or he'll be leaving in an ambulance", "… or else".
func (nt *normText) orElse(a, b, k int) bool {
	better := false
	for j := a; j < k; j++ {
		better = better || nt.is(j, "better")
	}
	if !better {
		return false
	}
	if nt.is(k+1, "else") {
		return true
	}
	for j := k + 1; j < min(b, k+9); j++ {
		if nt.flag(j, flagViolent|flagViolentPP) || nt.is(j, "kicking", "beating", "hiding", "ambulance", "hospital",
			"bodybag", "coffin", "bag", "pasting", "battering", "slap", "smack") {
			return true
		}
	}
	return false
}

// mishap reports, among words [lo, hi), harm that "would be a shame": "… if his car got keyed".
func (nt *normText) mishap(lo, hi int) bool {
	for k := lo; k < hi; k++ {
		if nt.flag(k, flagViolentPP) || nt.is(k, "keyed", "happened", "accident", "vandalised", "vandalized", "damaged", "smashed", "torched") {
			return true
		}
	}
	return false
}

// veiled reports the stock phrases of a veiled threat at word k: "we know who you are", "we have
// your names", "you've been warned", and, as a sentence of their own aimed at someone named in
// the comment, "Accidents happen." and "Last warning."
func (nt *normText) veiled(a, b, k int) bool {
	alone := b-a <= 3 && k >= b-2
	switch {
	case nt.is(k, "know") && nt.is(k+1, "who") && nt.flag(k+2, flag2nd) && nt.is(k+3, "are") && nt.anyWord(max(a, k-2), k, firstSet):
		return true
	case nt.is(k, "names", "faces", "addresses") && nt.is(k-1, "your", "their", "his", "her") && nt.is(k-2, "have", "got", "know") &&
		nt.anyWord(max(a, k-4), k-2, firstSet):
		return true
	case nt.is(k, "warned") && nt.is(k-1, "been") && nt.is(k-2, "youve", "you", "theyve", "hes", "shes"):
		return true
	case nt.is(k, "warning") && (nt.is(k-1, "a") && nt.is(k-2, "this") && nt.is(k-3, "consider") || alone && nt.is(k-1, "last", "final")),
		nt.is(k, "accidents") && alone && nt.is(k+1, "happen", "do") || nt.is(k, "accidents") && alone && nt.is(k+1, "can") && nt.is(k+2, "happen"),
		nt.is(k, "memories") && nt.is(k-1, "long") && nt.is(k-2, "have", "got"):
		return nt.anyTarget()
	}
	return false
}

// windowAt reports a window among words [lo, hi): "a brick through the camera van windscreen".
func (nt *normText) windowAt(lo, hi int) bool {
	for k := lo; k < hi; k++ {
		if nt.is(k, "window", "windows", "windscreen", "windscreens", "windshield") {
			return true
		}
	}
	return false
}

// windowThrow reports someone put or thrown through the window at word k, called for or
// announced: "I'll put her through the windscreen of her own car".
func (nt *normText) windowThrow(a, k int) bool {
	for j := max(a, k-4); j < k; j++ {
		if nt.is(j, "through") && j >= a+2 && nt.is(j-2, "put", "throw", "chuck", "lob") && nt.flag(j-1, flagObject|flag3rd) {
			return nt.calledOrMeant(a, j-2)
		}
	}
	return false
}

// calledOrMeant reports violence at word k called for or announced: an order opening the
// sentence ("Set the caravans alight"), a call ("someone should …"), a wish, or the speaker's
// intent ("I will set fire to …"); "someone set fire to the bins last night" is news.
func (nt *normText) calledOrMeant(a, k int) bool {
	lo := max(a, k-8)
	return nt.is(a, "set", "just", "go", "lets") || nt.callsIn(lo, k) || nt.wished(lo, k) ||
		nt.anyWord(lo, k, speaker) && nt.anyWord(lo, k, intentSet)
}

// reportedThreat reports a threat wholly inside quotation marks after someone else's report verb.
func (nt *normText) reportedThreat(lo, hi int) bool {
	// The span may start before the quote ("… saying 'we know where your kids go …'"): from
	// the first quoted word on, it must all be quoted.
	for lo < hi && !nt.words[lo].quoted {
		lo++
	}
	if lo == hi {
		return false
	}
	for k := lo; k < hi; k++ {
		if !nt.words[k].quoted {
			return false
		}
	}
	for k := lo - 1; k >= max(0, lo-8); k-- {
		if nt.flag(k, flagReport) && !nt.words[k].quoted && !nt.is(k-1, "i", "we") {
			return true
		}
	}
	return false
}

// calls reports a word at j that calls for something: "should", "needs", "deserves"; "has" and
// "have" only as "have to" or "has got to" ("two cyclists have been killed" calls for nothing).
func (nt *normText) calls(j int) bool {
	return nt.is(j, inciteWords...) && (!nt.is(j, "has", "have") || nt.is(j+1, "to", "got", "gotta"))
}

// callsIn reports a word calling for something among words [lo, hi).
func (nt *normText) callsIn(lo, hi int) bool {
	for j := lo; j < hi; j++ {
		if nt.calls(j) {
			return true
		}
	}
	return false
}
