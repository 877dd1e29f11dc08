package sim

// docs/model.md, "One run": a run stepped week by week, its teams, and RunLeague.

import "context"

// TeamState is one team in a World. Its slices are owned by the World: read them between steps,
// never change them.
type TeamState struct {
	Reps   []Rep
	Result TeamResult // so far

	opps      []Opportunity // slots; dead ones are on freeOpps
	freeOpps  []int32
	accounts  []Account // slots; inactive ones are on freeAcc
	freeAcc   []int32
	deals     calendar // deal slots by the week of their next event
	shown     calendar // recording: deal slots by the week of their next event to show
	customers calendar // account slots by the week of their next candidate event

	m             *model
	tm            *teamModel
	market        *Market
	index         int
	week          int   // 0-based week being stepped
	grown         int32 // the last week whose trust growth has been applied
	wasIn         bool  // last week was in the push window
	steps         int32 // sub-steps in the run
	pushWeeks     int32 // weeks of push window at each quarter end
	sub           int32 // sub-steps a week
	capacity      int
	gaming        bool // this week is in the push window and the team plays quarter-end games
	openN         int
	customersMade int              // customers created in the run, initial ones included
	over          error            // the run outgrew its budget (overrun); the World stops
	stepped       [NumStages]int64 // sub-steps deals spent in each stage, for the funnel
	out           *[]Event         // where events go; nil when not recording
}

// World is a run that advances a week at a time and reports what happened as events, for the
// animation and for deal histories. Stepping a World to the end gives exactly Run's result.
type World struct {
	m      *model
	seed   uint64
	week   int
	market *Market
	teams  []TeamState
	events []Event
	err    error // why the run stopped short, if it did
}

// NewWorld starts a paired run of a validated scenario. It records events.
func NewWorld(s *Scenario, seed uint64) *World {
	w := newWorld(compile(s))
	w.record()
	w.reset(seed)
	return w
}

func newWorld(m *model) *World {
	w := &World{m: m, market: newMarket(m), teams: make([]TeamState, len(m.teams))}
	for i := range w.teams {
		w.teams[i].alloc(m, i, w.market)
	}
	return w
}

func (w *World) record() {
	w.events = make([]Event, 0, 256)
	for i := range w.teams {
		w.teams[i].out = &w.events
	}
}

// reset starts the run with this seed, reusing the World's memory.
func (w *World) reset(seed uint64) {
	w.seed, w.week, w.err = seed, 0, nil
	w.market.reset(seed)
	for i := range w.teams {
		w.teams[i].reset()
	}
}

// Step simulates one week for every team. It returns false, doing nothing, once the run is over.
func (w *World) Step() bool {
	if w.week >= w.m.s.Weeks {
		return false
	}
	w.events = w.events[:0]
	w.market.advance(w.week)
	for i := range w.teams {
		w.teams[i].step(w.week)
	}
	w.week++
	for i := range w.teams {
		if w.teams[i].over != nil {
			w.err = w.teams[i].over
			w.week = w.m.s.Weeks // stopped: no more weeks
			return true
		}
	}
	if w.week == w.m.s.Weeks {
		for i := range w.teams {
			w.teams[i].finish()
		}
	}
	return true
}

// Err is why the run stopped before its last week (it outgrew the run budget), or nil.
func (w *World) Err() error { return w.err }

// Events returns what happened in the last Step, in order; valid until the next Step.
func (w *World) Events() []Event { return w.events }

// Week is the number of weeks simulated so far.
func (w *World) Week() int { return w.week }

// Done reports whether every week has been simulated.
func (w *World) Done() bool { return w.week >= w.m.s.Weeks }

// Team returns team i's state (0 for A, 1 for B), valid until the next Step.
func (w *World) Team(i int) *TeamState { return &w.teams[i] }

// Market returns the market the teams share.
func (w *World) Market() *Market { return w.market }

// Scenario returns the scenario being run.
func (w *World) Scenario() *Scenario { return w.m.s }

// Quota is each rep's quota for a quarter.
func (w *World) Quota() float64 { return w.m.quota }

// StallWeeks is the age in a stage (in weeks) past which team i's deals count as stalled.
func (w *World) StallWeeks(team int, st Stage) float64 {
	return float64(w.m.teams[team].stallSteps[st]) / float64(w.m.s.Substeps)
}

// Result returns both teams' results of a paired run; complete once Done. It owns its memory.
func (w *World) Result() Result {
	r := Result{Seed: w.seed, Weeks: w.m.s.Weeks}
	for i := range r.Teams {
		r.Teams[i] = w.teams[i].result()
	}
	return r
}

// result is a copy of the team's result that does not share the World's memory.
func (t *TeamState) result() TeamResult {
	r := t.Result
	r.Weekly = append([]float64(nil), r.Weekly...)
	return r
}

// Run simulates one paired run of a validated scenario, its two teams on one market: a pure
// function of scenario and seed.
func Run(s *Scenario, seed uint64) Result {
	return runModel(compile(s), seed)
}

func runModel(m *model, seed uint64) Result {
	w := newWorld(m)
	w.run(seed)
	return w.Result()
}

// run plays the whole run with this seed.
func (w *World) run(seed uint64) {
	w.reset(seed)
	for w.Step() {
	}
}

// runUntil plays the whole run with this seed unless ctx is done first, which it checks every
// few weeks, so that Ctrl-C stops even a batch of long runs at once. It reports whether the run
// is complete.
func (w *World) runUntil(ctx context.Context, seed uint64) bool {
	w.reset(seed)
	for w.Step() {
		if w.week%cancelWeeks == 0 && ctx.Err() != nil {
			return false
		}
	}
	return w.err == nil && (ctx.Err() == nil || w.Done())
}

