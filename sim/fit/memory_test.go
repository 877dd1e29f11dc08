package fit

import (
	"io"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/pipesim/pipesim/sim"
)

// rowSource writes a stages export of rows rows over deals deals, one row at a time as it is
// read, and notes the live heap when the fit has read the rows named in checkpoints: an export
// is never in memory whole, so what the heap holds is the fit's own.
type rowSource struct {
	deals, rows, row int
	start            time.Time
	buf              []byte
	checkpoints      map[int]*uint64
}

func (s *rowSource) Read(p []byte) (int, error) {
	for len(s.buf) < len(p) && s.row <= s.rows {
		if s.row == 0 {
			s.buf = append(s.buf, "deal_id,stage,entered_at,amount,owner,lost_reason\n"...)
		} else {
			// Each deal enters Qualified, then its amount changes row after row: rows the fit
			// counts and forgets.
			at := s.start.Add(time.Duration(s.row) * time.Minute).Format(time.RFC3339)
			d := strconv.Itoa(s.row % s.deals)
			s.buf = append(s.buf, "D"+d+",Qualified,"+at+","+strconv.Itoa(1000+s.row%977)+",rep"+strconv.Itoa(s.row%7)+",\n"...)
		}
		if h, ok := s.checkpoints[s.row]; ok {
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			*h = m.HeapAlloc
		}
		s.row++
	}
	if len(s.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}

// The fit streams: between its 20,000th and its 400,000th row of the same 500 deals, the live
// heap must not grow with the rows (380,000 more rows of about 60 bytes would be 23 MB).
func TestFitMemoryFollowsDealsNotRows(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 400,000 rows")
	}
	var early, late uint64
	src := &rowSource{deals: 500, rows: 400_000, start: time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC),
		checkpoints: map[int]*uint64{20_000: &early, 400_000: &late}}
	r, err := Fit("rows.csv", src, sim.MustPreset("mid-market"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Counts.Rows != 400_000 || r.Counts.Deals != 500 {
		t.Fatalf("read %d rows of %d deals; want 400,000 of 500", r.Counts.Rows, r.Counts.Deals)
	}
	if early == 0 || late == 0 {
		t.Fatal("the checkpoints were not reached")
	}
	t.Logf("live heap %d KB after 20,000 rows, %d KB after 400,000", early>>10, late>>10)
	if late > early+4<<20 {
		t.Errorf("live heap grew from %d KB to %d KB over 380,000 rows of the same deals", early>>10, late>>10)
	}
}
