package parley

import (
	"context"
	"fmt"
)

// Erasure is what a site does with a reader's comments when they ask to delete their data.
type Erasure string

const (
	ErasureDelete    Erasure = "delete"    // comments become "deleted" placeholders, their text erased (the default)
	ErasureAnonymize Erasure = "anonymize" // comments stay, under an anonymous name
)

// PersonalData is everything a site holds about one reader.
type PersonalData struct {
	User     *User
	Comments []Comment // every status, oldest first
	Likes    []Like
}

// PersonalStore is what personal-data requests need from storage.
type PersonalStore interface {
	PersonalData(ctx context.Context, siteID string, userID int64) (*PersonalData, error)
	// EraseUser deletes or anonymises a user's comments on a site and removes their likes and
	// email, bumping every affected thread's version.
	EraseUser(ctx context.Context, siteID string, userID int64, mode Erasure, at int64) (int, error)
}

// ExportPersonal returns a reader's data on a site: to the reader themselves, or to an admin
// answering their request.
func (s *Service) ExportPersonal(ctx context.Context, actor *User, siteID string, userID int64) (*PersonalData, error) {
	if err := s.mayHandlePersonal(ctx, actor, siteID, userID); err != nil {
		return nil, err
	}
	return s.Personal.PersonalData(ctx, siteID, userID)
}

// ErasePersonal deletes or anonymises a reader's data on a site, as the site chooses.
func (s *Service) ErasePersonal(ctx context.Context, actor *User, siteID string, userID int64) (int, error) {
	if err := s.mayHandlePersonal(ctx, actor, siteID, userID); err != nil {
		return 0, err
	}
	site, err := s.Store.Site(ctx, siteID)
	if err != nil {
		return 0, err
	}
	mode := site.Settings.Erasure
	if mode == "" {
		mode = ErasureDelete
	}
	n, err := s.Personal.EraseUser(ctx, siteID, userID, mode, s.Clock.Now().UnixMicro())
	if err != nil {
		return 0, fmt.Errorf("erase user %d: %w", userID, err)
	}
	if actor.ID != userID && s.Mod != nil {
		if err := s.audit(ctx, actor, siteID, "erase_user", "user", userID, "personal-data request", fmt.Sprintf("%s, %d comments", mode, n)); err != nil {
			return n, err
		}
	}
	return n, nil
}

// mayHandlePersonal lets readers act on their own data and admins on anyone's.
func (s *Service) mayHandlePersonal(ctx context.Context, actor *User, siteID string, userID int64) error {
	if actor == nil {
		return Errorf(EUNAUTHORIZED, "no identity: there is no data of yours here")
	}
	if _, err := s.Store.Site(ctx, siteID); err != nil {
		return err
	}
	if actor.ID == userID || actor.Role == RoleAdmin {
		return nil
	}
	return Errorf(EFORBIDDEN, "only the reader themselves or an admin may do this")
}
