package experiment

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/stats"
)

// DefaultSensitivityKeys are the assumptions Sensitivity varies when given none: the numeric
// values most likely to decide which team earns more, all unmeasured or measured only roughly
// (see docs/model.md). Per-stage lists such as conv are scaled as a whole.
var DefaultSensitivityKeys = []string{
	"new_opps", "strategies.goal.new_mult", "strategies.process.new_mult", "conv",
	"trust_adv", "trust_loss", "repeat_max", "referral_max", "churn_hi",
	"pull_adv", "disc_hi", "quit_base", "complexity", "quota_mult", "acv_sigma",
}

// Sensitivity measures how much each key moves the verdict: a paired batch with the scenario as
// given, then for each key one with it lowered by Range (x(1 - Range)) and one with it raised
// (x(1 + Range)), every batch on the same seeds. Keys are ranked by their swing in B/A mean net
// revenue; both ends' ratios are kept, so an effect in the same direction at both ends shows.
type Sensitivity struct {
	Keys    []string // scenario keys as Set takes them; DefaultSensitivityKeys when empty
	Range   float64  // the share each key is lowered and raised by, in (0, 1)
	Runs    int      // paired runs per batch
	Seed    uint64
	Workers int
	// Progress, if set, is told the runs done so far over all batches and their total.
	Progress func(done, total int)
	first    int // of a chunk: the place of its first key among all the keys
}

// SensitivityParam is one key of the analysis: its values as given, lowered and raised and,
// once run, the mean net revenues and B/A at each end.
type SensitivityParam struct {
	Key     string
	Stages  bool      // a per-stage list, scaled as a whole
	Given   []float64 // one value, or one per stage
	Low     []float64
	High    []float64
	Note    string        // why it was skipped, or where its range clamped it
	Skip    bool          // 0, which scaling cannot change: not run
	Revenue [2][2]float64 // [lowered, raised][team A, team B] mean net revenue
	Ratio   [2]float64    // B/A lowered, raised
	scen    [2]sim.Scenario
	Order   int // place in the keys as given, across the chunks of a joined analysis
}

// Swing is |B/A raised - B/A lowered|.
func (p *SensitivityParam) Swing() float64 { return math.Abs(p.Ratio[1] - p.Ratio[0]) }

// Label is a value for tables and charts at one end (0 lowered, 1 raised): the number, or for a
// per-stage list the factor it was scaled by.
func (p *SensitivityParam) Label(end int, r float64) string {
	if p.Stages {
		return "×" + num(1+float64(r*float64(2*end-1)))
	}
	return num([2][]float64{p.Low, p.High}[end][0])
}

// SensitivityResult is a finished analysis: B/A as given and the keys, ranked by swing
// (largest first, undefined swings last), then the skipped ones in the order given.
type SensitivityResult struct {
	Range                   float64
	Runs                    int
	Seed                    uint64
	BaseA, BaseB, BaseRatio float64
	Params                  []*SensitivityParam
	Ranked                  []*SensitivityParam // Params without the skipped ones
}

// Batches resolves the keys on s and counts the batches Run will take; the error names the
// first key that cannot be varied.
func (x Sensitivity) Batches(s *sim.Scenario) (int, error) {
	params, err := x.resolve(s)
	if err != nil {
		return 0, err
	}
	return batches(params), nil
}

func batches(params []*SensitivityParam) int {
	n := 1
	for _, p := range params {
		if !p.Skip {
			n += 2
		}
	}
	return n
}

func (x Sensitivity) resolve(s *sim.Scenario) ([]*SensitivityParam, error) {
	if !(x.Range > 0 && x.Range < 1) {
		return nil, sim.Errorf(sim.KindInput, "range", "%s is out of range; want a share between 0 and 1 (exclusive)", num(x.Range))
	}
	keys := x.Keys
	if len(keys) == 0 {
		keys = DefaultSensitivityKeys
	}
	var params []*SensitivityParam
	for _, k := range keys {
		p, err := resolveParam(s, strings.TrimSpace(k), x.Range)
		if err != nil {
			return nil, err
		}
		p.Order = x.first + len(params)
		params = append(params, p)
	}
	return params, nil
}

// resolveParam finds key in s and works out its lowered and raised values. Errors name the key
// as their field.
func resolveParam(s *sim.Scenario, key string, r float64) (*SensitivityParam, error) {
	l, err := s.Get(key)
	if err != nil {
		return nil, sim.Errorf(sim.KindInput, key, "%w", err)
	}
	p := &SensitivityParam{Key: key, Given: l.Values()}
	switch l.Kind {
	case sim.Stages:
		p.Stages = true
	case sim.List:
		return nil, sim.Errorf(sim.KindInput, key, "is a list of %d, not a number; name one of its values, for example %s.0.adherence", l.Len(), sim.Excerpt(key))
	case sim.Group:
		return nil, sim.Errorf(sim.KindInput, key, "holds several values, not one number; name one of them, for example %s.%s", sim.Excerpt(key), l.FirstNumber())
	case sim.Text:
		return nil, sim.Errorf(sim.KindInput, key, "is text, not a number")
	}
	pr, ok := l.Param()
	if !ok {
		return nil, sim.Errorf(sim.KindOther, key, "no documented range for %s", l.Key)
	}
	if !slices.ContainsFunc(p.Given, func(x float64) bool { return x != 0 }) {
		p.Skip, p.Note = true, "skipped: it is 0, which scaling cannot change"
		return p, nil
	}
	clamped := false
	scaled := func(f float64) ([]float64, string) {
		var xs []float64
		var texts []string
		for _, x := range p.Given {
			y := x * f
			// Twelve digits drop the float noise of the product: 0.2 x 0.8 is 0.16, not 0.16000000000000003.
			y, _ = strconv.ParseFloat(strconv.FormatFloat(y, 'g', 12, 64), 64)
			if l.Kind == sim.Whole {
				y = math.Round(y)
			}
			if y < pr.Min || y > pr.Max {
				clamped = true
				y = min(max(y, pr.Min), pr.Max)
			}
			xs, texts = append(xs, y), append(texts, num(y))
		}
		return xs, strings.Join(texts, ",")
	}
	var sets [2]string
	p.Low, sets[0] = scaled(1 - r)
	p.High, sets[1] = scaled(1 + r)
	if clamped {
		p.Note = fmt.Sprintf("kept within its allowed range %s to %s", num(pr.Min), num(pr.Max))
	}
	for end, text := range sets {
		c := s.Clone()
		if err := c.Set(key, text); err != nil {
			return nil, sim.Errorf(sim.KindInput, key+" at "+text, "%w", err)
		}
		if err := c.Validate(); err != nil {
			if sim.IsInput(err) {
				return nil, &ScaledError{key, text, err}
			}
			return nil, err
		}
		p.scen[end] = c
	}
	return p, nil
}

