package fit

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/pipesim/pipesim/sim"
)

const stagesSample = `deal_id,stage,entered_at,amount,owner,lost_reason
d1,Qualified,2025-01-06,1000,ann,
d2,Qualified,2025-01-06T09:00:00Z,2000,bob,
d1,Discovery,2025-01-20,,ann,
d1,Discovery,2025-01-22,1500,ann,
d2,lost,2025-01-27 10:00,,bob,No Decision
d1,Proposal,2025-02-03,,ann,
d1,Discovery,2025-02-05,,ann,
d1,won,2025-02-17,,ann,
d3,Qualified,2025-02-03,500,ann,
d3,Proposal,2025-02-10,,ann,
`

func fitString(t *testing.T, data string, o Options) *Result {
	t.Helper()
	r, err := Fit("in.csv", strings.NewReader(data), sim.MustPreset("mid-market"), o)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func estimate(t *testing.T, r *Result, key string) Estimate {
	t.Helper()
	for _, e := range r.Estimates {
		if e.Key == key {
			return e
		}
	}
	t.Fatalf("no estimate %s", key)
	return Estimate{}
}

// The stages format: exposure, censoring, amount-only rows, skips and backward moves.
func TestStagesFormat(t *testing.T) {
	r := fitString(t, stagesSample, Options{NoDecision: []string{"no decision"}})
	if r.Format != "stages" {
		t.Errorf("format %q, want stages (auto)", r.Format)
	}
	c := r.Counts
	if c.Deals != 3 || c.Won != 1 || c.NoDecision != 1 || c.Open != 1 || c.AmountOnly != 1 || c.Backward != 1 || c.Skips != 2 {
		t.Errorf("counts %+v", c)
	}
	q := r.Stages[0]
	// d1 two weeks, d2 three weeks and an hour (09:00 to 10:00), d3 one week, all exits.
	if q.Entered != 3 || q.Advanced != 2 || q.NoDecision != 1 || math.Abs(q.Weeks-(6+1.0/168)) > 1e-9 {
		t.Errorf("Qualified %+v", q)
	}
	// d3 skipped to Proposal on Feb 10 and is open there until Feb 17: censored, one week;
	// d1 spent two weeks there before winning (a skip: won from Proposal).
	p := r.Stages[2]
	if p.Entered != 2 || p.Advanced != 1 || p.Open != 1 || math.Abs(p.Weeks-3) > 1e-9 {
		t.Errorf("Proposal %+v", p)
	}
	if e := estimate(t, r, "dwell.0"); math.Abs(e.Value-q.Weeks/3) > 1e-12 || !e.Thin || !(e.Lo < 2 && e.Hi > 2) {
		t.Errorf("dwell Qualified %+v", e)
	}
	if e := estimate(t, r, "reps"); e.Value != 2 {
		t.Errorf("reps %+v", e)
	}
	if e := estimate(t, r, "acv"); !e.Kept {
		t.Errorf("acv from one won deal should be kept: %+v", e)
	}
}

// Column names match in any case, and a UTF-8 byte-order mark (Excel's "CSV UTF-8") is skipped.
func TestHeaderCaseAndBOM(t *testing.T) {
	data := "\uFEFF" + strings.Replace(stagesSample, "deal_id,stage,entered_at", "Deal_ID,STAGE,Entered_At", 1)
	if r := fitString(t, data, Options{}); r.Counts.Deals != 3 {
		t.Errorf("deals %d, want 3", r.Counts.Deals)
	}
}

func TestSalesforceFormat(t *testing.T) {
	history := `Id,OpportunityId,CreatedById,CreatedDate,StageName,Amount,ExpectedRevenue,CloseDate,Probability,ForecastCategory,IsDeleted,SystemModstamp
h1,o1,u1,2025-01-06T10:00:00.000+0000,Prospecting,1000,100,2025-03-01,10,Pipeline,false,2025-01-06T10:00:00.000+0000
h2,o1,u1,2025-01-08T10:00:00.000+0000,Qualification,1200,100,2025-03-01,10,Pipeline,false,2025-01-08T10:00:00.000+0000
h3,o1,u1,2025-01-20T10:00:00.000+0000,Needs Analysis,1200,100,2025-03-01,20,Pipeline,false,2025-01-20T10:00:00.000+0000
h4,o1,u1,2025-01-21T10:00:00.000+0000,Needs Analysis,1300,100,2025-03-01,20,Pipeline,true,2025-01-21T10:00:00.000+0000
h5,o1,u1,2025-02-03T10:00:00.000+0000,Closed Lost,1300,0,2025-02-03,0,Omitted,false,2025-02-03T10:00:00.000+0000
h6,o2,u2,2025-01-06T10:00:00.000+0000,Prospecting,5000,500,2025-03-01,10,Pipeline,false,2025-01-06T10:00:00.000+0000
`
	opps := "Id,OwnerId,IsClosed,IsWon,Loss_Reason__c,Amount,CreatedDate\no1,rep1,true,false,No Budget,1300,2025-01-06\no2,rep2,false,false,,5000,2025-01-06\n"
	r, err := Fit("hist.csv", strings.NewReader(history), sim.MustPreset("mid-market"),
		Options{NoDecision: []string{"No Budget"}, Opportunities: strings.NewReader(opps), OpportunitiesName: "opps.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Format != "salesforce" || r.Counts.Ignored != 1 || r.Counts.AmountOnly != 1 || r.Counts.NoDecision != 1 || r.Owners != 2 {
		t.Errorf("format %s counts %+v owners %d", r.Format, r.Counts, r.Owners)
	}
	// Prospecting and Qualification are both Qualified: o1 spent two weeks there (Jan 6 to 20).
	if q := r.Stages[0]; q.Advanced != 1 || q.Open != 1 {
		t.Errorf("Qualified %+v", q)
	}
	if d := r.Stages[1]; d.NoDecision != 1 || math.Abs(d.Weeks-2) > 1e-9 {
		t.Errorf("Discovery %+v", d)
	}
}

func TestHubspotFormat(t *testing.T) {
	data := `Record ID,Deal owner,Amount,Create Date,Close Date,Deal Stage,Closed Lost Reason,hs_v2_date_entered_appointmentscheduled,hs_v2_date_entered_qualifiedtobuy,hs_v2_date_entered_contractsent,hs_v2_date_entered_closedwon
1,ann,10000,2025-01-06,2025-02-10,closedwon,,2025-01-06,2025-01-13,2025-01-27,2025-02-10
2,bob,20000,2025-01-06,2025-01-20,closedlost,No decision,2025-01-06,,,
3,bob,30000,2025-01-06,,qualifiedtobuy,,2025-01-06,2025-01-20,,
`
	r := fitString(t, data, Options{NoDecision: []string{"no decision"}})
	if r.Format != "hubspot" || r.Counts.Won != 1 || r.Counts.NoDecision != 1 || r.Counts.Open != 1 || r.Counts.Skips != 1 {
		t.Errorf("format %s counts %+v", r.Format, r.Counts)
	}
	if q := r.Stages[0]; q.Advanced != 2 || q.NoDecision != 1 || math.Abs(q.Weeks-5) > 1e-9 {
		t.Errorf("Qualified %+v", q)
	}
}

// HubSpot's UI export names its date columns by stage label and pipeline.
func TestHubspotLabels(t *testing.T) {
	data := `Deal ID,Deal Stage,"Date entered ""Appointment Scheduled (Sales Pipeline)""","Date entered ""Closed Won (Sales Pipeline)"""` +
		"\n7,closedwon,2025-01-06 09:30,2025-01-20 09:30\n"
	r := fitString(t, data, Options{})
	if r.Format != "hubspot" || r.Counts.Won != 1 || r.Stages[0].Advanced != 1 || math.Abs(r.Stages[0].Weeks-2) > 1e-9 {
		t.Errorf("format %s counts %+v Qualified %+v", r.Format, r.Counts, r.Stages[0])
	}
}

// Bad input is one error of kind input naming the row and the column.
func TestBadInput(t *testing.T) {
	header := "deal_id,stage,entered_at,amount,owner,lost_reason\n"
	cases := []struct{ name, data, want string }{
		{"empty file", "", "in.csv: is empty"},
		{"header only", header, "no deals"},
		{"missing column", "deal_id,stage,amount\nd1,Qualified,5\n", "row 1, column entered_at: missing"},
		{"bad date", header + "d1,Qualified,2025-13-45,,,\n", "row 2, column entered_at: date \"2025-13-45\" does not parse"},
		{"stage not in map", header + "d1,Qualified,2025-01-06,,,\nd1,Demo,2025-01-07,,,\n", "row 3, column stage: stage \"Demo\" is not in the stage map"},
		{"out of order", header + "d1,Qualified,2025-01-06,,,\nd1,Discovery,2025-01-01,,,\n", "row 3, column entered_at: 2025-01-01T00:00:00Z is before deal \"d1\"'s previous row"},
		{"not UTF-8", header + "d1,Qualified,2025-01-06,,\xff\xfe,\n", "row 2, column owner: is not UTF-8"},
		{"UTF-16 BOM", "\xff\xfed\x00e\x00", "row 1: starts with a UTF-16"},
		{"bad amount", header + "d1,Qualified,2025-01-06,lots,,\n", "row 2, column amount: amount \"lots\""},
		{"unknown format", "a,b\n1,2\n", "none of the formats"},
		{"bad quote", header + "d1,\"Qual,2025-01-06,,,\n", "in.csv row 2"},
		{"empty id", header + ",Qualified,2025-01-06,,,\n", "row 2, column deal_id: is empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Fit("in.csv", strings.NewReader(c.data), sim.MustPreset("mid-market"), Options{})
			if err == nil || !sim.IsInput(err) || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %v, want one input-error line containing %q", err, c.want)
			}
		})
	}
}

