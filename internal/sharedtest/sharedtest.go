// Package sharedtest finds the project's shared test material — the labelled data and the real
// export fixtures in ../shared beside the module root, which stay out of the repository.
package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// Path returns ../shared/<elem…> beside the module root. When it is missing the test is skipped
// with a message, except under CI (CI=true), where the material must be there and the test fails.
func Path(t testing.TB, elem ...string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
	path := filepath.Join(append([]string{dir, "..", "shared"}, elem...)...)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared test material %s is missing: %v", path, err)
		}
		t.Skipf("shared test material %s not present; skipping (CI=true makes this a failure)", path)
	}
	return path
}
