package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"
)

// child is a server the bench started as its own process, so that a kill -9 is a real one and
// the server does not share a Go runtime (scheduler, GC, heap) with the load generator.
type child struct {
	name string
	base string // http://127.0.0.1:PORT
	cmd  *exec.Cmd
	log  string // the child's stderr, shown when it dies unexpectedly
	done chan struct{}
	err  error // valid once done is closed
}

// startChild runs bin with args, passing the address it should listen on as --addr, and waits
// until readyPath answers 200.
func startChild(ctx context.Context, name, bin, logPath, readyPath string, args ...string) (*child, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	lf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	defer lf.Close()
	cmd := exec.Command(bin, append(args, "--addr", addr)...)
	cmd.Stdout, cmd.Stderr = lf, lf
	// The child must not outlive an interrupted bench: a leftover server holds the port and the
	// database.
	cmd.SysProcAttr = childAttr()
	// Children get the bench's environment minus settings that would redirect them elsewhere.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PARLEY_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	c := &child{name: name, base: "http://" + addr, cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() { c.err = cmd.Wait(); close(c.done) }()

	hc := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := hc.Get(c.base + readyPath)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return c, nil
			}
		}
		select {
		case <-c.done:
			return nil, fmt.Errorf("%s exited before it was ready (%v): %s", name, c.err, c.tail())
		case <-ctx.Done():
			c.kill()
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			c.kill()
			return nil, fmt.Errorf("%s did not answer %s within 30s: %s", name, readyPath, c.tail())
		}
	}
}

// kill sends SIGKILL, the crash the durability check is about, and waits for the process to go.
func (c *child) kill() {
	c.cmd.Process.Kill()
	<-c.done
}

// stop asks the child to shut down cleanly (so a CPU profile gets written), killing it if it
// takes too long.
func (c *child) stop() error {
	select {
	case <-c.done:
		return fmt.Errorf("%s had already exited (%v): %s", c.name, c.err, c.tail())
	default:
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
		return nil
	case <-time.After(15 * time.Second):
		c.kill()
		return fmt.Errorf("%s ignored SIGTERM for 15s and was killed", c.name)
	}
}

// tail is the end of the child's log, for error messages.
func (c *child) tail() string {
	b, _ := os.ReadFile(c.log)
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return strings.TrimSpace(string(b))
}

// freeAddr picks a loopback port that is free now. Another process could take it before the
// child listens; on a bench machine that is rare enough not to design around.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr, nil
}

// cannedResponse is what the bare handler replays: the status line aside, exactly what Parley
// answered for the page.
type cannedResponse struct {
	Header http.Header `json:"header"`
	Body   []byte      `json:"body"`
}

func saveCanned(path string, h http.Header, body []byte) error {
	keep := http.Header{}
	for k, v := range h {
		// Date is written by net/http itself on both sides.
		if k != "Date" {
			keep[k] = v
		}
	}
	b, err := json.Marshal(cannedResponse{Header: keep, Body: body})
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// benchBareServe is the reference side of the read comparison: a plain net/http server that
// answers every request with the bytes Parley served for the page, straight from memory.
func benchBareServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "bench --bare-serve", "bench --bare-serve FILE --addr ADDR (internal)")
	file := fs.String("bare-serve", "", "canned response to serve")
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	b, err := os.ReadFile(*file)
	if err != nil {
		return err
	}
	var cr cannedResponse
	if err := json.Unmarshal(b, &cr); err != nil {
		return fmt.Errorf("%s: %w", *file, err)
	}
	h := func(w http.ResponseWriter, r *http.Request) {
		for k, v := range cr.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(http.StatusOK)
		w.Write(cr.Body)
	}
	return serveUntilDone(ctx, e, *addr, http.HandlerFunc(h))
}

func serveUntilDone(ctx context.Context, e *env, addr string, h http.Handler) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	fmt.Fprintln(e.stderr, "bare server listening on", ln.Addr())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// benchProfiledServe runs the ordinary serve command under a CPU profile, so a slow figure can be
// explained without changing serve itself. The profile is written when serve returns (SIGTERM).
func benchProfiledServe(ctx context.Context, e *env, args []string) error {
	if len(args) < 2 {
		return errors.New("bench --serve-profiled FILE serve [serve flags]")
	}
	out, rest := args[1], args[2:]
	if len(rest) == 0 || rest[0] != "serve" {
		return errors.New("bench --serve-profiled FILE must be followed by serve and its flags")
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	err = cmdServe(ctx, e, rest[1:])
	pprof.StopCPUProfile()
	return err
}

// hiddenBenchMode recognises the bench's internal child modes, which are not meant for people and
// so are kept out of "parley bench --help".
func hiddenBenchMode(args []string) func(context.Context, *env, []string) error {
	if len(args) == 0 {
		return nil
	}
	switch args[0] {
	case "--bare-serve", "-bare-serve":
		return benchBareServe
	case "--serve-profiled", "-serve-profiled":
		return benchProfiledServe
	}
	return nil
}

// absPath makes a flag's path absolute so it means the same thing to a child process.
func absPath(p string) string {
	if p == "" {
		return ""
	}
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
