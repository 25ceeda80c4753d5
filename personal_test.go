package parley_test

import (
	"context"
	"testing"

	"parley"
)

func TestPersonalDataExportAndErase(t *testing.T) {
	for _, mode := range []parley.Erasure{parley.ErasureDelete, parley.ErasureAnonymize} {
		t.Run(string(mode), func(t *testing.T) {
			m := newModEnv(t, 0)
			ctx := context.Background()
			site, _ := m.st.Site(ctx, "demo")
			site.Settings.Erasure, site.Settings.PostsPerMin = mode, -1
			m.st.PutSite(ctx, site)
			mine, ann, _ := m.post(t, nil, "my words", false, 0)
			reply, bo, _ := m.post(t, nil, "a reply to Ann", false, 0)
			m.post(t, ann, "HOLD my second", false, 0)
			if _, err := m.svc.Like(ctx, ann, reply.ID, true); err != nil {
				t.Fatal(err)
			}
			if _, err := m.svc.ExportPersonal(ctx, bo, "demo", ann.ID); parley.ErrorCode(err) != parley.EFORBIDDEN {
				t.Fatalf("another reader exports Ann's data: %v", err)
			}
			d, err := m.svc.ExportPersonal(ctx, ann, "demo", ann.ID)
			if err != nil || len(d.Comments) != 2 || d.Comments[1].Status != parley.StatusPending || len(d.Likes) != 1 {
				t.Fatalf("export = %+v, %v", d, err)
			}
			n, err := m.svc.ErasePersonal(ctx, m.admin, "demo", ann.ID)
			if err != nil || n != 2 {
				t.Fatalf("erase = %d, %v", n, err)
			}
			got, _ := m.st.Comment(ctx, mine.ID)
			if got.Author.Name != "Former reader" {
				t.Fatalf("author name after erasure: %q", got.Author.Name)
			}
			if mode == parley.ErasureDelete && (got.Status != parley.StatusDeleted || got.Source != "" || got.HTML != "") {
				t.Fatalf("deleted comment keeps %+v", got)
			}
			if mode == parley.ErasureAnonymize && (got.Status != parley.StatusPublished || got.Source != "my words") {
				t.Fatalf("anonymised comment = %+v", got)
			}
			if r, _ := m.st.Comment(ctx, reply.ID); r.Likes != 0 {
				t.Fatalf("Ann's like survives erasure: %d", r.Likes)
			}
			log, _ := m.svc.AuditLog(ctx, m.admin, 0)
			if len(log) != 1 || log[0].Action != "erase_user" {
				t.Fatalf("audit = %+v", log)
			}
		})
	}
}

func TestNamesAndPagesAreChecked(t *testing.T) {
	m := newModEnv(t, 0)
	ctx := context.Background()
	for _, name := range []string{"Ann\u202eeid", "Ad\u200bmin", "\u2066staff"} {
		if _, _, err := m.svc.Post(ctx, parley.PostInput{SiteID: "demo", URL: page, Text: "hi", Name: name}); parley.ErrorCode(err) != parley.EINVALID {
			t.Errorf("name %q: %v, want invalid", name, err)
		}
	}
	if err := m.st.PutSite(ctx, &parley.Site{ID: "news", Origins: []string{"https://news.example"}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := m.svc.Post(ctx, parley.PostInput{SiteID: "news", URL: "https://elsewhere.example/fake", Text: "hi", Name: "A"}); parley.ErrorCode(err) != parley.EINVALID {
		t.Fatalf("thread for a page off the site: %v", err)
	}
	if _, _, err := m.svc.Post(ctx, parley.PostInput{SiteID: "news", URL: "https://NEWS.example/story", Text: "hi", Name: "A"}); err != nil {
		t.Fatalf("thread for a page of the site: %v", err)
	}
}
