package fit

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pipesim/pipesim/sim"
)

// Options say how to read an export.
type Options struct {
	Format     string   // one of Formats; "" is auto
	StageMap   StageMap // nil: the format's default (the model's stage names, or Salesforce's or HubSpot's default pipeline)
	NoDecision []string // loss reasons that mean no decision; none: nd_share is kept from the base
	// Opportunities is an optional Salesforce Opportunity export (owners, loss reasons).
	Opportunities     io.Reader
	OpportunitiesName string
}

// Estimate is one fitted scenario value with its 95% interval.
type Estimate struct {
	Key    string  `json:"key"`   // the scenario key path, as --set takes it: "dwell.2", "acv"
	Value  float64 `json:"value"` // the fitted value, within the key's allowed range
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
	N      int     `json:"n"`    // the deals or exits behind it
	Of     string  `json:"of"`   // what N counts
	How    string  `json:"how"`  // the interval's method
	Kept   bool    `json:"kept"` // not estimable from this export: the base's value stays
	Note   string  `json:"note,omitempty"`
	Base   float64 `json:"base"` // the base preset's value
	Thin   bool    `json:"thin"` // under MinExits exits behind a stage value
	Capped bool    `json:"capped,omitempty"`
}

// MinExits is the number of exits below which a stage's estimates are flagged as thin.
const MinExits = 30

// Result is a fitted history.
type Result struct {
	Format    string                     `json:"format"`
	First     time.Time                  `json:"first"`
	Last      time.Time                  `json:"last"`
	Weeks     float64                    `json:"weeks"` // length of the history
	Stages    [sim.NumStages]StageCounts `json:"stages"`
	Counts    Counts                     `json:"counts"`
	Owners    int                        `json:"owners"`
	Cycle     float64                    `json:"cycle_weeks"` // mean weeks from first row to win
	Estimates []Estimate                 `json:"estimates"`
	Warnings  []string                   `json:"warnings"`
	base      sim.Scenario
}

// Fit reads an export from r (named file in messages) and fits the market on top of base.
// Bad input is an error of sim.KindInput naming the row and column.
func Fit(file string, r io.Reader, base sim.Scenario, o Options) (*Result, error) {
	t, err := openTable(file, r)
	if err != nil {
		return nil, err
	}
	format := o.Format
	if format == "" || format == "auto" {
		if format, err = detect(t); err != nil {
			return nil, err
		}
	} else if !slices.Contains(Formats, format) {
		return nil, sim.Errorf(sim.KindInput, "--format", "%q is unknown; want %s", Excerpt(format), strings.Join(Formats, ", "))
	}
	m := o.StageMap
	if m == nil {
		m = defaultMap(format)
	}
	h := newHistory(o.NoDecision)
	switch format {
	case "stages":
		err = readStages(t, m, h)
	case "salesforce":
		var opps map[string]opportunity
		if o.Opportunities != nil {
			if opps, err = readOpportunities(o.OpportunitiesName, o.Opportunities); err != nil {
				return nil, err
			}
		}
		err = readSalesforce(t, m, opps, h)
	case "hubspot":
		err = readHubspot(t, m, h)
	}
	if err != nil {
		return nil, err
	}
	if h.counts.Deals == 0 {
		return nil, inputErr(file, 0, "", "has a header but no deals")
	}
	h.finish()
	res := &Result{Format: format, Stages: h.stages, Counts: h.counts, Owners: len(h.owners), base: base,
		First: time.Unix(h.first, 0).UTC(), Last: time.Unix(h.last, 0).UTC()}
	// Dates are days: a history from the 1st to the 7th covers a week.
	res.Weeks = weeks(h.first, h.last) + 1.0/7
	if h.cycleN > 0 {
		res.Cycle = h.cycleWeeks / float64(h.cycleN)
	}
	res.estimate(h, o)
	return res, nil
}

// z95 is the two-sided 95% level.
const alpha = 0.05