func TestParseStageMap(t *testing.T) {
	m, err := ParseStageMap("Demo=Qualified, Trial = discovery,Quote=Proposal,Legal=Negotiation,Signed=won,Dead=LOST")
	if err != nil || m["demo"] != qualified || m["trial"] != discovery || m["signed"] != Won || m["dead"] != Lost {
		t.Errorf("map %v, %v", m, err)
	}
	for _, bad := range []string{"Demo", "Demo=Closing", "=won"} {
		if _, err := ParseStageMap(bad); err == nil || !sim.IsInput(err) {
			t.Errorf("%q: error %v, want input error", bad, err)
		}
	}
}

// The fitted scenario validates, and keeps what could not be estimated.
func TestScenarioKeepsBase(t *testing.T) {
	r := fitString(t, stagesSample, Options{})
	s, err := r.Scenario()
	if err != nil {
		t.Fatal(err)
	}
	base := sim.MustPreset("mid-market")
	if s.NDShare != base.NDShare || s.ACV != base.ACV {
		t.Errorf("nd_share %v acv %v, want the base's %v %v", s.NDShare, s.ACV, base.NDShare, base.ACV)
	}
	if want := r.Stages[0].Weeks / 3; math.Abs(s.Dwell[0]-want) > 5e-4*want {
		t.Errorf("dwell %v, want Qualified %v to four digits", s.Dwell, want)
	}
	var b bytes.Buffer
	if err := r.WriteReport(&b, r.Reproduce(s)); err != nil || !strings.Contains(b.String(), "nd_share is kept from the base") {
		t.Errorf("report %v:\n%s", err, b.String())
	}
}

