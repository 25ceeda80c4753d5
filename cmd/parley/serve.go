package main

import (
	"context"
	"errors"
)

func cmdServe(ctx context.Context, e *env, args []string) error {
	return errors.New("serve: not built yet")
}
func cmdMigrate(ctx context.Context, e *env, args []string) error {
	return errors.New("migrate: not built yet")
}
func cmdBench(ctx context.Context, e *env, args []string) error {
	return errors.New("bench: not built yet")
}
