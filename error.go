package parley

import (
	"errors"
	"fmt"
)

// Error codes are the only vocabulary failures cross package boundaries with; the HTTP layer maps
// each to a status in one table, the command line prints the message.
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ERATELIMITED  = "rate_limited"
	ENUDGE        = "nudge" // not a failure: the author is asked to reconsider before posting
	EINTERNAL     = "internal"
)

// Error is a failure meant for the person who caused it: Message is safe to show them.
// Anything that is not an *Error is internal and its text is never shown to clients.
type Error struct {
	Code    string
	Message string
	// Field names the offending input, when there is one, so a client can point at it.
	Field string
	// Nudge carries what the author should reconsider, with code ENUDGE.
	Nudge *Nudge
}

// Nudge asks an author "are you sure?": which categories the comment would be held for and the
// words that drove them. Posting again with Confirm (and the nudge's ID) sends it to the queue.
type Nudge struct {
	ID         int64
	Categories []string
	Spans      []Span
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid reports bad input in one named field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err; internal errors get a generic one so
// driver messages and file paths never leak to clients.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
