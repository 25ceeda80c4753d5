package toxicity

import "testing"

// The session-5 rules, on sentences written for this test (not from the blind news threads):
// each positive scored under 0.5 before the rule existed, and each negative is the everyday
// sentence the rule must leave alone.
func TestNewsCommentRules(t *testing.T) {
	m := Default()
	cases := []struct {
		cat  Category
		want bool
		text string
	}{
		// Insults without swearing, at the reader.
		{Insult, true, "@Dan you utter plonker, read the report before you comment."},
		{Insult, true, "You're clearly too dense to follow a simple timetable."},
		{Insult, true, "You're a nasty, spiteful little woman and everyone here can see it."},
		{Insult, true, "Honestly you have the brains of a goldfish."},
		{Insult, false, "Your thick winter coat will be welcome at the bus stop tonight."},
		{Insult, false, "You joke, but the bins really have not been collected for a month."},
		{Insult, false, "You make a fair point about the parking charges."},
		// … and at one person named by what they do.
		{Insult, true, "The treasurer is a spineless weasel who hid the figures."},
		{Insult, true, "What a smug little man the new chairman is."},
		{Insult, true, "Spineless, gutless buffoon. The coach should have gone years ago."},
		{Insult, false, "The treasurer is a careful accountant who published the figures."},
		{Insult, false, "What a joke of a budget."},
		{Insult, false, "This roundabout is a joke."},
		{Toxicity, true, "The treasurer is a spineless weasel who hid the figures."},
		// Swearing at nothing is not an insult.
		{Insult, false, "Bloody hell, the traffic on the ring road is shit again."},
		// Threats as comment sections word them.
		{Threat, true, "We know where the chairman parks his car every morning."},
		{Threat, true, "That landlord should watch his back."},
		{Threat, true, "Somebody needs to pay that landlord a visit."},
		{Threat, true, "Lovely shop. Would be a shame if something happened to it."},
		{Threat, true, "I hope the whole committee gets run over by their own bus."},
		{Threat, true, "That referee deserves a boot in the face."},
		{Threat, true, "You'd better drop the planning appeal or you'll end up in hospital."},
		{Threat, true, "I'll be waiting outside the town hall with a crowbar."},
		{Threat, true, "If they approve it I will burn the place down myself."},
		{Threat, false, "I know where the library is, it's next to the station."},
		{Threat, false, "We should pay the new museum a visit this weekend."},
		{Threat, false, "It would be a shame if the library closed."},
		{Threat, false, "The goalkeeper took a ball in the face and played on."},
		{Threat, false, "You'd better book early or the tickets will sell out."},
		{Threat, false, "The government wants to deport all of them, and the charity says that is cruel."},
		{Threat, false, `Someone above wrote "they should all be shot". That is vile and you should be ashamed.`},
		{Insult, true, "Good riddance to that muppet, the club is better off."},
		{Insult, true, "Sacked at last, the useless buffoon of a manager."},
		{Insult, true, "The new columnist writes like a child. What a hack."},
		{Insult, false, "What a hack: freeze the bread before it goes stale."},
		{Threat, true, "Keep defending him, Councillor. We know who you are."},
		{Threat, true, "To the planning officer: you've been warned."},
		{Threat, true, "That referee will be going home in an ambulance next time."},
		{Threat, true, "Every one of those councillors deserves a bullet."},
		{Threat, true, "Keep posting my address and see what happens."},
		{Threat, false, "The senator is going to get destroyed in the debate tonight."},
		{Threat, false, "The ambulance crew arrived within minutes."},
		{Threat, false, "Accidents happen on that junction every winter."},
		{Insult, true, "Useless mayor strikes again 🤡 what a tit"},
		{Insult, true, "Are you always this much of a snowflake?"},
		{Insult, true, "Sorry excuse for a referee, that."},
		{Threat, true, "If I see that councillor in town I'm knocking his teeth out."},
		{Threat, true, "Set the whole camp alight and watch them run."},
		{Threat, true, "They want stringing up, the lot of them."},
		{Threat, true, "Hope whoever closed the library gets hit by a bus."},
		{Threat, false, "Someone set fire to the bins behind the library last night."},
		{Threat, false, "Someone has set fire to the bins behind the library."},
		{Threat, false, "Vandals have set the bus shelter alight again."},
		{Threat, false, "The minister should be hung out to dry over this."},
		{Threat, false, "The plan will be killed off at the next meeting."},
		{Threat, false, "Volunteers were stringing up the bunting for the fete."},
		{Threat, false, "Police said the two men were waiting outside the club with knives."},
		{Threat, true, "Next time I see him I'll be waiting with knives."},
		{Insult, true, "You're clearly a miserable old crank with nothing better to do."},
		{Insult, true, "The chairman is an oily little salesman who never answers a question."},
		{Insult, false, "You're a lucky man to have seen that match."},
		{Threat, true, "If that landlord shows his face again I'll put him through the window."},
		{Threat, true, "If he turns up again he'll be carried out on a stretcher."},
		{Threat, true, "I'm going to break every one of his fingers."},
		{Threat, false, "Two cyclists have been killed on that junction since January."},
		{IdentityAttack, false, "Stop assuming disabled people are all scroungers; most of us work."},
		{Insult, false, "Total muppet moment: keys in the fridge again."},
		{Insult, false, "The clown at the school fete was wonderful with the children."},
		{Insult, false, "This trust couldn't organise a bake sale."},
		{Insult, true, "The idiot who keeps posting the same link should be banned."},
		{Threat, false, "Someone is going to get killed on that bend, the council must act."},
		{Threat, false, "The editor said she had been sent a bullet in the post."},
		{Threat, false, "The court heard he texted her 'I know where you live' twice."},
		{Threat, false, "He has been charged with threatening a neighbour with a knife."},
		// Hate in news-comment shapes.
		{IdentityAttack, true, "This town is being overrun by Muslims."},
		{IdentityAttack, true, "Romanians, Bulgarians, they all come for benefits. Send them all back."},
		{IdentityAttack, true, "Jews are a bunch of greedy liars."},
		{IdentityAttack, true, "M u 5 l i m s are vermin."},
		{IdentityAttack, false, "Let's be clear: a Muslim man was attacked by thugs, and that is a hate crime."},
		{IdentityAttack, false, "The council was overrun by complaints about the bins."},
	}
	for _, c := range cases {
		p := m.Score(c.text).Get(c.cat)
		if (p >= 0.5) != c.want {
			t.Errorf("%s = %.2f, want >= 0.5 %v: %q", c.cat, p, c.want, c.text)
		}
	}
}
