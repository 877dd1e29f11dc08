package sim

import "context"

// RunEvents steps a paired run week by week, handing each event to each in order; its result is
// the same as Run's for the seed. It stops when ctx ends (KindCanceled) or each fails.
func RunEvents(ctx context.Context, s *Scenario, seed uint64, each func(e Event) error) (Result, error) {
	world := NewWorld(s, seed)
	for world.Step() {
		if ctx.Err() != nil {
			return Result{}, Errorf(KindCanceled, "", "interrupted; nothing written")
		}
		for _, e := range world.Events() {
			if err := each(e); err != nil {
				return Result{}, err
			}
		}
	}
	return world.Result(), nil
}
