// Package progress shows a long computation's progress on stderr: a bar with rate and time
// left on a terminal, a plain line every few seconds otherwise, nothing when quiet.
package progress

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/pipesim/pipesim/sim/format"
)

// Bar reports a batch's progress on stderr: a bar with rate and time left on a terminal,
// a plain line at most every two seconds otherwise (logs, CI), nothing when quiet.
type Bar struct {
	bar   *progressbar.ProgressBar
	w     io.Writer
	start time.Time
	last  time.Time
	every time.Duration // between plain lines
	total int           // the runs it expects, when Retarget has changed them from the batch's
	note  string        // what the batch knows so far, beside the count
}

// New starts a progress display of total runs on stderr.
func New(stderr io.Writer, total int, quiet bool) *Bar {
	p := &Bar{w: stderr, start: time.Now(), every: 2 * time.Second}
	p.last = p.start
	if quiet {
		p.w = nil
		return p
	}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription("runs"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("runs"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetWidth(30),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

// Retarget changes the runs the batch is expected to take, and a note on why: a batch that
// stops early counts against its estimate, not against its cap.
func (p *Bar) Retarget(total int, note string) {
	p.total, p.note = total, note
	if p.bar != nil {
		p.bar.ChangeMax(total)
		p.bar.Describe(note)
	}
}

// Update is the batch's Progress callback.
func (p *Bar) Update(done, total int) {
	if p.total > 0 {
		total = max(p.total, done)
	}
	switch {
	case p.w == nil:
	case p.bar != nil:
		_ = p.bar.Set(done)
	default:
		now := time.Now()
		if now.Sub(p.last) < p.every || done == total {
			return
		}
		p.last = now
		el := now.Sub(p.start).Seconds()
		rate := float64(done) / el
		left := time.Duration(float64(total-done) / rate * float64(time.Second)).Round(time.Second)
		note := ""
		if p.note != "" {
			note = "; " + p.note
		}
		fmt.Fprintf(p.w, "pipesim: %s/%s runs (%.0f%%), %s runs/s, about %s left%s\n",
			format.Thousands(float64(done), 0), format.Thousands(float64(total), 0), 100*float64(done)/float64(total),
			format.Thousands(rate, 0), left, note)
	}
}

// Finish clears the bar; on an interrupted batch it leaves the line clean for the message.
func (p *Bar) Finish() {
	if p.bar != nil {
		_ = p.bar.Exit()
		fmt.Fprintln(p.w)
	}
}

// Every sets how often plain lines are written (every two seconds by default).
func (p *Bar) Every(d time.Duration) { p.every = d }
