package main

import (
	"context"
	"fmt"
	"strings"

	"parley"
)

func cmdAdmin(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "admin", `admin create --email E [--site S --role moderator] [--base-url URL] [--db DSN]

Creates (or promotes) a staff account and prints a one-time sign-in link for it (valid 24 hours).
Admins moderate every site and change settings; moderators moderate the sites they are given.`)
	email := fs.String("email", "", "the staff member's email address")
	site := fs.String("site", "", "the site a moderator moderates")
	role := fs.String("role", "admin", "admin or moderator")
	base := fs.String("base-url", envDefault(e, "PARLEY_BASE_URL", "http://127.0.0.1:8080"), "public URL of the server, for the link (env PARLEY_BASE_URL)")
	db := dbFlag(e, fs)
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 || rest[0] != "create" {
		fs.Usage()
		return fmt.Errorf("usage: parley admin create --email E [--site S --role moderator]")
	}
	if *email == "" {
		return fmt.Errorf("--email is required")
	}
	if parley.Role(*role) == parley.RoleModerator && *site == "" {
		return fmt.Errorf("a moderator needs --site")
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := newService(st, nil)
	u, tok, err := svc.CreateStaff(ctx, *email, parley.Role(*role), *site)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%s %s can sign in once, within 24 hours, at:\n", u.Role, u.Email)
	fmt.Fprintln(e.stdout, signinURL(*base, tok))
	return nil
}

func signinURL(base, tok string) string {
	return strings.TrimSuffix(base, "/") + "/admin/signin?token=" + tok
}

// firstAdminLink prints a sign-in link for a first admin when the database has none, so a new
// install can reach its dashboard without another command.
func firstAdminLink(ctx context.Context, e *env, svc *parley.Service, base string) error {
	ok, err := svc.HasAdmin(ctx)
	if err != nil || ok {
		return err
	}
	_, tok, err := svc.CreateStaff(ctx, "admin@parley.localhost", parley.RoleAdmin, "")
	if err != nil {
		return fmt.Errorf("create first admin: %w", err)
	}
	fmt.Fprintf(e.stderr, "\n  No admin yet. Sign in as the first admin (once, within 24 hours):\n  %s\n  Then add real staff with: parley admin create --email you@example.com\n", signinURL(base, tok))
	return nil
}
