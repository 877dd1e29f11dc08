package room

import (
	"bytes"
	"strings"
	"testing"
)

func TestReadEntriesErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "empty"},
		{"name,adh\n", "line 1"},
		{"name,adherence,winner,margin\n", "no teams"},
		{"name,adherence,winner,margin\nA,x,goal,1\n", "line 2: adherence"},
		{"name,adherence,winner,margin\nA,2,goal,1\n", "line 2: adherence"},
		{"name,adherence,winner,margin\nA,1,goal,1\nB,1,both,1\n", "line 3: winner"},
		{"name,adherence,winner,margin\nA,1,goal,1\nA,1,goal,1\n", "line 3: name"},
		{"name,adherence,winner,margin\n" + strings.Repeat("x", 41) + ",1,goal,1\n", "at most 40"},
		{"name,adherence,winner,margin\nA,1,goal,-1\n", "margin"},
	} {
		_, err := ReadEntries(strings.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v; want an error with %q", c.in, err, c.want)
		}
	}
}

// FuzzReadEntries: any file is read or refused with an error, never a panic, and what is read
// writes back to a file that reads the same.
func FuzzReadEntries(f *testing.F) {
	f.Add("name,adherence,winner,margin\nRed,0.3,goal,10\n\"Blue, two\",1,process,0\n")
	f.Add("name,adherence,winner,margin\nA,NaN,goal,1\n")
	f.Add("name,adherence,winner,margin\n\"a\nb\",0,goal,1\n")
	f.Fuzz(func(t *testing.T, in string) {
		es, err := ReadEntries(strings.NewReader(in))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteEntries(&buf, es); err != nil {
			t.Fatal(err)
		}
		again, err := ReadEntries(&buf)
		if err != nil || len(again) != len(es) {
			t.Fatalf("written %q, read back %v %v", buf.String(), again, err)
		}
		for i := range es {
			if again[i] != es[i] {
				t.Fatalf("entry %d: %+v, read back %+v", i, es[i], again[i])
			}
		}
	})
}