func (r *Result) estimate(h *history, o Options) {
	b := &r.base
	for st := range sim.NumStages {
		c := h.stages[st]
		name := sim.Stage(st).String()
		exits := c.Exits()
		thin := exits < MinExits
		if thin {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s: only %d exits (under %d); its estimates are rough", name, exits, MinExits))
		}
		conv := Estimate{Key: fmt.Sprintf("conv.%d", st), N: exits, Of: "exits", How: "Clopper-Pearson", Base: b.Conv[st], Thin: thin}
		dwell := Estimate{Key: fmt.Sprintf("dwell.%d", st), N: exits, Of: "exits", Base: b.Dwell[st], Thin: thin}
		if exits == 0 {
			conv.Kept, dwell.Kept = true, true
			conv.Note, dwell.Note = "no exits", "no exits"
		} else {
			conv.Value = float64(c.Advanced) / float64(exits)
			conv.Lo, conv.Hi = clopperPearson(float64(c.Advanced), float64(exits))
			dwell.How, dwell.Value, dwell.Lo, dwell.Hi = dwellInterval(float64(exits), c.Weeks)
		}
		nonAdv := c.Lost + c.NoDecision
		nd := Estimate{Key: fmt.Sprintf("nd_share.%d", st), N: nonAdv, Of: "losses", How: "Clopper-Pearson", Base: b.NDShare[st], Thin: thin}
		switch {
		case len(h.noDecision) == 0:
			nd.Kept, nd.Note = true, "no --no-decision reasons"
		case nonAdv == 0:
			nd.Kept, nd.Note = true, "no losses"
		default:
			nd.Value = float64(c.NoDecision) / float64(nonAdv)
			nd.Lo, nd.Hi = clopperPearson(float64(c.NoDecision), float64(nonAdv))
		}
		r.Estimates = append(r.Estimates, conv, dwell, nd)
	}
	// Arrivals: deals created per owner per week, a Poisson rate over owner-weeks.
	owners := max(1, len(h.owners))
	exposure := float64(owners) * r.Weeks
	n := float64(h.counts.Deals)
	lo, hi := garwood(n)
	r.Estimates = append(r.Estimates,
		Estimate{Key: "new_opps", Value: n / exposure, Lo: lo / exposure, Hi: hi / exposure, N: h.counts.Deals, Of: "deals", How: "exact Poisson", Base: b.NewOpps},
		Estimate{Key: "reps", Value: float64(owners), Lo: float64(owners), Hi: float64(owners), N: h.counts.Deals, Of: "deals", How: "counted", Base: float64(b.Reps),
			Kept: len(h.owners) == 0, Note: noteIf(len(h.owners) == 0, "no owner column")})
	r.Estimates = append(r.Estimates, acvEstimates(h.wonValues, b)...)
	if len(h.noDecision) == 0 {
		r.Warnings = append(r.Warnings, "nd_share is kept from the base: name the loss reasons that mean no decision with --no-decision")
	}
	for i := range r.Estimates {
		r.Estimates[i].clamp()
		if r.Estimates[i].Kept {
			r.Estimates[i].Value, r.Estimates[i].Lo, r.Estimates[i].Hi = r.Estimates[i].Base, math.NaN(), math.NaN()
		}
	}
}

func noteIf(c bool, s string) string {
	if c {
		return s
	}
	return ""
}

// clamp keeps a value within its key's allowed range, marking it capped.
func (e *Estimate) clamp() {
	key, _, _ := strings.Cut(e.Key, ".")
	for _, p := range sim.Params() {
		if p.Key == key {
			if e.Value < p.Min || e.Value > p.Max {
				e.Capped = true
				e.Value = math.Min(math.Max(e.Value, p.Min), p.Max)
			}
			return
		}
	}
}

// clopperPearson is the exact binomial 95% interval of x successes in n trials (n may be a
// real number of trials: deal-weeks).
func clopperPearson(x, n float64) (lo, hi float64) {
	lo, hi = 0, 1
	if x > 0 {
		lo = distuv.Beta{Alpha: x, Beta: n - x + 1}.Quantile(alpha / 2)
	}
	if x < n {
		hi = distuv.Beta{Alpha: x + 1, Beta: n - x}.Quantile(1 - alpha/2)
	}
	return lo, hi
}

