package main

import (
	"context"
	"errors"
)

// Placeholders until the toxicity package lands; they keep the command table stable.
func cmdScore(ctx context.Context, e *env, args []string) error {
	return errors.New("score: not built yet")
}
func cmdTrain(ctx context.Context, e *env, args []string) error {
	return errors.New("train: not built yet")
}
func cmdEval(ctx context.Context, e *env, args []string) error {
	return errors.New("eval: not built yet")
}
