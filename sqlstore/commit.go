package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
)

// SQLite has one writer. Posts arriving together would each pay for their own BEGIN and COMMIT
// while the others wait; instead, the jobs waiting when the writer frees up run in one
// transaction, each inside a savepoint so that one job's failure undoes only that job. Every
// caller is answered after the commit that holds its write, so an acknowledged write is
// durable: nothing is acknowledged early.

const maxBatch = 64

type commitJob struct {
	ctx  context.Context
	fn   func(context.Context, *sql.Tx) error
	done chan error
}

func (s *Store) commitLoop() {
	defer close(s.done)
	batch := make([]*commitJob, 0, maxBatch)
	for {
		select {
		case j := <-s.jobs:
			batch = append(batch[:0], j)
		case <-s.quit:
			return
		}
	fill:
		for len(batch) < maxBatch {
			select {
			case j := <-s.jobs:
				batch = append(batch, j)
			default:
				break fill
			}
		}
		s.runBatch(batch)
	}
}

func (s *Store) stopCommitter() {
	select {
	case <-s.quit:
	default:
		close(s.quit)
	}
	<-s.done
}

// runBatch commits a batch. Jobs run with contexts that cannot be cancelled: interrupting a
// statement makes SQLite roll back the whole transaction, which would take the other jobs' work
// with it. A job whose caller gave up before it started is skipped.
func (s *Store) runBatch(batch []*commitJob) {
	errs := make([]error, len(batch))
	finish := func(err error) {
		for i, j := range batch {
			if errs[i] == nil {
				errs[i] = err
			}
			j.done <- mapErr(errs[i])
		}
	}
	tx, err := s.write.BeginTx(context.Background(), nil)
	if err != nil {
		finish(fmt.Errorf("begin: %w", err))
		return
	}
	single := len(batch) == 1
	for i, j := range batch {
		if err := j.ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		ctx := context.WithoutCancel(j.ctx)
		if single { // no savepoint needed: the transaction is the job's alone
			errs[i] = j.fn(ctx, tx)
			break
		}
		if _, err := tx.ExecContext(ctx, "SAVEPOINT job"); err != nil {
			tx.Rollback()
			finish(fmt.Errorf("savepoint: %w", err))
			return
		}
		if errs[i] = j.fn(ctx, tx); errs[i] != nil {
			if _, err := tx.ExecContext(ctx, "ROLLBACK TO job"); err != nil {
				tx.Rollback()
				finish(fmt.Errorf("roll back a failed write: %w", err))
				return
			}
		}
		if _, err := tx.ExecContext(ctx, "RELEASE job"); err != nil {
			tx.Rollback()
			finish(fmt.Errorf("release savepoint: %w", err))
			return
		}
	}
	if single && errs[0] != nil {
		tx.Rollback()
		finish(nil)
		return
	}
	if err := tx.Commit(); err != nil {
		finish(fmt.Errorf("commit: %w", err))
		return
	}
	finish(nil)
}
