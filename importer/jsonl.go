package importer

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"parley"
)

// FormatVersion is the version of the JSON-lines format written in the header line. Readers
// accept files of this version or older and skip record types they do not know, so a newer
// export still imports its comments into an older Parley.
const FormatVersion = 1

// The line types of the format; docs/import-export.md is their reference.
type (
	jsonHeader struct {
		Type       string    `json:"type"`
		Format     string    `json:"format"`
		Version    int       `json:"version"`
		Instance   string    `json:"instance"`
		ExportedAt time.Time `json:"exported_at"`
	}
	jsonSite struct {
		Type      string       `json:"type"`
		ID        string       `json:"id"`
		Name      string       `json:"name"`
		Origins   []string     `json:"origins"`
		Settings  jsonSettings `json:"settings"`
		CreatedAt time.Time    `json:"created_at"`
	}
	jsonSettings struct {
		EditWindowSeconds int64          `json:"edit_window_seconds"`
		PostsPerMin       int            `json:"posts_per_min"`
		MaxImages         int            `json:"max_images"`
		ImageOrigins      []string       `json:"image_origins"`
		Moderation        jsonModeration `json:"moderation"`
		Erasure           string         `json:"erasure,omitempty"`
	}
	jsonThread struct {
		Type      string    `json:"type"`
		ID        int64     `json:"id"`
		Key       string    `json:"key"`
		URL       string    `json:"url"`
		Title     string    `json:"title"`
		Closed    bool      `json:"closed"`
		CreatedAt time.Time `json:"created_at"`
		SourceID  string    `json:"source_id,omitempty"`
		// Absent unless the thread's automatic moderation is on.
		Premod      bool       `json:"premod,omitempty"`
		SlowMinutes int        `json:"slow_minutes,omitempty"`
		HeatedAt    *time.Time `json:"heated_at,omitempty"`
	}
	jsonUser struct {
		Type      string    `json:"type"`
		ID        int64     `json:"id"`
		Name      string    `json:"name"`
		Kind      string    `json:"kind"`
		Role      string    `json:"role"`
		Email     string    `json:"email,omitempty"`
		SourceID  string    `json:"source_id"`
		CreatedAt time.Time `json:"created_at"`
	}
	jsonComment struct {
		Type      string     `json:"type"`
		ID        int64      `json:"id"`
		Thread    int64      `json:"thread"`
		Parent    *int64     `json:"parent"`
		Author    int64      `json:"author"`
		Text      string     `json:"text"`
		Status    string     `json:"status"`
		Reason    string     `json:"reason,omitempty"`
		Likes     int        `json:"likes"`
		Featured  bool       `json:"featured,omitempty"`
		ModNote   string     `json:"mod_note,omitempty"`
		CreatedAt time.Time  `json:"created_at"`
		EditedAt  *time.Time `json:"edited_at,omitempty"`
		DeletedAt *time.Time `json:"deleted_at,omitempty"`
		SourceID  string     `json:"source_id"`
	}
	jsonLike struct {
		Type      string    `json:"type"`
		User      int64     `json:"user"`
		Comment   int64     `json:"comment"`
		CreatedAt time.Time `json:"created_at"`
	}
)

// Writer writes the JSON-lines format, one object per line. Refs in the records must be the
// database ids, which the format uses to link records.
type Writer struct {
	w   *bufio.Writer
	err error
}

var _ Sink = (*Writer)(nil)

// NewWriter writes the header line naming the exporting instance; call Flush at the end.
func NewWriter(w io.Writer, instance string, now time.Time) *Writer {
	jw := &Writer{w: bufio.NewWriterSize(w, 64<<10)}
	jw.line(jsonHeader{Type: "parley", Format: "parley-jsonl", Version: FormatVersion, Instance: instance, ExportedAt: now.UTC()})
	return jw
}

// Flush writes what is buffered and reports the first error of any write.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	return w.w.Flush()
}

func (w *Writer) line(v any) error {
	if w.err != nil {
		return w.err
	}
	b, err := json.Marshal(v)
	if err != nil {
		w.err = err
		return err
	}
	b = append(b, '\n')
	_, w.err = w.w.Write(b)
	return w.err
}

func (w *Writer) Site(s parley.Site) error {
	return w.line(jsonSite{Type: "site", ID: s.ID, Name: s.Name, Origins: nonNil(s.Origins), CreatedAt: s.CreatedAt,
		Settings: jsonSettings{EditWindowSeconds: int64(s.Settings.EditWindow / time.Second), PostsPerMin: s.Settings.PostsPerMin,
			MaxImages: s.Settings.MaxImages, ImageOrigins: nonNil(s.Settings.ImageOrigins),
			Moderation: moderationJSON(s.Settings.Moderation), Erasure: string(s.Settings.Erasure)}})
}

