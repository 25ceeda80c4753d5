package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"parley"
)

// hub fans thread events out to Server-Sent Events subscribers. Writers hand events over through
// a buffered channel and never wait; a subscriber too slow to keep up is dropped (its browser
// reconnects and reloads), so one stalled reader cannot hold up anyone else.
type hub struct {
	log  *slog.Logger
	svc  *parley.Service
	in   chan parley.Event
	mu   sync.Mutex
	subs map[string]map[chan []byte]struct{} // site + "\x00" + thread key → subscribers
}

func newHub(log *slog.Logger, svc *parley.Service) *hub {
	return &hub{log: log, svc: svc, in: make(chan parley.Event, 4096), subs: map[string]map[chan []byte]struct{}{}}
}

// Publish implements parley.Publisher.
func (h *hub) Publish(ctx context.Context, ev parley.Event) {
	select {
	case h.in <- ev:
	default:
		h.log.Warn("live update dropped: hub backlog full", "thread", ev.ThreadID)
	}
}

func subKey(site, key string) string { return site + "\x00" + key }

// run turns each event into its message once and fans it out, until ctx ends.
func (h *hub) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-h.in:
			msg, key, err := h.message(ctx, ev)
			if err != nil {
				h.log.Warn("live update not sent", "thread", ev.ThreadID, "comment", ev.CommentID, "err", err)
				continue
			}
			if msg != nil {
				h.fanOut(key, msg)
			}
		}
	}
}

func (h *hub) message(ctx context.Context, ev parley.Event) ([]byte, string, error) {
	h.mu.Lock()
	idle := len(h.subs) == 0
	h.mu.Unlock()
	if idle {
		return nil, "", nil
	}
	t, err := h.svc.ThreadByID(ctx, ev.ThreadID)
	if err != nil {
		return nil, "", err
	}
	c, err := h.svc.Comment(ctx, ev.CommentID)
	if parley.ErrorCode(err) == parley.ENOTFOUND {
		return nil, "", nil // held or rejected: nothing the public may see
	} else if err != nil {
		return nil, "", err
	}
	var data any = map[string]any{"comment": toComment(c, false)}
	if ev.Type == "like" {
		data = map[string]any{"id": c.ID, "likes": c.Likes}
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "event: %s\ndata: ", ev.Type)
	if err := json.NewEncoder(&buf).Encode(data); err != nil {
		return nil, "", err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), subKey(t.SiteID, t.Key), nil
}

func (h *hub) fanOut(key string, msg []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[key] {
		select {
		case ch <- msg:
		default:
			delete(h.subs[key], ch)
			close(ch)
		}
	}
}

func (h *hub) subscribe(key string) chan []byte {
	ch := make(chan []byte, 64)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.subs[key] == nil {
		h.subs[key] = map[chan []byte]struct{}{}
	}
	h.subs[key][ch] = struct{}{}
	return ch
}

func (h *hub) unsubscribe(key string, ch chan []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[key][ch]; ok {
		delete(h.subs[key], ch)
		close(ch)
	}
	if len(h.subs[key]) == 0 {
		delete(h.subs, key)
	}
}

// stream serves one thread's live updates as Server-Sent Events.
func (s *Server) stream(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	site, err := s.svc.Site(r.Context(), q.Get("site"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	key := q.Get("key")
	if key == "" {
		if key, err = parley.CleanURL("url", q.Get("url")); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		s.writeError(w, r, fmt.Errorf("response writer cannot flush"))
		return
	}
	addr := s.clientAddr(r)
	if err := s.streams.acquire(addr); err != nil {
		s.writeError(w, r, err)
		return
	}
	defer s.streams.release(addr)
	k := subKey(site.ID, key)
	ch := s.hub.subscribe(k)
	defer s.hub.unsubscribe(k, ch)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 3000\n: connected\n\n")
	flusher.Flush()
	ping := time.NewTicker(25 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case msg, ok := <-ch:
			if !ok {
				return // dropped for being slow; the client reconnects
			}
			if _, err := w.Write(msg); err != nil {
				return
			}
			flusher.Flush()
		case <-ping.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}
