package server_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// tokenAt signs a guest token for uid as if issued at t, with the key newEnv gives the server.
func tokenAt(uid string, t time.Time) string {
	payload := fmt.Sprintf("%s.%d", uid, t.Unix())
	m := hmac.New(sha256.New, []byte("k"))
	m.Write([]byte(payload))
	return payload + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func TestGuestTokensExpireUnlessRenewed(t *testing.T) {
	e := newEnv(t)
	p := e.post("", 0, "first comment")
	uid, _, _ := strings.Cut(p.Token, ".")
	me := func(tok string) (int, map[string]any) {
		var out map[string]any
		res := e.do("GET", "/api/v1/me?site=news", tok, "", nil, &out)
		return res.StatusCode, out
	}

	if code, out := me(p.Token); code != http.StatusOK || out["user"] == nil || out["token"] != nil {
		t.Fatalf("fresh token: %d %v (no renewal expected)", code, out)
	}
	code, out := me(tokenAt(uid, time.Now().Add(-8*24*time.Hour)))
	renewed, _ := out["token"].(string)
	if code != http.StatusOK || out["user"] == nil || renewed == "" {
		t.Fatalf("week-old token: %d %v, want the user and a renewed token", code, out)
	}
	if code, out := me(renewed); code != http.StatusOK || out["user"] == nil || out["token"] != nil {
		t.Fatalf("renewed token: %d %v", code, out)
	}
	var ae apiError
	old := tokenAt(uid, time.Now().Add(-366*24*time.Hour))
	if res := e.do("GET", "/api/v1/me?site=news", old, "", nil, &ae); res.StatusCode != http.StatusUnauthorized || ae.Error.Code != "unauthorized" {
		t.Fatalf("year-old token: %d %+v, want 401", res.StatusCode, ae)
	}
	// An expired token cannot write either.
	body := fmt.Sprintf(`{"site":"news","url":%q,"text":"late"}`, article)
	if res := e.do("POST", "/api/v1/comments", old, body, nil, nil); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("post with a year-old token: %d", res.StatusCode)
	}
	// A cookie that old is no identity: the request goes on as a new reader's.
	var anon map[string]any
	e.do("GET", "/api/v1/me?site=news", "", "", map[string]string{"Cookie": "parley_token=" + old}, &anon)
	if anon["user"] != nil {
		t.Fatalf("year-old cookie still identifies: %v", anon)
	}
}
