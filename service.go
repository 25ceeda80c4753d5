package parley

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on what readers may send; the HTTP layer caps bodies, these cap fields.
const (
	MaxCommentRunes = 10000
	MaxNameRunes    = 50
	MaxTitleRunes   = 300
	MaxURLBytes     = 2048
	MaxKeyBytes     = 2048
	MaxPageSize     = 100
	DefaultPageSize = 20
	DefaultReplies  = 50
)

// Renderer turns a comment's Markdown source into safe HTML. Mentions are display names of
// thread participants the text may @mention.
type Renderer interface {
	Render(source string, opts RenderOptions) (string, error)
}

// RenderOptions carry the per-site rules the renderer enforces.
type RenderOptions struct {
	MaxImages    int
	ImageOrigins []string
	Participants []string // display names that may be @mentioned
}

// Service holds the rules for comments: who may post, edit, delete and like what, and when.
type Service struct {
	Store     Store
	Renderer  Renderer
	Clock     Clock
	Publisher Publisher // may be nil
	Limiter   Limiter   // may be nil: no per-address limit on new guests
	// Moderator and Mod, when set, judge every new comment and keep the moderation records.
	Moderator Moderator
	Mod       ModerationStore
	Personal  PersonalStore
	Log       *slog.Logger // may be nil
}

// Limiter counts events per key over a sliding minute; it keeps one address from minting
// guest identities to escape the per-author rate limit.
type Limiter interface {
	Allow(key string, perMinute int) bool
}

// PostInput is a new comment or reply as a reader sent it.
type PostInput struct {
	SiteID   string
	URL      string // the page's canonical URL
	Key      string // optional explicit thread identifier; URL is the key when empty
	Title    string
	ParentID int64
	Text     string
	Name     string // display name for a guest (ignored for a known registered user)
	User     *User  // who is posting, nil for a new guest
	Addr     string // the client's network address, for rate limits
	// Confirm posts a comment the author was nudged about; NudgeID names that nudge so the
	// revision rate can be measured.
	Confirm bool
	NudgeID int64
}

// Post validates and stores a comment. A new guest is created when in.User is nil.
func (s *Service) Post(ctx context.Context, in PostInput) (*Comment, *User, error) {
	site, err := s.Store.Site(ctx, in.SiteID)
	if err != nil {
		return nil, nil, err
	}
	text, err := CleanText("text", in.Text, MaxCommentRunes)
	if err != nil {
		return nil, nil, err
	}
	if text == "" {
		return nil, nil, Invalid("text", "comment text is empty")
	}
	thread, err := s.resolveThread(ctx, site, in)
	if err != nil {
		return nil, nil, err
	}
	if thread.Closed {
		return nil, nil, Errorf(EFORBIDDEN, "this thread is closed for comments")
	}
	var parent *Comment
	if in.ParentID != 0 {
		if parent, err = s.Store.Comment(ctx, in.ParentID); err != nil {
			if ErrorCode(err) == ENOTFOUND {
				return nil, nil, Invalid("parent", "the comment you reply to does not exist")
			}
			return nil, nil, err
		}
		if parent.ThreadID != thread.ID || parent.Status != StatusPublished {
			return nil, nil, Invalid("parent", "the comment you reply to is not in this thread")
		}
	}
	user := in.User
	if user == nil {
		if s.Limiter != nil && site.Settings.PostsPerMin >= 0 &&
			!s.Limiter.Allow("guest:"+site.ID+":"+in.Addr, 2*max(site.Settings.PostsPerMin, DefaultPostsPerMin)) {
			return nil, nil, Errorf(ERATELIMITED, "you are posting too fast; wait a minute and try again")
		}
		name, err := CleanName(in.Name)
		if err != nil {
			return nil, nil, err
		}
		// Not stored yet: a comment nudged back to its author creates no one.
		user = &User{Name: name, Kind: UserGuest, Role: RoleReader, CreatedAt: s.Clock.Now()}
	} else if err := s.checkRate(ctx, site, user); err != nil {
		return nil, nil, err
	} else if user.Name == "" { // a guest who only reported so far: their first comment names them
		name, err := CleanName(in.Name)
		if err != nil {
			return nil, nil, err
		}
		if err := s.Store.RenameUser(ctx, user.ID, name); err != nil {
			return nil, nil, fmt.Errorf("name guest: %w", err)
		}
		user.Name = name
	}
	dec, err := s.decide(ctx, site, thread, user, text, in, false)
	if err != nil {
		return nil, nil, err
	}
	html, err := s.render(ctx, site, thread.ID, text)
	if err != nil {
		return nil, nil, err
	}
	// A new guest (user.ID still 0) is created with the comment, in one transaction.
	c := &Comment{
		ThreadID: thread.ID, AuthorID: user.ID, Source: text, HTML: html,
		Status: StatusPublished, CreatedAt: s.Clock.Now(), Author: user, Decision: dec,
	}
	if dec != nil {
		c.Status = dec.Action.Status()
	}
	if parent != nil {
		c.ParentID = parent.ID
	}
	if err := s.Store.CreateComment(ctx, c); err != nil {
		return nil, nil, fmt.Errorf("store comment: %w", err)
	}
	if c.Status == StatusPublished {
		s.publish(ctx, "comment", site.ID, c)
	}
	s.checkHeat(ctx, site, thread)
	return c, user, nil
}

