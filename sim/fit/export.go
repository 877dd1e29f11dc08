package fit

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/pipesim/pipesim/sim"
)

// ExportOrigin is the Monday on which an exported run's week 1 starts.
var ExportOrigin = time.Date(2025, time.January, 6, 0, 0, 0, 0, time.UTC)

// Reasons an export writes on a lost deal's closing row; fit an export with
// --no-decision "no decision" to count the second as no decision.
const (
	ReasonCompetitor = "competitor"
	ReasonNoDecision = "no decision"
)

// Export writes one team's deals of a run in the stages format, one row per stage entry, as
// a CRM would hold them, dated by the week each happened in (week 1 starts on ExportOrigin).
type Export struct {
	w    *csv.Writer
	team int
	rec  []string
}

// NewExport writes the header and returns an Export of team (0 for A, 1 for B).
func NewExport(w io.Writer, team int) (*Export, error) {
	x := &Export{w: csv.NewWriter(w), team: team, rec: make([]string, len(StagesHeader))}
	return x, x.w.Write(StagesHeader)
}

// Add writes the rows an event makes: a deal's creation, each advance and its close.
func (x *Export) Add(e *sim.Event) error {
	if e.Team != x.team {
		return nil
	}
	stage, reason := "", ""
	switch e.Kind {
	case sim.Created, sim.Advanced:
		stage = e.Stage.String()
	case sim.Won:
		stage = "won"
	case sim.Lost:
		stage, reason = "lost", ReasonCompetitor
	case sim.NoDecision:
		stage, reason = "lost", ReasonNoDecision
	default:
		return nil
	}
	team := string(rune('A' + x.team))
	x.rec[0] = fmt.Sprintf("%s-%d", team, e.Opp)
	x.rec[1] = stage
	// A deal created in week w is at risk in that week's draw, so it enters at the week's
	// start; everything else happens in the week's pipeline step and is dated at its end. A
	// stay of k weekly draws then spans k weeks.
	day := 7 * e.Week
	if e.Kind == sim.Created {
		day -= 7
	}
	x.rec[2] = ExportOrigin.AddDate(0, 0, day).Format(time.DateOnly)
	x.rec[3] = ""
	if e.Kind == sim.Created || e.Kind == sim.Won {
		x.rec[3] = strconv.FormatFloat(e.Value, 'f', 2, 64)
	}
	x.rec[4] = fmt.Sprintf("%s-rep-%d", team, e.Rep+1)
	x.rec[5] = reason
	return x.w.Write(x.rec)
}

// Flush writes what is buffered and reports a write error.
func (x *Export) Flush() error {
	x.w.Flush()
	return x.w.Error()
}

// TeamIndex reads a team letter (A or B).
func TeamIndex(s string) (int, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "A":
		return 0, nil
	case "B":
		return 1, nil
	}
	return 0, sim.Errorf(sim.KindInput, "--crm-team", "%q: want A or B", Excerpt(s))
}

// ExportRun steps a run of s with seed week by week and writes team's deals to w; it stops
// with ctx's error if ctx ends first.
func ExportRun(ctx context.Context, w io.Writer, s *sim.Scenario, seed uint64, team int) error {
	x, err := NewExport(w, team)
	if err != nil {
		return err
	}
	world := sim.NewWorld(s, seed)
	for world.Step() {
		if err := ctx.Err(); err != nil {
			return err
		}
		for i := range world.Events() {
			if err := x.Add(&world.Events()[i]); err != nil {
				return err
			}
		}
	}
	return x.Flush()
}
