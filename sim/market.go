package sim

// docs/model.md, "One market for every team": the market's leads and ids.

import (
	"strconv"

	"github.com/pipesim/pipesim/sim/internal/portable"
)

// ID names an opportunity or a customer account of a run's market. The market's own leads are
// numbered 1, 2, 3 ... in the order they arrive. A deal that a customer brings (repeat business,
// a referral) takes an id derived from the customer's id and the customer's event number, so two
// teams that hold the same customer also share the deals it brings; those ids are at least
// derivedIDs and below 2^53, so they survive a trip through JSON in any language. A customer
// takes the id of the deal that won it.
type ID uint64

// derivedIDs is where the ids of deals and customers that no lead numbers start.
const derivedIDs = 1 << 52

// String writes a market lead's id as its number and a derived id in a short base-36 form.
func (id ID) String() string {
	if id < derivedIDs {
		return strconv.FormatUint(uint64(id), 10)
	}
	return strconv.FormatUint(uint64(id)%(36*36*36*36), 36)
}

// What a derived id is derived for.
const (
	repeatID uint64 = iota + 1
	referralID
	initialID
)

// derive returns the id of the n-th entity of a kind that parent brings.
func derive(parent ID, n uint64, kind uint64) ID {
	return ID(mix(mix(uint64(parent))^(n<<2|kind))&(derivedIDs-1) | derivedIDs)
}

// Lead is a potential new opportunity of the market: it reaches one rep seat in one week with
// its value, and every team whose rep in that seat has room and an arrival rate high enough takes
// it (a team takes it when Take is below its rate over the market's rate).
type Lead struct {
	ID    ID
	Seat  int32
	Value float64
	Take  float64 // uniform in [0, 1), for thinning

	key  uint64     // the root of its numbers (Market.key)
	dice [2]float64 // the numbers of its first stay in Qualified, which every team that takes it reads
}

// Market is what every team of a run faces: the potential leads by seat and week, drawn at the
// highest arrival rate any team can have, and each seat's weekly quit number. It is drawn from the
// run's seed alone, a week at a time, so it needs no memory for the weeks to come.
type Market struct {
	m       *model
	seed    uint64
	rng     *stream
	scratch *scratchRand
	week    int
	nextID  ID
	leads   []Lead    // this week's
	quit    []float64 // this week's quit number for each seat
}

func newMarket(m *model) *Market {
	return &Market{m: m, rng: newStream(0), scratch: newScratchRand(),
		leads: make([]Lead, 0, 64), quit: make([]float64, m.s.Reps)}
}

// reset starts the market of the run with this seed.
func (k *Market) reset(seed uint64) {
	k.seed, k.week, k.nextID = seed, -1, 0
	k.rng.reseed(seed)
	k.leads = k.leads[:0]
}

// advance draws week's leads and quit numbers.
func (k *Market) advance(week int) {
	m := k.m
	k.week = week
	for i := range k.quit {
		k.quit[i] = k.rng.float64()
	}
	k.leads = k.leads[:0]
	for seat := range m.s.Reps {
		for n := m.leads.draw(k.rng.float64()); n > 0; n-- {
			k.nextID++
			l := Lead{ID: k.nextID, Seat: int32(seat), Take: k.rng.float64(), Value: m.dealValue(k.rng.normal()),
				key: k.key(k.nextID)}
			l.dice[0], l.dice[1] = stayDice(l.key, Qualified, 0)
			k.leads = append(k.leads, l)
		}
	}
}

// Leads returns this week's potential leads, valid until the next week.
func (k *Market) Leads() []Lead { return k.leads }

// dice returns the two uniform numbers of one entity for one purpose and index (see dice).
func (k *Market) dice(key ID, p purpose, index uint64) (u, v float64) {
	return dice(k.seed, key, p, index)
}

// key mixes an entity's id with the run's seed: the root of the entity's own generators.
func (k *Market) key(id ID) uint64 { return mix(k.seed ^ uint64(id)*goldenGamma) }

// value draws a repeat or referral deal's value from the deal's own numbers.
func (k *Market) value(key ID) float64 {
	return k.m.dealValue(diceNormal(k.scratch, k.seed, key, valueDice, 0))
}

// dealValue turns a normal deviate into a lognormal deal value with mean acv. Its exponent stays
// far inside FastExp's range: acv and acv_sigma are bounded and normal deviates are below 10 in size.
func (m *model) dealValue(z float64) float64 {
	return portable.FastExp(m.acvMu + float64(m.s.ACVSigma*z))
}