func (s *Service) resolveThread(ctx context.Context, site *Site, in PostInput) (*Thread, error) {
	pageURL, err := CleanURL("url", in.URL)
	if err != nil {
		return nil, err
	}
	if !pageOnSite(pageURL, site.Origins) {
		return nil, Invalid("url", "%s is not a page of site %q", pageURL, site.ID)
	}
	key := in.Key
	if key == "" {
		key = pageURL
	} else if key, err = CleanText("key", key, MaxKeyBytes); err != nil {
		return nil, err
	}
	title, err := CleanText("title", in.Title, MaxTitleRunes)
	if err != nil {
		return nil, err
	}
	return s.Store.EnsureThread(ctx, &Thread{
		SiteID: site.ID, Key: key, URL: pageURL, Title: title, CreatedAt: s.Clock.Now(),
	})
}

func (s *Service) checkRate(ctx context.Context, site *Site, u *User) error {
	limit := site.Settings.PostsPerMin
	if limit < 0 || u.Role == RoleAdmin || u.Role == RoleModerator {
		return nil
	}
	if limit == 0 {
		limit = DefaultPostsPerMin
	}
	n, err := s.Store.CommentsSince(ctx, site.ID, u.ID, s.Clock.Now().Add(-time.Minute))
	if err != nil {
		return fmt.Errorf("rate check: %w", err)
	}
	if n >= limit {
		return Errorf(ERATELIMITED, "you are posting too fast; wait a minute and try again")
	}
	return nil
}

// Edit replaces the text of the user's own comment within the site's edit window.
func (s *Service) Edit(ctx context.Context, u *User, id int64, text string, confirm bool, nudgeID int64) (*Comment, error) {
	c, site, err := s.ownComment(ctx, u, id)
	if err != nil {
		return nil, err
	}
	// A shadow-banned author's comments are rejected but look published to them; refusing the
	// edit would tell them. decide rejects the edit again, so nothing becomes visible.
	if c.Status == StatusRejected && !s.shadowBanned(ctx, site.ID, u.ID) {
		return nil, Errorf(EFORBIDDEN, "a rejected comment cannot be edited")
	}
	if text, err = CleanText("text", text, MaxCommentRunes); err != nil {
		return nil, err
	}
	if text == "" {
		return nil, Invalid("text", "comment text is empty")
	}
	t, err := s.Store.ThreadByID(ctx, c.ThreadID)
	if err != nil {
		return nil, err
	}
	// An edit is judged like a new comment: otherwise clean words could be posted and then
	// swapped for abuse.
	dec, err := s.decide(ctx, site, t, u, text, PostInput{Confirm: confirm, NudgeID: nudgeID}, true)
	if err != nil {
		return nil, err
	}
	html, err := s.render(ctx, site, c.ThreadID, text)
	if err != nil {
		return nil, err
	}
	c.Source, c.HTML, c.EditedAt = text, html, s.Clock.Now()
	if dec != nil {
		c.Status = dec.Action.Status()
	}
	if err := s.Store.UpdateComment(ctx, c); err != nil {
		return nil, fmt.Errorf("update comment %d: %w", id, err)
	}
	if dec != nil {
		if err := s.Mod.SaveDecision(ctx, c.ID, *dec, c.EditedAt); err != nil {
			return nil, fmt.Errorf("save decision: %w", err)
		}
		c.Decision = dec
	}
	s.publish(ctx, "comment", site.ID, c)
	return c, nil
}

func (s *Service) shadowBanned(ctx context.Context, siteID string, userID int64) bool {
	if s.Mod == nil {
		return false
	}
	st, err := s.Mod.Standing(ctx, siteID, userID)
	return err == nil && st.ShadowBanned
}

// Delete marks the user's own comment deleted; its replies stay, under a "deleted" placeholder.
func (s *Service) Delete(ctx context.Context, u *User, id int64) error {
	c, site, err := s.ownComment(ctx, u, id)
	if err != nil {
		return err
	}
	c.Status, c.DeletedAt = StatusDeleted, s.Clock.Now()
	if err := s.Store.UpdateComment(ctx, c); err != nil {
		return fmt.Errorf("delete comment %d: %w", id, err)
	}
	s.publish(ctx, "comment", site.ID, c)
	return nil
}