// The same export always gives the same numbers, the bootstrap included.
func TestDeterministic(t *testing.T) {
	s := neutral(t)
	data := export(t, &s, 3)
	a, _ := Fit("a.csv", bytes.NewReader(data), s, Options{})
	b, _ := Fit("a.csv", bytes.NewReader(data), s, Options{})
	for i := range a.Estimates {
		x, y := a.Estimates[i], b.Estimates[i]
		if x.Value != y.Value || !(x.Lo == y.Lo || math.IsNaN(x.Lo)) || !(x.Hi == y.Hi || math.IsNaN(x.Hi)) {
			t.Errorf("%s differs: %+v vs %+v", x.Key, x, y)
		}
	}
}

// FuzzFit feeds arbitrary bytes to every decoder (the three formats, a Salesforce Opportunity
// export, a stage map): it must return a result whose scenario validates or an input error,
// never panic.
func FuzzFit(f *testing.F) {
	sfHistory := "Id,OpportunityId,CreatedDate,StageName,Amount,IsDeleted\nh,o,2025-01-06,Prospecting,5,false\nh,o,2025-01-20,Closed Won,5,false\n"
	f.Add([]byte(stagesSample), "auto", "", []byte(nil))
	f.Add([]byte(sfHistory), "salesforce", "", []byte("Id,OwnerId,Loss_Reason__c\no,u,x\n"))
	f.Add([]byte("Record ID,Amount,Deal Stage,Close Date,hs_date_entered_appointmentscheduled\n1,5,closedwon,2025-02-01,2025-01-06\n"), "hubspot", "", []byte(nil))
	f.Add([]byte("\uFEFFdeal_id,stage,entered_at\nx,Demo,2025-01-01\nx,Signed,2025-01-08\n"), "stages", "Demo=Qualified,Signed=won", []byte(nil))
	f.Fuzz(func(t *testing.T, data []byte, format, stageMap string, opps []byte) {
		o, err := ParseOptions(format, stageMap, "x")
		if err != nil {
			if !sim.IsInput(err) {
				t.Fatalf("stage map: not an input error: %v", err)
			}
			return
		}
		if opps != nil {
			o.Opportunities, o.OpportunitiesName = bytes.NewReader(opps), "opps.csv"
		}
		r, err := Fit("f.csv", bytes.NewReader(data), sim.MustPreset("mid-market"), o)
		if err != nil {
			if !sim.IsInput(err) {
				t.Fatalf("not an input error: %v", err)
			}
			return
		}
		if _, err := r.Scenario(); err != nil {
			t.Fatalf("fitted scenario does not validate: %v", err)
		}
	})
}
