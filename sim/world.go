package sim

// repMode is what a rep does in the last weeks of a quarter.
type repMode uint8

const (
	normal      repMode = iota
	sandbagging         // quota made: hold Negotiation deals for next quarter
	pushing             // within reach: pull deals in, at a discount and a risk
	givingUp            // out of reach: hold deals, coast
)

// Opportunity is an open deal.
type Opportunity struct {
	ID      int32
	Account int32 // for a repeat deal, its account's id (index+1 in Accounts); 0 otherwise
	Rep     int32
	Created int32 // week created (1-based)
	Stage   Stage
	Source  Source
	Stalled bool
	stalled bool // ever stalled, for the count
	Value   float64
	Trust   float64 // trust a referral carries from its referrer
	// Draws taken in the current stage and in all, in sub-steps.
	StageSteps, AgeSteps int32
}

// Account is a won customer.
type Account struct {
	ID        int32
	Rep       int32
	Trust     float64
	Active    bool
	Preferred bool
	Waits     bool  // learned to wait for quarter-end discounts
	next      int32 // the next week (0-based) in which something may happen to it
}

// Rep is one seat of a team; a rep who quits is replaced in the same seat by a new hire.
type Rep struct {
	Stress   float64
	RampLeft int
	Bookings float64 // net bookings this quarter
	Open     int     // open opportunities held
	mode     repMode
	late     float64 // value of open deals at Proposal or later, during a push window

	lambda, expNegLambda float64 // this week's arrival rate and exp(-rate), kept while it holds
}

// Pushing reports whether the rep is pulling deals in this week.
func (r *Rep) Pushing() bool { return r.mode == pushing }

// TeamState is one team's market in a World. Its slices are owned by the World: read them
// between steps, never change them.
type TeamState struct {
	Opps     []Opportunity
	Accounts []Account
	Reps     []Rep
	Result   TeamResult // so far

	m      *model
	tm     *teamModel
	rng    *stream
	index  int
	week   int // 0-based week being stepped
	nextID int32
	draws  [NumStages]int
	out    *[]Event // where events go; nil when not recording
}

// World is a paired run that advances a week at a time and reports what happened as events,
// for the animation and for deal histories. Stepping a World to the end gives exactly Run's result.
type World struct {
	m      *model
	seed   uint64
	week   int
	teams  [2]TeamState
	events []Event
}

// NewWorld starts a paired run of a validated scenario. It records events.
func NewWorld(s *Scenario, seed uint64) *World {
	w := newWorld(compile(s), seed)
	w.events = make([]Event, 0, 256)
	for i := range w.teams {
		w.teams[i].out = &w.events
	}
	return w
}

func newWorld(m *model, seed uint64) *World {
	w := &World{m: m, seed: seed}
	for i := range w.teams {
		w.teams[i].init(m, i, seed)
	}
	return w
}

// Step simulates one week for both teams. It returns false, doing nothing, once the run is over.
func (w *World) Step() bool {
	if w.week >= w.m.s.Weeks {
		return false
	}
	w.events = w.events[:0]
	for i := range w.teams {
		w.teams[i].step(w.week)
	}
	w.week++
	if w.week == w.m.s.Weeks {
		for i := range w.teams {
			w.teams[i].finish()
		}
	}
	return true
}

// Events returns what happened in the last Step, in order; valid until the next Step.
func (w *World) Events() []Event { return w.events }

// Week is the number of weeks simulated so far.
func (w *World) Week() int { return w.week }

// Done reports whether every week has been simulated.
func (w *World) Done() bool { return w.week >= w.m.s.Weeks }

// Team returns team i's state (0 for A, 1 for B), valid until the next Step.
func (w *World) Team(i int) *TeamState { return &w.teams[i] }

// Scenario returns the scenario being run.
func (w *World) Scenario() *Scenario { return w.m.s }

// Quota is each rep's quota for a quarter.
func (w *World) Quota() float64 { return w.m.quota }

// StallWeeks is the age in a stage (in weeks) past which team i's deals count as stalled.
func (w *World) StallWeeks(team int, st Stage) float64 {
	return float64(w.m.teams[team].stallSteps[st]) / float64(w.m.s.Substeps)
}

// Result returns both teams' results; complete once Done.
func (w *World) Result() Result {
	r := Result{Seed: w.seed, Weeks: w.m.s.Weeks}
	for i := range w.teams {
		r.Teams[i] = w.teams[i].Result
	}
	return r
}

// Run simulates one paired run of a validated scenario: a pure function of scenario and seed.
func Run(s *Scenario, seed uint64) Result {
	return runModel(compile(s), seed)
}

func runModel(m *model, seed uint64) Result {
	w := newWorld(m, seed)
	for w.Step() {
	}
	return w.Result()
}

func (t *TeamState) init(m *model, index int, seed uint64) {
	s := m.s
	*t = TeamState{m: m, tm: &m.teams[index], index: index, rng: newStream(seed, index)}
	t.week = -1 // initial customers exist before the first week
	t.Reps = make([]Rep, s.Reps)
	// Room for the deals and customers a run usually holds, so they rarely grow mid-run.
	wins := s.NewOpps * t.tm.newMult * float64(s.Reps*s.Weeks) * s.Conv.Product()
	t.Opps = make([]Opportunity, 0, s.Reps*32)
	t.Accounts = make([]Account, 0, s.Reps*s.InitCustomers+int(1.25*wins)+16)
	t.Result = TeamResult{Name: s.Teams[index].Name, Adherence: s.Teams[index].Adherence,
		Reps: s.Reps, Weeks: s.Weeks, Weekly: make([]float64, s.Weeks)}
	for r := range t.Reps {
		for range s.InitCustomers {
			t.addAccount(int32(r), s.InitTau)
		}
	}
}

func (t *TeamState) emit(e Event) {
	if t.out != nil {
		e.Team, e.Week = t.index, t.week+1
		*t.out = append(*t.out, e)
	}
}

// addAccount makes a customer; its first candidate week is drawn from the week after this one.
func (t *TeamState) addAccount(rep int32, trust float64) *Account {
	next := int32(t.week) + t.rng.geometric(t.m.accountMax, t.m.accountLogQ)
	t.Accounts = append(t.Accounts, Account{ID: int32(len(t.Accounts) + 1), Rep: rep, Trust: trust,
		Active: true, Preferred: trust >= t.m.s.PrefTau, next: next})
	return &t.Accounts[len(t.Accounts)-1]
}

func (t *TeamState) step(week int) {
	s := t.m.s
	t.week = week
	inWindow := s.PushWeeks > 0 && week%WeeksPerQuarter >= WeeksPerQuarter-s.PushWeeks
	t.stepReps()
	t.setModes(inWindow)
	t.arrivals()
	t.stepAccounts()
	t.stepPipeline(inWindow)
	if (week+1)%WeeksPerQuarter == 0 {
		t.closeQuarter()
	}
}

func (t *TeamState) finish() {
	r := &t.Result
	r.OpenAtEnd = len(t.Opps)
	for i := range t.Accounts {
		if a := &t.Accounts[i]; a.Active {
			r.Customers++
			if a.Trust >= t.m.s.PrefTau {
				r.PreferredN++
			}
		}
	}
	for st := range NumStages {
		r.Funnel[st].WeeksInStage = float64(t.draws[st]) / float64(t.m.s.Substeps)
	}
}
