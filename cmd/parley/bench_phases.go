package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"parley"
	"parley/sqlstore"
)

// benchGuests are names for @mentions and for the thread's authors.
var benchGuests = []string{"Ann", "Bo", "Chidi", "Dana", "Eero", "Fatima", "Goran", "Hana"}

// fillThread posts through the API until the thread has n published comments, 30 % of them
// replies to a random earlier one, from a fixed seed so every run builds the same thread. It
// returns the published ids and how many posts the moderation policy held.
//
// Every post comes from a new guest, like the drive-by commenters of a news site. A guest posting
// many times a second is what a spam bot does, and the policy holds that; a bench that measured
// the hold path would not measure posting.
func fillThread(ctx context.Context, a *api, n int, seed uint64) (ids []int64, held int, err error) {
	r := rand.New(rand.NewPCG(seed, 1))
	for len(ids) < n {
		if held > n {
			return nil, held, fmt.Errorf("fill: the moderation policy held %d of %d posts; the bench thread cannot be built", held, held+len(ids))
		}
		var parent int64
		if len(ids) > 0 && r.IntN(10) < 3 {
			parent = ids[r.IntN(len(ids))]
		}
		pr, err := a.post(ctx, "", benchGuests[r.IntN(len(benchGuests))], parent, commentText(r))
		if err != nil {
			return nil, held, fmt.Errorf("fill comment %d: %w", len(ids)+1, err)
		}
		if pr.Comment.Status != "published" {
			held++
			continue
		}
		ids = append(ids, pr.Comment.ID)
	}
	return ids, held, nil
}

// readWorker loads path and checks that the answer is the page it should be, byte count
// included: a fast wrong answer must not count as a fast answer.
func readWorker(a *api, path string, wantLen int) func(i int) func(context.Context) error {
	return func(int) func(context.Context) error {
		return func(ctx context.Context) error {
			resp, body, err := a.get(ctx, path, nil)
			if err != nil {
				return err
			}
			if resp.StatusCode != http.StatusOK || len(body) != wantLen {
				return fmt.Errorf("GET %s: %s with %d bytes, want 200 with %d", path, resp.Status, len(body), wantLen)
			}
			return nil
		}
	}
}

// ack is a comment the server acknowledged with 201, and the text it was sent with.
type ack struct {
	id   int64
	text string
}

// writers makes posting workers; replyPct % of posts reply to a comment of the filled thread. Acknowledged posts go to acks.
type writers struct {
	a        *api
	parents  []int64
	seed     uint64
	prefix   string
	replyPct int // share of posts that reply to one of parents

	mu   sync.Mutex
	acks []ack
	held int
}

func (w *writers) worker(i int) func(context.Context) error {
	r := rand.New(rand.NewPCG(w.seed, uint64(i)+1000))
	name := w.prefix + " " + strconv.Itoa(i+1)
	return func(ctx context.Context) error {
		var parent int64
		if len(w.parents) > 0 && r.IntN(100) < w.replyPct {
			parent = w.parents[r.IntN(len(w.parents))]
		}
		text := commentText(r)
		// A new guest every time: see fillThread.
		pr, err := w.a.post(ctx, "", name, parent, text)
		if err != nil {
			return err
		}
		w.mu.Lock()
		w.acks = append(w.acks, ack{pr.Comment.ID, text})
		if pr.Comment.Status != "published" {
			w.held++
		}
		w.mu.Unlock()
		return nil
	}
}

// freshness is the result of the read-your-write check.
type freshness struct {
	Checks int      `json:"checks"`
	Held   int      `json:"held_skipped"` // posts held for review, rightly absent from pages
	Stale  int      `json:"stale"`
	Errors int      `json:"errors"`
	First  []string `json:"first_failures,omitempty"`
}

