package sqlstore

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"parley"
)

// runStoreTests is the one suite every database behind parley.Store must pass.
func runStoreTests(t *testing.T, open func(t *testing.T) *Store) {
	ctx := context.Background()
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC)

	t.Run("demo site exists and sites round-trip", func(t *testing.T) {
		s := open(t)
		if _, err := s.Site(ctx, parley.DemoSiteID); err != nil {
			t.Fatalf("demo site: %v", err)
		}
		site := &parley.Site{ID: "news", Origins: []string{"https://news.example"},
			Settings: parley.SiteSettings{EditWindow: 5 * time.Minute, PostsPerMin: -1, ImageOrigins: []string{"https://img.example"},
				Moderation: parley.ModerationSettings{Mode: parley.ModePreNew, BannedWords: []string{"xyz"}, HoldAt: map[string]float64{"threat": 0.3},
					Heated: parley.HeatedSlow, SlowMinutes: 4}}}
		if err := s.PutSite(ctx, site); err != nil {
			t.Fatal(err)
		}
		site.Origins = append(site.Origins, "https://www.news.example")
		if err := s.PutSite(ctx, site); err != nil {
			t.Fatal(err)
		}
		got, err := s.Site(ctx, "news")
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Origins) != 2 || got.Settings.EditWindow != 5*time.Minute || got.Settings.PostsPerMin != -1 ||
			len(got.Settings.ImageOrigins) != 1 || got.Settings.Moderation.Mode != parley.ModePreNew ||
			got.Settings.Moderation.BannedWords[0] != "xyz" || got.Settings.Moderation.HoldAt["threat"] != 0.3 ||
			got.Settings.Moderation.Heated != parley.HeatedSlow || got.Settings.Moderation.SlowMinutes != 4 {
			t.Fatalf("site = %+v", got)
		}
		if _, err := s.Site(ctx, "missing"); parley.ErrorCode(err) != parley.ENOTFOUND {
			t.Fatalf("missing site: %v", err)
		}
	})

	t.Run("threads are created once under concurrency", func(t *testing.T) {
		s := open(t)
		var wg sync.WaitGroup
		ids := make([]int64, 8)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				th, err := s.EnsureThread(ctx, &parley.Thread{SiteID: "demo", Key: "k", URL: "https://x.example/", CreatedAt: t0})
				if err != nil {
					t.Error(err)
					return
				}
				ids[i] = th.ID
			}()
		}
		wg.Wait()
		for _, id := range ids {
			if id != ids[0] {
				t.Fatalf("thread ids differ: %v", ids)
			}
		}
	})

	t.Run("comments, versions, counts and conflicts", func(t *testing.T) {
		s := open(t)
		th, err := s.EnsureThread(ctx, &parley.Thread{SiteID: "demo", Key: "https://x.example/a", URL: "https://x.example/a", CreatedAt: t0})
		if err != nil {
			t.Fatal(err)
		}
		u := &parley.User{Name: "Ann", Kind: parley.UserGuest, CreatedAt: t0}
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		c := &parley.Comment{ThreadID: th.ID, AuthorID: u.ID, Source: "s", HTML: "<p>s</p>", Status: parley.StatusPublished,
			CreatedAt: t0, SourceID: "dsq:1"}
		if err := s.CreateComment(ctx, c); err != nil {
			t.Fatal(err)
		}
		if c.RootID != c.ID {
			t.Fatalf("root id %d, want own id %d", c.RootID, c.ID)
		}
		r := &parley.Comment{ThreadID: th.ID, ParentID: c.ID, AuthorID: u.ID, Source: "r", HTML: "r", Status: parley.StatusPending, CreatedAt: t0}
		if err := s.CreateComment(ctx, r); err != nil {
			t.Fatal(err)
		}
		if r.RootID != c.ID {
			t.Fatalf("reply root %d, want %d", r.RootID, c.ID)
		}
		dup := &parley.Comment{ThreadID: th.ID, AuthorID: u.ID, Source: "d", HTML: "d", Status: parley.StatusPublished, CreatedAt: t0, SourceID: "dsq:1"}
		if err := s.CreateComment(ctx, dup); parley.ErrorCode(err) != parley.ECONFLICT {
			t.Fatalf("duplicate source id: %v, want conflict", err)
		}
		got, err := s.Comment(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.CreatedAt.Equal(t0) || got.Author.Name != "Ann" || got.SourceID != "dsq:1" {
			t.Fatalf("comment = %+v", got)
		}
		after, _ := s.ThreadByID(ctx, th.ID)
		if after.Version != th.Version+2 {
			t.Fatalf("version %d after two comments, want %d", after.Version, th.Version+2)
		}
		counts, err := s.Counts(ctx, "demo", []string{"https://x.example/a", "https://x.example/none"})
		if err != nil || counts["https://x.example/a"] != 1 || counts["https://x.example/none"] != 0 {
			t.Fatalf("counts = %v, %v (pending must not count)", counts, err)
		}
		if _, err := s.Comment(ctx, 9999); parley.ErrorCode(err) != parley.ENOTFOUND {
			t.Fatalf("missing comment: %v", err)
		}
		bad := &parley.Comment{ThreadID: th.ID, AuthorID: 424242, Source: "x", HTML: "x", Status: parley.StatusPublished, CreatedAt: t0}
		if err := s.CreateComment(ctx, bad); parley.ErrorCode(err) != parley.EINVALID {
			t.Fatalf("unknown author: %v, want invalid", err)
		}
	})

	t.Run("concurrent writes: each succeeds or fails alone", func(t *testing.T) {
		s := open(t)
		th, err := s.EnsureThread(ctx, &parley.Thread{SiteID: "demo", Key: "k", URL: "https://x.example/", CreatedAt: t0})
		if err != nil {
			t.Fatal(err)
		}
		const n = 60
		errs := make([]error, n)
		ids := make([]int64, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Every third comment reuses a source id, so some writes in a batch must fail
				// without taking the others with them.
				c := &parley.Comment{ThreadID: th.ID, Source: "c", HTML: "c", Status: parley.StatusPublished, CreatedAt: t0,
					SourceID: fmt.Sprintf("src:%d", i-i%3), Author: &parley.User{Name: "G", Kind: parley.UserGuest, CreatedAt: t0}}
				errs[i] = s.CreateComment(ctx, c)
				ids[i] = c.ID
			}()
		}
		wg.Wait()
		ok := 0
		for i := range n {
			switch parley.ErrorCode(errs[i]) {
			case "":
				ok++
				if got, err := s.Comment(ctx, ids[i]); err != nil || got.Author == nil || got.Author.Name != "G" {
					t.Fatalf("acknowledged comment %d: %+v, %v", ids[i], got, err)
				}
			case parley.ECONFLICT:
			default:
				t.Fatalf("write %d: %v", i, errs[i])
			}
		}
		if ok != n/3 {
			t.Fatalf("%d writes succeeded, want %d (one per source id)", ok, n/3)
		}
		var comments, users int
		s.read.QueryRow(`SELECT COUNT(*) FROM comments`).Scan(&comments)
		s.read.QueryRow(`SELECT COUNT(*) FROM users`).Scan(&users)
		if comments != n/3 || users != n/3 {
			t.Fatalf("%d comments and %d users stored, want %d each: failed writes left rows behind", comments, users, n/3)
		}
	})

	t.Run("settings persist", func(t *testing.T) {
		s := open(t)
		a, err := s.Setting(ctx, "k", func() string { return "first" })
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.Setting(ctx, "k", func() string { return "second" })
		if err != nil || a != "first" || b != "first" {
			t.Fatalf("setting = %q then %q (%v)", a, b, err)
		}
	})
}

func TestSQLite(t *testing.T) {
	runStoreTests(t, func(t *testing.T) *Store {
		s, err := Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "sub", "p.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestMigrationsApplyOnce(t *testing.T) {
	path := "sqlite:" + filepath.Join(t.TempDir(), "p.db")
	for i := 0; i < 2; i++ {
		s, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		var n int
		if err := s.read.QueryRow(`SELECT COUNT(*) FROM sites WHERE id = 'demo'`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("demo sites after open #%d: %d (%v)", i+1, n, err)
		}
		s.Close()
	}
}

func TestOpenRejectsUnknownDSN(t *testing.T) {
	for _, dsn := range []string{"mysql://x", "", "sqlite:"} {
		if _, err := Open(context.Background(), dsn); err == nil {
			t.Errorf("Open(%q) succeeded", dsn)
		}
	}
}
