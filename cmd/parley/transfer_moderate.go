package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"parley"
	"parley/importer"
)

// moderating hands each comment the source showed to the site's policy before it goes on to be
// written, and makes the policy's verdict the comment's status; the decision travels with the
// comment and is stored in the same batch. What the source hid (deleted, spam, trash) is not
// judged: it stays hidden with the source's own reason.
type moderating struct {
	importer.Sink
	ctx    context.Context
	policy parley.Moderator
	site   *parley.Site
	now    func() time.Time
}

func (m *moderating) Comment(c parley.TransferComment) error {
	if c.Status != parley.StatusPublished && c.Status != parley.StatusPending {
		return m.Sink.Comment(c)
	}
	// Imported comments are judged on their words alone (Imported: true), so the author is a
	// reader with no standing and the thread, whose heat belongs to another time, is left out.
	author := &parley.User{Kind: parley.UserGuest, Role: parley.RoleReader}
	if c.Author != nil {
		author.Name, author.Kind = c.Author.Name, c.Author.Kind
	}
	d := m.policy.Decide(m.ctx, parley.ModerationInput{Site: m.site, Author: author, Text: c.Text, Now: m.now(), Imported: true})
	// The nudge asks a live author "are you sure?"; nobody is there to ask.
	d.Nudge = false
	if src := c.Decision; src != nil {
		// The source had not published it (awaiting moderation there): the policy may make
		// that stricter, never looser.
		if d.Action == parley.ActionPublish {
			d.Action = src.Action
		}
		d.Reasons = append(d.Reasons, src.Reasons...)
	} else if c.Status == parley.StatusPending && d.Action == parley.ActionPublish {
		d.Action = parley.ActionHold
	}
	c.Status, c.Decision = d.Action.Status(), &d
	return m.Sink.Comment(c)
}

// printImportSummary writes the one-line summary of an import run on stderr.
func printImportSummary(w io.Writer, path, how, site string, stats parley.TransferStats, took time.Duration) {
	fmt.Fprintf(w, "imported %s %s %s: %d threads, %d users, %d comments new (%d deleted, %d rejected, %d pending), %d already there, %d likes",
		path, how, site, stats.Threads, stats.Users, stats.Comments, stats.Deleted, stats.Rejected, stats.Pending, stats.Existing, stats.Likes)
	if len(stats.Decisions) > 0 {
		var parts []string
		for _, a := range []parley.Action{parley.ActionPublish, parley.ActionHold, parley.ActionReject} {
			parts = append(parts, fmt.Sprintf("%d %s", stats.Decisions[a], a))
		}
		fmt.Fprintf(w, "; decisions stored: %s", strings.Join(parts, ", "))
	}
	if n := stats.Reports + stats.Standings + stats.Audits; n > 0 {
		fmt.Fprintf(w, "; %d reports, %d bans, %d audit entries", stats.Reports, stats.Standings, stats.Audits)
	}
	if stats.Orphans > 0 {
		fmt.Fprintf(w, "; %d replies whose parent is missing kept as top-level comments", stats.Orphans)
	}
	if stats.Skipped > 0 {
		fmt.Fprintf(w, "; %d records skipped (their thread or author is not in the file)", stats.Skipped)
	}
	fmt.Fprintf(w, "; %s\n", took.Round(time.Millisecond))
}