// garwood is the exact 95% interval of a Poisson count n.
func garwood(n float64) (lo, hi float64) {
	if n > 0 {
		lo = distuv.ChiSquared{K: 2 * n}.Quantile(alpha/2) / 2
	}
	hi = distuv.ChiSquared{K: 2*n + 2}.Quantile(1-alpha/2) / 2
	return lo, hi
}

// dwellInterval turns exits over deal-weeks at risk into a mean dwell and its interval. The
// model draws each stay week by week, so each deal-week at risk is a trial whose chance of an
// exit is 1/dwell: the exact binomial interval of that chance. Where stays are shorter than
// a week (fewer deal-weeks than exits), the exits are a Poisson count over the deal-weeks.
func dwellInterval(exits, dealWeeks float64) (how string, value, lo, hi float64) {
	value = dealWeeks / exits
	if dealWeeks >= exits+1 {
		plo, phi := clopperPearson(exits, dealWeeks)
		return "Clopper-Pearson on weeks", value, 1 / phi, 1 / plo
	}
	nlo, nhi := garwood(exits)
	return "exact Poisson", value, dealWeeks / nhi, dealWeeks / nlo
}

// bootstrapRuns and bootstrapSeed fix the bootstrap, so the same export gives the same interval.
const (
	bootstrapRuns = 1000
	bootstrapSeed = 16
)

// acvEstimates fits a lognormal to the won deals' values: acv_sigma is the sd of the log
// values (chi-square interval), acv the lognormal mean exp(mu + sigma^2/2) (bootstrap over won
// deals, as it has no closed-form interval).
func acvEstimates(values []float64, b *sim.Scenario) []Estimate {
	n := len(values)
	acv := Estimate{Key: "acv", N: n, Of: "won deals", How: "bootstrap", Base: b.ACV}
	sig := Estimate{Key: "acv_sigma", N: n, Of: "won deals", How: "chi-square", Base: b.ACVSigma}
	if n < 2 {
		acv.Kept, sig.Kept = true, true
		acv.Note, sig.Note = "fewer than 2 won deals with an amount", "fewer than 2 won deals with an amount"
		return []Estimate{acv, sig}
	}
	logs := make([]float64, n)
	for i, v := range values {
		logs[i] = math.Log(v)
	}
	mean, variance := meanVar(logs)
	acv.Value = math.Exp(mean + float64(variance/2))
	sig.Value = math.Sqrt(variance)
	df := float64(n - 1)
	sig.Lo = math.Sqrt(df * variance / distuv.ChiSquared{K: df}.Quantile(1-alpha/2))
	sig.Hi = math.Sqrt(df * variance / distuv.ChiSquared{K: df}.Quantile(alpha/2))
	rng := rand.New(rand.NewPCG(bootstrapSeed, uint64(n)))
	boot := make([]float64, bootstrapRuns)
	for k := range boot {
		var s, s2 float64
		for range n {
			x := logs[rng.IntN(n)]
			s += x
			s2 += float64(x * x)
		}
		m := s / float64(n)
		v := max(0, (s2-float64(float64(n)*m*m))/df)
		boot[k] = math.Exp(m + float64(v/2))
	}
	slices.Sort(boot)
	acv.Lo, acv.Hi = boot[int(alpha/2*bootstrapRuns)], boot[int((1-alpha/2)*bootstrapRuns)-1]
	return []Estimate{acv, sig}
}

func meanVar(xs []float64) (mean, variance float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		variance += float64((x - mean) * (x - mean))
	}
	return mean, variance / float64(len(xs)-1)
}

// Scenario is the base with the fitted values set, to four significant digits; kept values
// stay the base's.
func (r *Result) Scenario() (sim.Scenario, error) {
	s := r.base.Clone()
	for _, e := range r.Estimates {
		if e.Kept {
			continue
		}
		// Four significant digits: far finer than any interval, and short in a link or a form.
		v := strconv.FormatFloat(e.Value, 'g', 4, 64)
		if e.Key == "reps" {
			v = fmt.Sprint(int(math.Round(e.Value)))
		}
		if err := s.Set(e.Key, v); err != nil {
			return sim.Scenario{}, err
		}
	}
	return s, s.Validate()
}