// ScaledError is a key whose lowered or raised value the scenario does not allow.
type ScaledError struct {
	Key, At string // the key and the value tried, as Set takes it
	Err     error
}

func (e *ScaledError) Error() string { return fmt.Sprintf("%s at %s: %v", e.Key, e.At, e.Err) }
func (e *ScaledError) Unwrap() error { return e.Err }

// Run resolves the keys on a validated scenario, runs every batch and ranks the keys.
func (x Sensitivity) Run(ctx context.Context, s *sim.Scenario) (*SensitivityResult, error) {
	params, err := x.resolve(s)
	if err != nil {
		return nil, err
	}
	total := x.Runs * batches(params)
	done := 0
	batch := func(s *sim.Scenario) (a, b, ratio float64, err error) {
		offset := done
		bt := sim.Batch{Runs: x.Runs, Seed: x.Seed, Workers: x.Workers}
		if x.Progress != nil {
			bt.Progress = func(n, _ int) { x.Progress(offset+n, total) }
		}
		agg, err := bt.Run(ctx, s)
		if err != nil {
			return 0, 0, 0, err
		}
		done += x.Runs
		a, b, ratio = RatioBA(agg.Summarize())
		return a, b, ratio, nil
	}
	r := &SensitivityResult{Range: x.Range, Runs: x.Runs, Seed: x.Seed}
	if r.BaseA, r.BaseB, r.BaseRatio, err = batch(s); err != nil {
		return nil, err
	}
	for _, p := range params {
		if p.Skip {
			continue
		}
		for end := range 2 {
			if p.Revenue[end][0], p.Revenue[end][1], p.Ratio[end], err = batch(&p.scen[end]); err != nil {
				return nil, err
			}
		}
	}
	r.rank(params)
	return r, nil
}

// RatioBA is B's mean net revenue over A's, NaN when A earned nothing.
func RatioBA(sum sim.Summary) (a, b, ratio float64) {
	a, b = sum.Teams[0].Metrics["net_revenue"].Mean, sum.Teams[1].Metrics["net_revenue"].Mean
	if a <= 0 {
		return a, b, math.NaN()
	}
	return a, b, b / a
}

// rank orders the keys by swing, largest first and undefined swings last, keeping the given
// order among equals, with the skipped ones after them.
func (r *SensitivityResult) rank(params []*SensitivityParam) {
	var skipped []*SensitivityParam
	for _, p := range params {
		if p.Skip {
			skipped = append(skipped, p)
			continue
		}
		r.Ranked = append(r.Ranked, p)
	}
	slices.SortStableFunc(r.Ranked, func(a, b *SensitivityParam) int { return stats.Descending(a.Swing(), b.Swing()) })
	r.Params = append(slices.Clone(r.Ranked), skipped...)
}

// Notes says why keys were skipped or clamped, one line each.
func (r *SensitivityResult) Notes() []string {
	var notes []string
	for _, p := range r.Params {
		if p.Note != "" {
			notes = append(notes, fmt.Sprintf("%s: %s", p.Key, p.Note))
		}
	}
	return notes
}

// num writes a value as the shortest text that reads back to the same float, without exponent.
func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// Chunk is the k-th (from 0) of n contiguous parts of the keys x varies, for running an
// analysis on n workers at once; JoinSensitivity puts their results together.
func (x Sensitivity) Chunk(k, n int) Sensitivity {
	keys := x.Keys
	if len(keys) == 0 {
		keys = DefaultSensitivityKeys
	}
	x.first = k * len(keys) / n
	x.Keys = keys[x.first : (k+1)*len(keys)/n]
	return x
}

// JoinSensitivity puts together the results of an analysis's chunks, in chunk order, as the
// result of the whole analysis: every chunk ran the same base batch, and the keys are ranked
// anew, so the joined result equals the one of a single run. It returns nil without parts.
func JoinSensitivity(parts ...*SensitivityResult) *SensitivityResult {
	if len(parts) == 0 {
		return nil
	}
	r := *parts[0]
	r.Params, r.Ranked = nil, nil
	var all []*SensitivityParam
	for _, p := range parts {
		// Params lists a chunk's ranked keys first; its keys in the order given are needed.
		all = append(all, p.given()...)
	}
	r.rank(all)
	return &r
}

// given lists the result's keys in the order they were given.
func (r *SensitivityResult) given() []*SensitivityParam {
	out := slices.Clone(r.Params)
	slices.SortStableFunc(out, func(a, b *SensitivityParam) int { return a.Order - b.Order })
	return out
}
