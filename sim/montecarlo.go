package sim

// docs/model.md, "Monte Carlo and determinism": batches of runs.

import (
	"context"
	"fmt"
	"runtime"
	"sync"
)

// Batch describes a Monte Carlo batch: Runs paired runs of a scenario, run i seeded by
// RunSeed(Seed, First+i), so a batch's numbers depend on neither Workers nor the platform.
type Batch struct {
	Runs    int
	Seed    uint64
	First   int // index of the first run: a shard of a larger batch starts past 0
	Workers int // 0 means one per CPU

	// Progress, if set, is called after each chunk of runs with the runs done so far.
	Progress func(done, total int)
	// Each, if set, sees every run's result in run order (for per-run output files).
	Each func(run int, r *Result) error
	// Enough, if set, is asked after every CheckEvery runs (in run order) whether to stop early.
	Enough     func(a *Aggregate) bool
	CheckEvery int
}

// chunkRuns is how many consecutive runs a worker takes at once: large enough to keep
// hand-offs rare, small enough for smooth progress and early stopping.
const chunkRuns = 16

// Run runs the batch on a validated scenario and returns its aggregate. Results are added in
// run order whatever order workers finish in, so the aggregate is identical for any number of
// workers. A cancelled context stops the workers promptly with an error of KindCanceled.
func (b Batch) Run(ctx context.Context, s *Scenario) (*Aggregate, error) {
	if b.Runs < 1 {
		return nil, Errorf(KindInput, "runs", "%d is out of range; allowed at least 1", b.Runs)
	}
	workers := b.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	m := compile(s)
	agg := NewAggregate(s)
	agg.reserve(b.Runs)
	chunks := (b.Runs + chunkRuns - 1) / chunkRuns
	workers = min(workers, chunks)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// window bounds how far workers may run ahead of the in-order collector.
	window := make(chan struct{}, 4*workers)
	jobs := make(chan int)
	done := make(chan chunkResult, workers)
	var wg sync.WaitGroup
	go func() {
		defer close(jobs)
		for c := range chunks {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- c:
			case <-ctx.Done():
				return
			}
		}
	}()
	// A run that outgrows its budget stops the batch with that error. A panic in a worker is a
	// bug, not bad input: it stops the batch and comes back as an error of KindOther rather than
	// killing the process from a goroutine nobody can recover.
	var failure struct {
		sync.Once
		err error
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run := -1
			defer func() {
				if r := recover(); r != nil {
					failure.Do(func() {
						failure.err = &Error{Kind: KindOther, Err: fmt.Errorf("internal error in run %d (seed %d): %v", b.First+run, RunSeed(b.Seed, b.First+run), r)}
					})
					cancel()
				}
			}()
			w := newWorld(m) // reused run after run
			for c := range jobs {
				lo := c * chunkRuns
				hi := min(lo+chunkRuns, b.Runs)
				res := make([]Result, 0, hi-lo)
				for i := lo; i < hi; i++ {
					run = i
					if !w.runUntil(ctx, RunSeed(b.Seed, b.First+i)) {
						if w.err != nil {
							failure.Do(func() { failure.err = w.err })
							cancel()
						}
						return
					}
					res = append(res, w.Result())
				}
				select {
				case done <- chunkResult{c, res}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()

	err := b.collect(ctx, agg, done, window, chunks)
	cancel()
	for range done { // let workers finish their hand-offs
	}
	if failure.err != nil {
		return nil, failure.err
	}
	if err != nil {
		return nil, err
	}
	return agg, nil
}

type chunkResult struct {
	index   int
	results []Result
}

// collect adds chunks to the aggregate in chunk order, holding early arrivals until their turn.
func (b Batch) collect(ctx context.Context, agg *Aggregate, done <-chan chunkResult, window chan struct{}, chunks int) error {
	pending := map[int][]Result{}
	next := 0
	for next < chunks {
		var cr chunkResult
		var ok bool
		select {
		case cr, ok = <-done:
		case <-ctx.Done():
			return canceled(ctx)
		}
		if !ok {
			return canceled(ctx)
		}
		pending[cr.index] = cr.results
		for rs, ok := pending[next]; ok; rs, ok = pending[next] {
			delete(pending, next)
			<-window
			for i := range rs {
				run := next*chunkRuns + i
				agg.Add(&rs[i])
				if b.Each != nil {
					if err := b.Each(b.First+run, &rs[i]); err != nil {
						return err
					}
				}
				if b.Enough != nil && b.CheckEvery > 0 && (run+1)%b.CheckEvery == 0 && b.Enough(agg) {
					return nil
				}
			}
			next++
			if b.Progress != nil {
				b.Progress(agg.Runs, b.Runs)
			}
		}
	}
	return nil
}

func canceled(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return &Error{Kind: KindCanceled, Err: err}
	}
	return &Error{Kind: KindCanceled, Err: context.Canceled}
}
