package parley

import "context"

// Site returns a site by id.
func (s *Service) Site(ctx context.Context, id string) (*Site, error) { return s.Store.Site(ctx, id) }

// Comment returns one comment as readers may see it: hidden statuses are not found.
func (s *Service) Comment(ctx context.Context, id int64) (*Comment, error) {
	c, err := s.Store.Comment(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.Status != StatusPublished && c.Status != StatusDeleted {
		return nil, Errorf(ENOTFOUND, "comment %d not found", id)
	}
	return c, nil
}

// Counts returns published comment counts for up to MaxPageSize thread keys of a site.
func (s *Service) Counts(ctx context.Context, siteID string, keys []string) (map[string]int, error) {
	if len(keys) > MaxPageSize {
		return nil, Invalid("url", "at most %d URLs per call", MaxPageSize)
	}
	if _, err := s.Store.Site(ctx, siteID); err != nil {
		return nil, err
	}
	return s.Store.Counts(ctx, siteID, keys)
}

// Liked lists the comments of a thread the user likes.
func (s *Service) Liked(ctx context.Context, u *User, threadID int64) ([]int64, error) {
	if u == nil {
		return []int64{}, nil
	}
	return s.Store.LikedIn(ctx, u.ID, threadID)
}

// User returns a user by id.
func (s *Service) User(ctx context.Context, id int64) (*User, error) { return s.Store.User(ctx, id) }

// UserComments pages through a user's published comments on a site, newest first.
func (s *Service) UserComments(ctx context.Context, siteID string, userID, before int64) ([]Comment, error) {
	return s.Store.UserComments(ctx, siteID, userID, before, DefaultPageSize)
}

// ThreadByID returns a thread by id.
func (s *Service) ThreadByID(ctx context.Context, id int64) (*Thread, error) {
	return s.Store.ThreadByID(ctx, id)
}

// Sites lists every site.
func (s *Service) Sites(ctx context.Context) ([]Site, error) { return s.Store.Sites(ctx) }

// HiddenOwn returns the user's comments in a thread that only they may see.
func (s *Service) HiddenOwn(ctx context.Context, u *User, threadID int64) ([]Comment, error) {
	if u == nil || s.Mod == nil {
		return nil, nil
	}
	return s.Mod.HiddenOwn(ctx, threadID, u.ID)
}
