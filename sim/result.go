package sim

// docs/model.md, "Outputs": a team's result.

// StageFunnel counts what happened in one stage over a run.
type StageFunnel struct {
	Entered      int     `json:"entered"`
	Advanced     int     `json:"advanced"`
	Lost         int     `json:"lost"`
	NoDecision   int     `json:"no_decision"`
	WeeksInStage float64 `json:"weeks_in_stage"` // deal-weeks at risk: one per weekly draw (1/substeps per sub-step)
}

// TeamResult is what one team achieved in one run.
type TeamResult struct {
	Name      string  `json:"name"`
	Adherence float64 `json:"adherence"`

	NetRevenue      float64             `json:"net_revenue"`
	ListRevenue     float64             `json:"list_revenue"`
	RevenueBySource [NumSources]float64 `json:"revenue_by_source"` // net, by new, repeat, referral

	Created      int `json:"created"`
	Wins         int `json:"wins"`
	Losses       int `json:"losses"`
	NoDecisions  int `json:"no_decisions"`
	Dropped      int `json:"dropped"`
	Stalled      int `json:"stalled"`
	OpenAtEnd    int `json:"open_at_end"`
	NewWins      int `json:"new_wins"`
	NewClosed    int `json:"new_closed"`
	NewNoDecided int `json:"new_no_decisions"`
	RepeatWins   int `json:"repeat_wins"`
	ReferralWins int `json:"referral_wins"`
	Referrals    int `json:"referrals"`

	WonWeeks float64 `json:"won_weeks"` // summed age of won deals, for the mean cycle

	Customers  int `json:"customers"` // active at the end
	Churned    int `json:"churned"`
	PreferredN int `json:"preferred"` // active accounts in preferred position at the end

	Quits              int `json:"quits"`
	RepQuarters        int `json:"rep_quarters"`
	RepQuartersAtQuota int `json:"rep_quarters_at_quota"`

	Weekly []float64              `json:"weekly"` // net revenue booked in each week
	Funnel [NumStages]StageFunnel `json:"funnel"`

	Reps  int `json:"reps"`  // seats in the team
	Weeks int `json:"weeks"` // weeks simulated
}

// Result is one paired run: the two teams in the same market with the same seed.
type Result struct {
	Seed  uint64        `json:"seed"`
	Weeks int           `json:"weeks"`
	Teams [2]TeamResult `json:"teams"`
}

// Discount leakage: the share of list revenue given away in discounts.
func (r *TeamResult) DiscountLeakage() float64 {
	return ratio(r.ListRevenue-r.NetRevenue, r.ListRevenue)
}

// WinRate is wins over all closed deals.
func (r *TeamResult) WinRate() float64 {
	return ratio(float64(r.Wins), float64(r.Wins+r.Losses+r.NoDecisions))
}

// NewLogoWinRate is the win rate of new (not repeat, not referral) opportunities.
func (r *TeamResult) NewLogoWinRate() float64 { return ratio(float64(r.NewWins), float64(r.NewClosed)) }

// NoDecisionRate is the share of closed new-logo deals that ended in no decision.
func (r *TeamResult) NoDecisionRate() float64 {
	return ratio(float64(r.NewNoDecided), float64(r.NewClosed))
}

// CycleDays is the mean age of won deals in days.
func (r *TeamResult) CycleDays() float64 { return 7 * ratio(r.WonWeeks, float64(r.Wins)) }

// Turnover is quits per rep seat per year.
func (r *TeamResult) Turnover() float64 {
	return ratio(float64(r.Quits)*52, float64(r.Reps*r.Weeks))
}

// QuotaAttainment is the share of completed rep-quarters at or above quota.
func (r *TeamResult) QuotaAttainment() float64 {
	return ratio(float64(r.RepQuartersAtQuota), float64(r.RepQuarters))
}

// Cumulative returns cumulative net revenue by week.
func (r *TeamResult) Cumulative() []float64 {
	c := make([]float64, len(r.Weekly))
	sum := 0.0
	for i, x := range r.Weekly {
		sum += x
		c[i] = sum
	}
	return c
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// Unit says how a metric is read and printed.
type Unit uint8

// Metric units.
const (
	Money Unit = iota
	Rate
	Count
	Days
)

// Metric is one per-run number that the Monte Carlo runner aggregates across runs.
type Metric struct {
	Key   string // snake_case, used in CSV and JSON
	Label string // for tables and charts
	Unit  Unit
	Value func(*TeamResult) float64
}

// NetRevenue is the index of net revenue in Metrics: the headline number.
const NetRevenue = 0

// Metrics lists what is aggregated across runs, net revenue first.
var Metrics = []Metric{
	{"net_revenue", "Net revenue", Money, func(r *TeamResult) float64 { return r.NetRevenue }},
	{"list_revenue", "List revenue", Money, func(r *TeamResult) float64 { return r.ListRevenue }},
	{"revenue_new", "Revenue from new logos", Money, func(r *TeamResult) float64 { return r.RevenueBySource[New] }},
	{"revenue_repeat", "Revenue from repeat business", Money, func(r *TeamResult) float64 { return r.RevenueBySource[Repeat] }},
	{"revenue_referral", "Revenue from referrals", Money, func(r *TeamResult) float64 { return r.RevenueBySource[FromReferral] }},
	{"discount_leakage", "Discount leakage", Rate, (*TeamResult).DiscountLeakage},
	{"wins", "Wins", Count, func(r *TeamResult) float64 { return float64(r.Wins) }},
	{"losses", "Losses", Count, func(r *TeamResult) float64 { return float64(r.Losses) }},
	{"no_decisions", "No decisions", Count, func(r *TeamResult) float64 { return float64(r.NoDecisions) }},
	{"dropped", "Dropped leads", Count, func(r *TeamResult) float64 { return float64(r.Dropped) }},
	{"stalled", "Deals that stalled", Count, func(r *TeamResult) float64 { return float64(r.Stalled) }},
	{"win_rate", "Win rate (all deals)", Rate, (*TeamResult).WinRate},
	{"new_logo_win_rate", "Win rate (new logos)", Rate, (*TeamResult).NewLogoWinRate},
	{"no_decision_rate", "No-decision rate (new logos)", Rate, (*TeamResult).NoDecisionRate},
	{"cycle_days", "Won-deal cycle", Days, (*TeamResult).CycleDays},
	{"customers", "Active customers", Count, func(r *TeamResult) float64 { return float64(r.Customers) }},
	{"churned", "Churned customers", Count, func(r *TeamResult) float64 { return float64(r.Churned) }},
	{"preferred", "Preferred accounts", Count, func(r *TeamResult) float64 { return float64(r.PreferredN) }},
	{"repeat_wins", "Repeat wins", Count, func(r *TeamResult) float64 { return float64(r.RepeatWins) }},
	{"referral_wins", "Referral wins", Count, func(r *TeamResult) float64 { return float64(r.ReferralWins) }},
	{"quits", "Reps who quit", Count, func(r *TeamResult) float64 { return float64(r.Quits) }},
	{"turnover", "Annual rep turnover", Rate, (*TeamResult).Turnover},
	{"quota_attainment", "Rep-quarters at quota", Rate, (*TeamResult).QuotaAttainment},
}

// MetricIndex returns the index of the metric with the given key, or -1.
func MetricIndex(key string) int {
	for i, m := range Metrics {
		if m.Key == key {
			return i
		}
	}
	return -1
}
