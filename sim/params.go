package sim

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode"

	"github.com/pipesim/pipesim/sim/format"
)

// Param documents one scenario key: its allowed range, meaning and source. The same table
// validates scenarios, parses --set and URL overrides, and writes the parameter table of the docs.
type Param struct {
	Key      string // the leaf key as in the scenario file
	Min, Max float64
	Doc      string
	Source   string
}

// Params lists every numeric key of a scenario in file order. Per-stage keys cover all four
// stages; strategy keys apply to both strategies; team keys to each team.
func Params() []Param { return paramList }

var paramList = []Param{
	{"weeks", 1, 1040, "weeks simulated (13 a quarter)", "assumption"},
	{"reps", 1, 1000, "reps in each team", "assumption"},
	{"substeps", 1, 16, "draws per week in each stage (for fast-moving deals)", "modelling choice"},
	{"acv", 1, 1e9, "mean deal value", "assumption"},
	{"acv_sigma", 0, 3, "log-sd of the lognormal deal value", "assumption"},
	{"conv", 0, 1, "stage conversion of an average seller (advance given the deal leaves)", "21-29% win rate from qualified (published benchmarks)"},
	{"dwell", 0.1, 520, "mean weeks in stage", "Bridge Group: median cycle about 60 days"},
	{"nd_share", 0, 1, "share of non-advancing exits that are no-decisions", "Dixon & McKenna: 40-60% of pipeline ends in no decision"},
	{"new_opps", 0, 50, "new qualified opportunities per rep per week", "assumption"},
	{"capacity", 1, 1000, "open opportunities a rep can hold; more are dropped", "assumption"},
	{"complexity", 0, 5, "scales the conversion and no-decision multipliers", "assumption"},
	{"stall_after", 0.5, 100, "a deal is stalled past this many mean dwells in its stage", "display choice"},
	{"adherence", 0, 1, "0 goal-oriented, 1 process-oriented", "definition"},
	{"new_mult", 0, 5, "arrival multiplier", "Chung et al. 2014 (goals raise effort); size assumed"},
	{"dwell_mult", 0.1, 10, "dwell multiplier per stage", "assumption"},
	{"conv_mult", 0, 5, "conversion multiplier per stage (conversion capped at 0.97)", "assumption"},
	{"nd_mult", 0, 5, "no-decision share multiplier per stage", "Dixon & McKenna (pressure backfires)"},
	{"tau0", 0, 1, "trust of a new customer", "assumption"},
	{"trust_gain", 0, 1, "weekly trust growth toward the cap", "assumption"},
	{"trust_cap", 0, 1, "highest trust the strategy reaches", "assumption"},
	{"miss_weight", 0, 10, "weight of the stress from a missed quota", "assumption"},
	{"quarter_end_games", 0, 1, "weight of quarter-end pushes, sandbagging and giving up", "assumption"},
	{"trust_adv", 0, 5, "conversion x(1 + trust_adv*trust)", "Doney & Cannon 1997 (small effect)"},
	{"trust_loss", 0, 1, "competitive loss x(1 - trust_loss*trust)", "assumption"},
	{"trust_nd", 0, 1, "no-decision share x(1 - trust_nd*trust)", "assumption"},
	{"pref_tau", 0, 1, "trust from which an account is in preferred position", "assumption"},
	{"pref_loss_mult", 0, 5, "competitive loss multiplier in preferred position", "assumption"},
	{"churn_hi", 0, 1, "annual churn probability at trust 0", "assumption"},
	{"churn_lo", 0, 1, "annual churn probability at trust 1", "assumption"},
	{"repeat_max", 0, 52, "repeat opportunities per account per year at trust 1", "assumption"},
	{"repeat_acv_mult", 0, 10, "repeat deal value as a share of a fresh deal", "assumption"},
	{"repeat_conv_mult", 0, 5, "conversion multiplier of repeat deals", "assumption"},
	{"referral_max", 0, 52, "referrals per account per year at trust 1", "assumption"},
	{"referral_conv_mult", 0, 5, "conversion multiplier of referrals in the first two stages", "assumption"},
	{"init_customers", 0, 200, "customers per rep at week 0", "assumption"},
	{"init_tau", 0, 1, "trust of the initial customers", "assumption"},
	{"quota_mult", 0, 10, "quota relative to an average rep's expected bookings", "assumption"},
	{"push_weeks", 0, 13, "weeks at the end of a quarter in which quarter-end games run", "assumption"},
	{"pull_adv", 0, 20, "advance multiplier at Proposal and Negotiation while pushing", "Krogue 2017: 3x closes at period end"},
	{"pull_loss", 0, 20, "loss and no-decision multiplier while pushing", "Krogue 2017: 11x losses at period end"},
	{"disc_lo", 0, 1, "lowest discount on a pulled win", "Larkin 2014: 6-8% of revenue lost to timing games"},
	{"disc_hi", 0, 1, "highest discount on a pulled win", "Larkin 2014"},
	{"giveup_ratio", 0, 100, "push while the gap is at most giveup_ratio x 0.3 x late pipeline", "assumption"},
	{"sandbag_hold", 0, 5, "Negotiation advance multiplier when sandbagging or giving up", "assumption"},
	{"learned_wait", 0, 1, "advance reduction for customers who wait for discounts", "assumption"},
	{"wait_prob", 0, 1, "chance a discounted customer learns to wait", "assumption"},
	{"wait_trust_hit", 0, 1, "trust lost by a customer that learns to wait", "assumption"},
	{"push_neglect", 0, 1, "share of new leads a pushing rep neglects", "assumption"},
	{"giveup_coast", 0, 1, "share of new leads a rep who gave up neglects", "assumption"},
	{"quit_base", 0, 1, "annual quit probability without stress", "assumption, calibrated to 30-35% turnover"},
	{"stress_decay", 0, 1, "weekly stress retention", "assumption"},
	{"stress_push", 0, 100, "stress added per push week", "assumption"},
	{"stress_miss", 0, 100, "stress added by a quarter below 80% of quota", "assumption"},
	{"stress_eta", 0, 5, "quit hazard x exp(stress_eta*stress)", "assumption"},
	{"ramp_weeks", 0, 520, "weeks a new hire takes to reach full productivity", "assumption"},
	{"ramp_start", 0, 1, "a new hire's starting productivity", "assumption"},
	{"relationship_personal", 0, 1, "share of trust a customer loses when its rep quits", "assumption"},
	{"quit_nd_prob", 0, 1, "chance each open deal of a leaver ends in no decision", "assumption"},
}

