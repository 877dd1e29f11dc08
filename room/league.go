package room

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/format"
	"github.com/pipesim/pipesim/sim/stats"
)

// The two references every league holds: the pure strategies.
const (
	GoalName    = "Pure goal-oriented (0)"
	ProcessName = "Pure process-oriented (1)"
)

// DefaultMarkets is the number of markets a league plays unless told otherwise.
const DefaultMarkets = 500

// MaxMarkets bounds a league's markets.
const MaxMarkets = 5000

// MarketSeed is the seed of market i of a league with seed seed: market i is the run the canvas
// page and `pipesim run --seed` show for that seed.
func MarketSeed(seed uint64, i int) uint64 { return seed + uint64(i) }

// Diff is a mean paired difference across markets with its 95% confidence interval.
type Diff struct {
	Mean float64 `json:"mean"`
	Lo   float64 `json:"lo"`
	Hi   float64 `json:"hi"`
	Text string  `json:"text"` // as the pages show the mean: -$41k
	CI   string  `json:"ci"`   // and the interval: -$169k to $87k; empty when it is the same in every market
}

// text writes a difference and its interval, all with one precision that keeps the interval's
// ends apart. A difference that is the same in every market (two entries with one strategy) has
// no interval to show.
func (d Diff) text() (mean, ci string) {
	if d.Lo == d.Hi {
		return format.Short(d.Mean), ""
	}
	unit, div, digits := "k", 1e3, 0
	if max(math.Abs(d.Lo), math.Abs(d.Hi)) >= 1e6 {
		unit, div, digits = "M", 1e6, 2
	}
	write := func(x float64, extra int) string {
		sign := ""
		if x < 0 {
			sign, x = "-", -x
		}
		return sign + "$" + strconv.FormatFloat(x/div, 'f', digits+extra, 64) + unit
	}
	return format.Interval(write, d.Mean, d.Lo, d.Hi)
}

// Row is one team's line on the leaderboard.
type Row struct {
	Rank      int     `json:"rank"`
	Name      string  `json:"name"`
	Adherence float64 `json:"adherence"`
	Reference bool    `json:"reference"` // one of the two pure strategies
	Mean      float64 `json:"mean"`      // mean net revenue per market
	MeanText  string  `json:"mean_text"` // as the pages show it: $10.30M
	VsLeader  Diff    `json:"vs_leader"`
	VsProcess Diff    `json:"vs_process"`
	BeatShare float64 `json:"beat_share"` // share of markets with more net revenue than the process reference
	Tied      bool    `json:"tied"`       // the difference from the leader is not significant (its CI holds 0)
	Score     float64 `json:"score"`      // prediction score, 0..100 (entries only)
	Entry     int     `json:"entry"`      // index in the entries, -1 for a reference
	Market    int     `json:"market"`     // the market shown on the team's device: its median one against the process reference
}

// Board is a league's leaderboard after some or all of its markets.
type Board struct {
	Markets int     `json:"markets"` // markets played so far
	Of      int     `json:"of"`      // markets in the league
	Seed    uint64  `json:"seed"`
	Winner  string  `json:"winner"` // which pure strategy won: goal or process
	Margin  float64 `json:"margin"` // by how much, percent of the loser's mean net revenue
	Rows    []Row   `json:"rows"`
}

