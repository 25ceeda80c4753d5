package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"parley"
)

// statusOf is the one table from error codes to HTTP statuses.
var statusOf = map[string]int{
	parley.EINVALID:      http.StatusBadRequest,
	parley.EUNAUTHORIZED: http.StatusUnauthorized,
	parley.EFORBIDDEN:    http.StatusForbidden,
	parley.ENOTFOUND:     http.StatusNotFound,
	parley.ECONFLICT:     http.StatusConflict,
	parley.ERATELIMITED:  http.StatusTooManyRequests,
	parley.ENUDGE:        http.StatusUnprocessableEntity,
	parley.EINTERNAL:     http.StatusInternalServerError,
}

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string     `json:"code"`
	Message string     `json:"message"`
	Field   string     `json:"field,omitempty"`
	Nudge   *nudgeJSON `json:"nudge,omitempty"`
}

type nudgeJSON struct {
	ID         int64      `json:"id"`
	Categories []string   `json:"categories"`
	Spans      []spanJSON `json:"spans"`
}

// writeError answers with the JSON error shape; internal errors are logged with the request's
// context and reach the client only as "internal error".
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := parley.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if code == parley.EINTERNAL {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	body := errorBody{Error: errorDetail{Code: code, Message: parley.ErrorMessage(err)}}
	var pe *parley.Error
	if errors.As(err, &pe) {
		body.Error.Field = pe.Field
		if n := pe.Nudge; n != nil {
			body.Error.Nudge = &nudgeJSON{ID: n.ID, Categories: n.Categories, Spans: toSpans(n.Spans)}
		}
	}
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "60")
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// maxBody caps every request body: comments are at most 10,000 characters.
const maxBody = 64 << 10

// decode reads one JSON object from the body, refusing unknown fields, trailing data and
// oversized bodies with an "invalid" error that says what was wrong.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return parley.Invalid("", "Content-Type must be application/json")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &tooBig):
			return parley.Invalid("", "request body is larger than %d bytes", maxBody)
		case errors.As(err, &syntax):
			return parley.Invalid("", "malformed JSON at byte %d", syntax.Offset)
		case errors.As(err, &typ):
			return parley.Invalid(typ.Field, "%s must be a %s", typ.Field, typ.Type)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return parley.Invalid(field, "unknown field %q", field)
		case errors.Is(err, io.EOF):
			return parley.Invalid("", "request body is empty")
		default:
			return parley.Invalid("", "malformed JSON: %v", err)
		}
	}
	if dec.More() {
		return parley.Invalid("", "request body has data after the JSON object")
	}
	return nil
}

// pathID parses the {id} path segment.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, parley.Invalid("id", "comment id must be a positive integer")
	}
	return id, nil
}

// queryInt parses an optional non-negative integer query parameter.
func queryInt(r *http.Request, name string) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, parley.Invalid(name, "%s must be a non-negative integer", name)
	}
	return n, nil
}

// encodeCursor and decodeCursor keep the keyset position opaque to clients.
func encodeCursor(c parley.Cursor) *string {
	if c.IsZero() {
		return nil
	}
	s := fmt.Sprintf("%d.%d", c.Key, c.ID)
	return &s
}

func decodeCursor(s string) (parley.Cursor, error) {
	if s == "" {
		return parley.Cursor{}, nil
	}
	k, id, ok := strings.Cut(s, ".")
	key, err1 := strconv.ParseInt(k, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if !ok || err1 != nil || err2 != nil || n <= 0 {
		return parley.Cursor{}, parley.Invalid("cursor", "cursor is not one this server gave out")
	}
	return parley.Cursor{Key: key, ID: n}, nil
}