var paramByKey = func() map[string]Param {
	m := make(map[string]Param, len(paramList))
	for _, p := range paramList {
		m[p.Key] = p
	}
	return m
}()

const maxNameLen = 40

// Validate checks every value against its documented range and the few rules that join two
// values. The error names the field, the value and what is allowed.
func (s *Scenario) Validate() error {
	if len(s.Teams) != 2 {
		return Errorf(KindInput, "teams", "need exactly 2 teams (A and B), got %d", len(s.Teams))
	}
	for i, t := range s.Teams {
		if t.Name == "" || len([]rune(t.Name)) > maxNameLen || strings.ContainsFunc(t.Name, unicode.IsControl) {
			return Errorf(KindInput, fmt.Sprintf("teams[%d].name", i), "want 1 to %d printable characters, got %q", maxNameLen, Excerpt(t.Name))
		}
	}
	err := s.Leaves(func(l Leaf) error {
		if l.Kind == Text {
			return nil
		}
		p, ok := l.Param()
		for i, x := range l.Values() {
			where := l.Where(-1)
			if l.Kind == Stages {
				where = l.Where(i)
			}
			if !ok {
				return Errorf(KindOther, where, "no documented range")
			}
			if math.IsNaN(x) || math.IsInf(x, 0) || x < p.Min || x > p.Max {
				return Errorf(KindInput, where, "%s is out of range; allowed %s to %s", plain(x), plain(p.Min), plain(p.Max))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if s.DiscLo > s.DiscHi {
		return Errorf(KindInput, "disc_lo", "%s is above disc_hi (%s); allowed 0 to disc_hi", plain(s.DiscLo), plain(s.DiscHi))
	}
	if s.Base != "" {
		if _, err := LookupPreset(s.Base); err != nil {
			return err
		}
	}
	return s.checkBudget()
}

// fmtNum writes a value so that ParseFloat reads back the same bits (overrides, links).
func fmtNum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// plain writes a value for people: whole numbers with thousands separators, others without
// exponents where that stays short.
func plain(x float64) string {
	ax := math.Abs(x)
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return fmtNum(x)
	case x == math.Trunc(x) && ax < 1e15:
		sign := ""
		if x < 0 {
			sign = "-"
		}
		return sign + format.Count(int(ax))
	case ax >= 1e-4 && ax < 1e15:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmtNum(x)
}

// suggest names the closest known key, to turn a typo into a fix.
func suggest(v reflect.Value, key string) string {
	best, bestD := "", 3
	t := v.Type()
	for i := range t.NumField() {
		k := jsonKey(t.Field(i))
		if d := editDistance(k, key); d < bestD && k != "base" {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Override is one key path and value that a scenario changes relative to its base preset.
type Override struct{ Key, Value string }

// Overrides lists what s changes relative to its base preset, in file order, in the form
// Set accepts. Applying them to the preset gives back s exactly (floats round-trip).
func (s *Scenario) Overrides() []Override {
	base, err := LookupPreset(s.baseName())
	if err != nil {
		base = defaults()
	}
	byPath := map[string]Leaf{}
	base.Leaves(func(l Leaf) error {
		byPath[l.Path] = l
		return nil
	})
	var out []Override
	s.Leaves(func(l Leaf) error {
		if b, ok := byPath[l.Path]; ok && l.equal(b) || !ok && l.isZero() {
			return nil
		}
		out = append(out, Override{l.Path, l.String()})
		return nil
	})
	return out
}

func (s *Scenario) baseName() string {
	if s.Base == "" {
		return DefaultPreset
	}
	return s.Base
}