func (w *Writer) Thread(t parley.TransferThread) error {
	id, err := refID(t.Ref)
	if err != nil {
		return err
	}
	return w.line(jsonThread{Type: "thread", ID: id, Key: t.Key, URL: t.URL, Title: t.Title, Closed: t.Closed,
		CreatedAt: t.CreatedAt, SourceID: t.SourceID, Premod: t.Premod, SlowMinutes: t.SlowMinutes, HeatedAt: optTime(t.HeatedAt)})
}

func (w *Writer) User(u parley.TransferUser) error {
	id, err := refID(u.Ref)
	if err != nil {
		return err
	}
	return w.line(jsonUser{Type: "user", ID: id, Name: u.Name, Kind: string(u.Kind), Role: string(u.Role), Email: u.Email,
		SourceID: u.SourceID, CreatedAt: u.CreatedAt})
}

func (w *Writer) Comment(c parley.TransferComment) error {
	var ids [4]int64
	for i, ref := range []string{c.Ref, c.ThreadRef, c.AuthorRef, c.ParentRef} {
		if i == 3 && ref == "" {
			break
		}
		id, err := refID(ref)
		if err != nil {
			return err
		}
		ids[i] = id
	}
	jc := jsonComment{Type: "comment", ID: ids[0], Thread: ids[1], Author: ids[2], Text: c.Text, Status: string(c.Status),
		Reason: c.Reason, Likes: c.Likes, Featured: c.Featured, ModNote: c.ModNote, CreatedAt: c.CreatedAt, EditedAt: optTime(c.EditedAt), DeletedAt: optTime(c.DeletedAt),
		SourceID: c.SourceID}
	if c.ParentRef != "" {
		jc.Parent = &ids[3]
	}
	return w.line(jc)
}

func (w *Writer) Like(l parley.TransferLike) error {
	u, err := refID(l.UserRef)
	if err != nil {
		return err
	}
	c, err := refID(l.CommentRef)
	if err != nil {
		return err
	}
	return w.line(jsonLike{Type: "like", User: u, Comment: c, CreatedAt: l.CreatedAt})
}

func refID(ref string) (int64, error) {
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("export: ref %q is not a database id", ref)
	}
	return id, nil
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// maxLineBytes bounds one line: a comment of 10,000 runes is at most 40 kB of UTF-8, escaped.
const maxLineBytes = 4 << 20

// ReadParley streams a Parley JSON-lines export into sink. Refs in the records are the ids
// of the exporting database, as decimal strings. Unknown record types (those of a newer
// version) are skipped.
func ReadParley(r io.Reader, sink Sink) error {
	br := bufio.NewReaderSize(r, 256<<10)
	sawSite := false
	for line := 1; ; line++ {
		b, err := readLine(br)
		if err == io.EOF && len(b) == 0 {
			if !sawSite {
				return lineErrorf(line, "no site record: not a Parley export")
			}
			return nil
		}
		if err != nil && err != io.EOF {
			if errors.Is(err, errLongLine) {
				return lineErrorf(line, "line longer than %d MB", maxLineBytes>>20)
			}
			return fmt.Errorf("line %d: %w", line, err)
		}
		if len(b) == 0 || (len(b) == 1 && b[0] == '\r') {
			continue
		}
		var head struct {
			Type    string `json:"type"`
			Version int    `json:"version"`
		}
		if err := json.Unmarshal(b, &head); err != nil {
			return lineErrorf(line, "not a JSON object: %v", err)
		}
		if head.Type != "parley" && head.Type != "site" && !sawSite && knownType(head.Type) {
			return lineErrorf(line, "%s record before the site record", head.Type)
		}
		if err := parleyRecord(head.Type, head.Version, b, line, sink); err != nil {
			return err
		}
		sawSite = sawSite || head.Type == "site"
	}
}

func knownType(t string) bool {
	switch t {
	case "thread", "user", "comment", "like", "decision", "report", "standing", "audit":
		return true
	}
	return false
}

var errLongLine = errors.New("line too long")

func readLine(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		buf = append(buf, chunk...)
		if len(buf) > maxLineBytes {
			return nil, errLongLine
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if n := len(buf); n > 0 && buf[n-1] == '\n' {
			buf = buf[:n-1]
		}
		return buf, err
	}
}