// ownComment loads a comment the user wrote and may still change.
func (s *Service) ownComment(ctx context.Context, u *User, id int64) (*Comment, *Site, error) {
	if u == nil {
		return nil, nil, Errorf(EUNAUTHORIZED, "sign in or post as a guest first")
	}
	c, err := s.Store.Comment(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if c.AuthorID != u.ID {
		return nil, nil, Errorf(EFORBIDDEN, "you can only change your own comments")
	}
	if c.Status == StatusDeleted {
		return nil, nil, Errorf(ENOTFOUND, "comment %d not found", id)
	}
	t, err := s.Store.ThreadByID(ctx, c.ThreadID)
	if err != nil {
		return nil, nil, err
	}
	site, err := s.Store.Site(ctx, t.SiteID)
	if err != nil {
		return nil, nil, err
	}
	if s.Clock.Now().Sub(c.CreatedAt) > site.Settings.EditWindowOrDefault() {
		return nil, nil, Errorf(EFORBIDDEN, "the edit window for this comment has closed")
	}
	return c, site, nil
}

// Like adds (on) or removes a user's like and returns the new count.
func (s *Service) Like(ctx context.Context, u *User, id int64, on bool) (int, error) {
	if u == nil {
		return 0, Errorf(EUNAUTHORIZED, "sign in or post as a guest first")
	}
	c, err := s.Store.Comment(ctx, id)
	if err != nil {
		return 0, err
	}
	if c.Status != StatusPublished {
		return 0, Errorf(ENOTFOUND, "comment %d not found", id)
	}
	if c.AuthorID == u.ID && on {
		return 0, Errorf(EFORBIDDEN, "you cannot like your own comment")
	}
	n, err := s.Store.SetLike(ctx, Like{UserID: u.ID, CommentID: id, CreatedAt: s.Clock.Now()}, on)
	if err != nil {
		return 0, fmt.Errorf("like comment %d: %w", id, err)
	}
	c.Likes = n
	if t, err := s.Store.ThreadByID(ctx, c.ThreadID); err == nil {
		s.publish(ctx, "like", t.SiteID, c)
	}
	return n, nil
}

func (s *Service) publish(ctx context.Context, typ, siteID string, c *Comment) {
	if s.Publisher != nil {
		s.Publisher.Publish(ctx, Event{Type: typ, SiteID: siteID, ThreadID: c.ThreadID, CommentID: c.ID})
	}
}

// render turns source into HTML under the site's rules, with the thread's participants
// available to @mention.
func (s *Service) render(ctx context.Context, site *Site, threadID int64, source string) (string, error) {
	n := site.Settings.MaxImages
	switch {
	case n == 0:
		n = DefaultMaxImages
	case n < 0:
		n = 0
	}
	var names []string
	if strings.Contains(source, "@") { // listing a thread's participants costs a scan; most comments mention no one
		var err error
		if names, err = s.Store.Participants(ctx, threadID); err != nil {
			return "", fmt.Errorf("thread participants: %w", err)
		}
	}
	return s.Renderer.Render(source, RenderOptions{MaxImages: n, ImageOrigins: site.Settings.ImageOrigins, Participants: names})
}

// CleanText checks that s is valid UTF-8 within max runes and has no control characters other
// than newlines and tabs; it trims surrounding space and normalises line endings.
func CleanText(field, s string, max int) (string, error) {
	if !utf8.ValidString(s) {
		return "", Invalid(field, "%s is not valid UTF-8", field)
	}
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if n := utf8.RuneCountInString(s); n > max {
		return "", Invalid(field, "%s is too long (%d characters, at most %d)", field, n, max)
	}
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return "", Invalid(field, "%s contains control characters", field)
		}
	}
	return s, nil
}

// CleanName validates a guest's display name: one line, 1–50 characters.
func CleanName(name string) (string, error) {
	name, err := CleanText("name", name, MaxNameRunes)
	if err != nil {
		return "", err
	}
	for _, r := range name {
		// Bidi overrides and zero-width characters would let one name pass for another's.
		if unicode.Is(unicode.Cf, r) {
			return "", Invalid("name", "name contains invisible formatting characters")
		}
	}
	name = strings.Join(strings.Fields(name), " ")
	if name == "" {
		return "", Invalid("name", "a display name is required")
	}
	return name, nil
}

// CleanURL accepts only absolute http(s) URLs and drops the fragment, which never names a page.
func CleanURL(field, raw string) (string, error) {
	if raw == "" {
		return "", Invalid(field, "%s is required", field)
	}
	if len(raw) > MaxURLBytes || !utf8.ValidString(raw) {
		return "", Invalid(field, "%s is too long or not valid UTF-8", field)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", Invalid(field, "%s must be an absolute http or https URL", field)
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String(), nil
}

// pageOnSite reports whether a page belongs to a site's origins; a site that lists none (the demo,
// a first install) or lists "*" takes any page. Without it anyone could open threads for pages
// the publisher never had, titled as they liked.
func pageOnSite(pageURL string, origins []string) bool {
	if len(origins) == 0 {
		return true
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		return false
	}
	for _, o := range origins {
		if o == "*" || strings.EqualFold(strings.TrimSuffix(o, "/"), u.Scheme+"://"+u.Host) {
			return true
		}
	}
	return false
}
