// Command parley is the Parley comment platform: one binary that serves comments, trains and runs
// the toxicity model, and moves data in and out.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "parley:", oneLine(err.Error()))
		os.Exit(1)
	}
}

// env is what every subcommand gets instead of reaching for globals, so tests can run
// subcommands in-process with their own streams and environment.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer // machine output only (JSON, CSV)
	stderr io.Writer // logs, progress, help
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "run the comment server (SQLite in ./parley-data by default)", cmdServe},
		{"migrate", "apply pending database migrations and exit", cmdMigrate},
		{"admin", "create staff accounts and print their sign-in links", cmdAdmin},
		{"bench", "measure thread reads and comment posts over real HTTP", cmdBench},
		{"score", "score text or a CSV of comments for toxicity (JSON on stdout)", cmdScore},
		{"train", "train the toxicity model from labelled CSV files", cmdTrain},
		{"eval", "evaluate the toxicity model on held-out data", cmdEval},
		{"import", "import comments from Disqus, WordPress or a Parley export", cmdImport},
		{"export", "write a site's data to stdout as JSON lines", cmdExport},
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return errors.New("no command given")
		}
		return flag.ErrHelp
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	usage(stderr)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, `Parley — self-hosted comments with built-in moderation.

Usage: parley <command> [flags] [arguments]

Commands:`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, `
Flags may come before or after arguments. Every flag has an environment variable (see each
command's --help). Machine output goes to stdout; logs and progress go to stderr.
Run "parley <command> --help" for details.`)
}

// newFlagSet returns a FlagSet that reports errors instead of exiting and prints usage to stderr.
func newFlagSet(e *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: parley %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseArgs parses flags wherever they appear among the positional arguments, so
// "parley import disqus FILE --site x" works as well as "parley import disqus --site x FILE".
// A bare "--" ends flag parsing.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var tail []string
	for i, a := range args {
		if a == "--" {
			args, tail = args[:i], args[i+1:]
			break
		}
	}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return append(positional, tail...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// envDefault returns the environment value for key, or def when it is unset.
func envDefault(e *env, key, def string) string {
	if v := e.getenv(key); v != "" {
		return v
	}
	return def
}

// oneLine keeps error output to one line, as the command-line conventions promise.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