// League plays the two references and every entry on markets markets of scenario s, with the
// one-market engine: each market is one seed, and every team faces its deals. It uses every
// core; progress, when not nil, gets the board after each slice of markets, in order.
func League(s *sim.Scenario, entries []Entry, markets int, seed uint64, progress func(Board)) Board {
	teams := make([]sim.Team, 0, len(entries)+2)
	teams = append(teams, sim.Team{Name: GoalName, Adherence: 0}, sim.Team{Name: ProcessName, Adherence: 1})
	for _, e := range entries {
		teams = append(teams, sim.Team{Name: e.Name, Adherence: e.Adherence})
	}
	rev := make([][]float64, len(teams)) // rev[team][market]
	for i := range rev {
		rev[i] = make([]float64, markets)
	}
	workers := runtime.GOMAXPROCS(0)
	slice := max(workers, markets/20)
	for from := 0; from < markets; from += slice {
		to := min(markets, from+slice)
		var next atomic.Int64
		next.Store(int64(from))
		var wg sync.WaitGroup
		for range min(workers, to-from) {
			wg.Go(func() {
				for {
					m := int(next.Add(1) - 1)
					if m >= to {
						return
					}
					for t, r := range sim.RunLeague(s, teams, MarketSeed(seed, m)) {
						rev[t][m] = r.NetRevenue
					}
				}
			})
		}
		wg.Wait()
		if progress != nil && to < markets {
			progress(board(entries, teams, rev, to, markets, seed))
		}
	}
	b := board(entries, teams, rev, markets, markets, seed)
	if progress != nil {
		progress(b)
	}
	return b
}

// board ranks the teams on the first n markets.
func board(entries []Entry, teams []sim.Team, rev [][]float64, n, of int, seed uint64) Board {
	means := make([]float64, len(teams))
	for t := range teams {
		var m stats.Moments
		for _, x := range rev[t][:n] {
			m.Add(x)
		}
		means[t] = m.Mean()
	}
	order := make([]int, len(teams))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(means[b], means[a]) })
	leader := order[0]
	b := Board{Markets: n, Of: of, Seed: seed}
	g, p := means[0], means[1]
	b.Winner, b.Margin = Process, pct(p, g)
	if g > p {
		b.Winner, b.Margin = Goal, pct(g, p)
	}
	for rank, t := range order {
		row := Row{Rank: rank + 1, Name: teams[t].Name, Adherence: teams[t].Adherence, Reference: t < 2, Mean: means[t],
			MeanText: format.Short(means[t]), Entry: t - 2}
		if t < 2 {
			row.Entry = -1
		}
		row.VsLeader = diff(rev[t][:n], rev[leader][:n])
		row.VsProcess = diff(rev[t][:n], rev[1][:n])
		row.Tied = t == leader || (row.VsLeader.Lo <= 0 && row.VsLeader.Hi >= 0)
		beat := 0
		for m := range n {
			if rev[t][m] > rev[1][m] {
				beat++
			}
		}
		if n > 0 {
			row.BeatShare = float64(beat) / float64(n)
		}
		row.Market = medianMarket(rev[t][:n], rev[1][:n])
		if t >= 2 {
			row.Score = Score(entries[t-2], b.Winner, b.Margin)
		}
		b.Rows = append(b.Rows, row)
	}
	return b
}

// pct is how much a exceeds b, in percent of b (0 when b is not positive).
func pct(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return 100 * (a - b) / b
}

// diff is the mean paired difference a-b over the markets with its 95% confidence interval.
func diff(a, b []float64) Diff {
	var m stats.Moments
	for i := range a {
		m.Add(a[i] - b[i])
	}
	mean, h := m.Mean(), m.HalfWidth()
	d := Diff{Mean: mean, Lo: mean - h, Hi: mean + h}
	d.Text, d.CI = d.text()
	return d
}

// medianMarket is the market where the team's lead over the process reference is the median:
// a typical market for it, the one its device animates.
func medianMarket(a, b []float64) int {
	if len(a) == 0 {
		return 0
	}
	idx := make([]int, len(a))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(x, y int) int { return cmp.Compare(a[x]-b[x], a[y]-b[y]) })
	return idx[len(idx)/2]
}

// Score grades a prediction from 0 to 100: nothing for the wrong winner; for the right one, 50
// points and up to 50 more for the margin, less 2 points for each percentage point it is off.
func Score(e Entry, winner string, margin float64) float64 {
	if e.Winner != winner {
		return 0
	}
	return 50 + max(0, 50-2*math.Abs(e.Margin-margin))
}