// cancelWeeks is how often a run in a batch looks at its context: cheap against a week's work,
// and well under a second apart even for the largest runs the run budget allows.
const cancelWeeks = 4

// RunLeague simulates any number of teams, each with its own name and adherence in [0, 1], on the
// market of one run of a validated scenario. Each team's result is the one it would get alone on
// that market: a pure function of scenario, team and seed.
func RunLeague(s *Scenario, teams []Team, seed uint64) []TeamResult {
	w := newWorld(compileTeams(s, teams))
	w.run(seed)
	out := make([]TeamResult, len(teams))
	for i := range out {
		out[i] = w.teams[i].result()
	}
	return out
}

// RunTeam simulates one team alone on the market of one run of a validated scenario.
func RunTeam(s *Scenario, team Team, seed uint64) TeamResult {
	return RunLeague(s, []Team{team}, seed)[0]
}

func (t *TeamState) alloc(m *model, index int, market *Market) {
	s := m.s
	*t = TeamState{m: m, tm: &m.teams[index], index: index, market: market}
	t.Reps = make([]Rep, s.Reps)
	// Room for the deals and customers a run usually holds, so they rarely grow mid-run.
	t.opps = make([]Opportunity, 0, s.Reps*32)
	t.accounts = make([]Account, 0, s.Reps*(s.InitCustomers+16))
	t.steps, t.sub, t.capacity = int32(s.Weeks*s.Substeps), int32(s.Substeps), s.Capacity
	t.pushWeeks = int32(s.PushWeeks)
}

func (t *TeamState) reset() {
	s := t.m.s
	t.deals.reset()
	t.shown.reset()
	t.customers.reset()
	t.opps, t.freeOpps = t.opps[:0], t.freeOpps[:0]
	t.accounts, t.freeAcc = t.accounts[:0], t.freeAcc[:0]
	clear(t.Reps)
	t.openN, t.stepped, t.wasIn = 0, [NumStages]int64{}, false
	t.customersMade, t.over = 0, nil
	weekly := t.Result.Weekly
	if len(weekly) != s.Weeks {
		weekly = make([]float64, s.Weeks)
	}
	clear(weekly)
	t.Result = TeamResult{Name: t.tm.team.Name, Adherence: t.tm.team.Adherence, Reps: s.Reps, Weeks: s.Weeks, Weekly: weekly}
	t.week, t.grown = -1, -1 // initial customers exist before the first week
	for r := range t.Reps {
		for i := range s.InitCustomers {
			t.addAccount(derive(0, uint64(r*s.InitCustomers+i), initialID), int32(r), s.InitTau)
		}
	}
}

func (t *TeamState) emit(e Event) {
	if t.out != nil {
		e.Team, e.Week = t.index, t.week+1
		*t.out = append(*t.out, e)
	}
}

func (t *TeamState) step(week int) {
	t.week = week
	t.deals.turn(int32(week), func(slot, pos int32) { t.opps[slot].pos = pos })
	t.shown.turn(int32(week), func(slot, pos int32) { t.opps[slot].shownPos = pos })
	t.customers.turn(int32(week), func(int32, int32) {})
	inWindow := t.window(int32(week))
	t.gaming = inWindow && t.tm.games > 0
	t.stepReps()
	t.setModes(inWindow)
	t.arrivals()
	t.stepAccounts()
	t.stepPipeline()
	if (week+1)%WeeksPerQuarter == 0 {
		t.closeQuarter()
	}
}

func (t *TeamState) finish() {
	r := &t.Result
	r.OpenAtEnd = t.openN
	for k := range t.opps {
		if o := &t.opps[k]; o.live {
			t.settle(o, t.steps, false)
		}
	}
	for i := range t.accounts {
		if a := &t.accounts[i]; a.Active {
			r.Customers++
			if t.trust(a) >= t.m.s.PrefTau {
				r.PreferredN++
			}
		}
	}
	for st := range NumStages {
		r.Funnel[st].WeeksInStage = float64(t.stepped[st]) / float64(t.m.s.Substeps)
	}
}

// OpenDeals is the number of open opportunities.
func (t *TeamState) OpenDeals() int { return t.openN }

// EachOpen calls fn for every open opportunity, in no particular order.
func (t *TeamState) EachOpen(fn func(o *Opportunity)) {
	for k := range t.opps {
		if t.opps[k].live {
			fn(&t.opps[k])
		}
	}
}

// EachCustomer calls fn for every active customer with its trust now, in no particular order.
func (t *TeamState) EachCustomer(fn func(a *Account, trust float64)) {
	for i := range t.accounts {
		if a := &t.accounts[i]; a.Active {
			fn(a, t.trust(a))
		}
	}
}

// CustomerTrust returns an active customer's trust now. It looks through every customer: it is
// for showing one deal's story, not for the engine.
func (t *TeamState) CustomerTrust(id ID) (float64, bool) {
	for i := range t.accounts {
		if a := &t.accounts[i]; a.Active && a.ID == id {
			return t.trust(a), true
		}
	}
	return 0, false
}

// claim returns the index of a free slot of slots (its contents stale), growing slots when none
// is free: deals and customers reuse the slots of closed and churned ones, so a run's memory
// follows what is open and live, not how long it runs.
func claim[T any](slots *[]T, free *[]int32) int32 {
	if n := len(*free); n > 0 {
		k := (*free)[n-1]
		*free = (*free)[:n-1]
		return k
	}
	var zero T
	*slots = append(*slots, zero)
	return int32(len(*slots) - 1)
}