// parleyRecord checks one line and hands it on; every check names what is wrong, since a
// JSON-lines file is easy to edit by hand.
func parleyRecord(typ string, version int, b []byte, line int, sink Sink) error {
	bad := func(format string, args ...any) error { return lineErrorf(line, typ+": "+format, args...) }
	decode := func(v any) error {
		if err := json.Unmarshal(b, v); err != nil {
			return bad("%v", err)
		}
		return nil
	}
	switch typ {
	case "parley":
		if version > FormatVersion {
			return bad("format version %d is newer than this Parley reads (%d)", version, FormatVersion)
		}
		return nil
	case "site":
		var s jsonSite
		if err := decode(&s); err != nil {
			return err
		}
		if s.ID == "" {
			return bad("no id")
		}
		return sink.Site(parley.Site{ID: s.ID, Name: s.Name, Origins: s.Origins, CreatedAt: s.CreatedAt,
			Settings: parley.SiteSettings{EditWindow: time.Duration(s.Settings.EditWindowSeconds) * time.Second,
				PostsPerMin: s.Settings.PostsPerMin, MaxImages: s.Settings.MaxImages, ImageOrigins: s.Settings.ImageOrigins,
				Moderation: s.Settings.Moderation.settings(), Erasure: parley.Erasure(s.Settings.Erasure)}})
	case "thread":
		var t jsonThread
		if err := decode(&t); err != nil {
			return err
		}
		if t.ID == 0 || t.Key == "" {
			return bad("id and key are required")
		}
		// Moderators open a thread's URL and API clients link to it: only what the live API
		// would take, never a javascript: or data: URL.
		if t.URL != "" {
			u, err := parley.CleanURL("url", t.URL)
			if err != nil {
				return bad("url %q: %s", t.URL, parley.ErrorMessage(err))
			}
			t.URL = u
		}
		tt := parley.TransferThread{Ref: ref(t.ID), Key: oneLine(t.Key, parley.MaxKeyBytes), URL: t.URL,
			Title: oneLine(t.Title, parley.MaxTitleRunes), Closed: t.Closed, CreatedAt: t.CreatedAt, SourceID: t.SourceID,
			Premod: t.Premod, SlowMinutes: t.SlowMinutes}
		if t.HeatedAt != nil {
			tt.HeatedAt = *t.HeatedAt
		}
		return sink.Thread(tt)
	case "user":
		var u jsonUser
		if err := decode(&u); err != nil {
			return err
		}
		if u.ID == 0 || u.SourceID == "" {
			return bad("id and source_id are required")
		}
		kind := parley.UserKind(u.Kind)
		if kind != parley.UserGuest && kind != parley.UserRegistered {
			return bad("kind %q: want guest or registered", u.Kind)
		}
		// A name may be empty: a reader who only reported a comment has none until they write one.
		return sink.User(parley.TransferUser{Ref: ref(u.ID), Name: oneLine(u.Name, parley.MaxNameRunes), Kind: kind,
			Role: parley.Role(u.Role), Email: u.Email, SourceID: u.SourceID, CreatedAt: u.CreatedAt})
	case "comment":
		var c jsonComment
		if err := decode(&c); err != nil {
			return err
		}
		if c.ID == 0 || c.Thread == 0 || c.Author == 0 || c.SourceID == "" {
			return bad("id, thread, author and source_id are required")
		}
		if !parley.Status(c.Status).Valid() {
			return bad("status %q: want published, pending, rejected or deleted", c.Status)
		}
		if c.CreatedAt.IsZero() {
			return bad("created_at is required")
		}
		tc := parley.TransferComment{Ref: ref(c.ID), ThreadRef: ref(c.Thread), AuthorRef: ref(c.Author),
			SourceID: c.SourceID, Text: cleanText(c.Text), Status: parley.Status(c.Status), Reason: c.Reason,
			Likes: c.Likes, Featured: c.Featured, ModNote: cleanText(c.ModNote), CreatedAt: c.CreatedAt, Line: line}
		if c.Parent != nil && *c.Parent != 0 {
			if *c.Parent == c.ID {
				return bad("comment %d is its own parent", c.ID)
			}
			tc.ParentRef = ref(*c.Parent)
		}
		if c.EditedAt != nil {
			tc.EditedAt = *c.EditedAt
		}
		if c.DeletedAt != nil {
			tc.DeletedAt = *c.DeletedAt
		}
		return sink.Comment(tc)
	case "like":
		var l jsonLike
		if err := decode(&l); err != nil {
			return err
		}
		if l.User == 0 || l.Comment == 0 {
			return bad("user and comment are required")
		}
		return sink.Like(parley.TransferLike{UserRef: ref(l.User), CommentRef: ref(l.Comment), CreatedAt: l.CreatedAt})
	}
	_, err := moderationRecord(typ, b, line, sink)
	return err // nil for a type this version does not know: a later version's, skipped
}

func ref(id int64) string { return strconv.FormatInt(id, 10) }