// checkFreshness posts top-level comments and, as soon as each is acknowledged, fetches the page
// its author would see next — newest first, and the default page every reader gets — both
// revalidating with the ETag of the author's previous copy, as a browser does. A 304 or a page
// without the comment is stale. Meanwhile readers keep the page cache hot and writers add replies,
// so the cache is being filled and invalidated while the checks run.
//
// Only the checkers post top-level comments, so at most a few can be newer than the one being
// checked: with the default page's 20 places it cannot be pushed off legitimately. The default
// order is most liked first, and nothing in the bench thread is liked, so it is newest first too.
func checkFreshness(parent context.Context, a *api, parents []int64, want int, seed uint64) (freshness, error) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	var bg sync.WaitGroup
	bw := &writers{a: a, parents: parents, seed: seed + 7, prefix: "Replier", replyPct: 100}
	for i := range 4 {
		do := bw.worker(i)
		bg.Go(func() {
			for ctx.Err() == nil {
				do(ctx)
			}
		})
	}
	readPath := a.pagePath("")
	for range 4 {
		bg.Go(func() {
			for ctx.Err() == nil {
				a.get(ctx, readPath, nil)
			}
		})
	}

	const checkers = 4
	var (
		mu     sync.Mutex
		res    freshness
		issued atomic.Int64
		wg     sync.WaitGroup
	)
	fail := func(stale bool, msg string) {
		mu.Lock()
		defer mu.Unlock()
		if stale {
			res.Stale++
		} else {
			res.Errors++
		}
		if len(res.First) < 5 {
			res.First = append(res.First, msg)
		}
	}
	for i := range checkers {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(seed+99, uint64(i)))
			name := "Checker " + strconv.Itoa(i+1)
			etags := map[string]string{}
			// Held posts do not count as checks; the cap keeps a policy that holds everything from
			// looping forever.
			for issued.Add(1) <= int64(3*want) && ctx.Err() == nil {
				mu.Lock()
				done := res.Checks >= want
				mu.Unlock()
				if done {
					return
				}
				pr, err := a.post(ctx, "", name, 0, commentText(r))
				if err != nil {
					fail(false, err.Error())
					continue
				}
				if pr.Comment.Status != "published" {
					mu.Lock()
					res.Held++
					mu.Unlock()
					continue
				}
				for _, q := range []string{"sort=new&limit=100", ""} {
					stale, err := seenOnPage(ctx, a, a.pagePath(q), pr.Comment.ID, etags)
					if err != nil {
						fail(stale, err.Error())
					}
				}
				mu.Lock()
				res.Checks++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	cancel()
	bg.Wait()
	return res, parent.Err()
}

// seenOnPage fetches path as a revalidating browser would and reports whether comment id is on it.
func seenOnPage(ctx context.Context, a *api, path string, id int64, etags map[string]string) (stale bool, err error) {
	hdr := http.Header{}
	if et := etags[path]; et != "" {
		hdr.Set("If-None-Match", et)
	}
	resp, body, err := a.get(ctx, path, hdr)
	if err != nil {
		return false, err
	}
	switch resp.StatusCode {
	case http.StatusNotModified:
		return true, fmt.Errorf("comment %d acknowledged, then GET %s answered 304 for the copy from before it", id, path)
	case http.StatusOK:
	default:
		return false, fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	etags[path] = resp.Header.Get("ETag")
	plain, err := decoded(resp, body)
	if err != nil {
		return false, err
	}
	_, ids, err := pageIDs(plain)
	if err != nil {
		return false, err
	}
	if !ids[id] {
		return true, fmt.Errorf("comment %d acknowledged, then missing from GET %s", id, path)
	}
	return false, nil
}

// durability is the result of the kill -9 check.
type durability struct {
	Acknowledged int     `json:"acknowledged"`
	Present      int     `json:"present"`
	Missing      []int64 `json:"missing,omitempty"`
	Altered      []int64 `json:"altered,omitempty"`
	KilledAfter  float64 `json:"killed_after_s"`
}

// checkDurability posts with conns writers, kills the server with SIGKILL mid-stream, then opens
// the database file itself and looks for every acknowledged comment, text and all.
func checkDurability(ctx context.Context, kill func(), a *api, dbPath string, conns int, after time.Duration, parents []int64, seed uint64) (durability, error) {
	w := &writers{a: a, parents: parents, seed: seed + 13, prefix: "Crasher", replyPct: 30}
	var killed atomic.Bool
	var wg sync.WaitGroup
	for i := range conns {
		do := w.worker(i)
		wg.Go(func() {
			for ctx.Err() == nil && !killed.Load() {
				if err := do(ctx); err != nil && !killed.Load() {
					// Before the kill every post must succeed; after it, failures are the point.
					time.Sleep(time.Millisecond)
				}
			}
		})
	}
	select {
	case <-time.After(after):
	case <-ctx.Done():
		wg.Wait()
		return durability{}, ctx.Err()
	}
	kill()
	killed.Store(true)
	wg.Wait()

	res := durability{Acknowledged: len(w.acks), KilledAfter: after.Seconds()}
	st, err := sqlstore.Open(ctx, "sqlite:"+dbPath)
	if err != nil {
		return res, fmt.Errorf("reopen database after kill -9: %w", err)
	}
	defer st.Close()
	slices.SortFunc(w.acks, func(x, y ack) int { return int(x.id - y.id) })
	for _, k := range w.acks {
		c, err := st.Comment(ctx, k.id)
		switch {
		case parley.ErrorCode(err) == parley.ENOTFOUND:
			res.Missing = append(res.Missing, k.id)
		case err != nil:
			return res, fmt.Errorf("read comment %d after kill -9: %w", k.id, err)
		case !bytes.Equal([]byte(c.Source), []byte(k.text)):
			res.Altered = append(res.Altered, k.id)
		default:
			res.Present++
		}
	}
	if res.Acknowledged == 0 {
		return res, errors.New("no post was acknowledged before the kill; nothing was checked")
	}
	return res, nil
}
