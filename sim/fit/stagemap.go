package fit

import (
	"strings"
	"time"

	"github.com/pipesim/pipesim/sim"
)

// The targets a CRM stage maps to: a model stage (0 to 3), or a close.
const (
	qualified, discovery, proposal, negotiation = 0, 1, 2, 3

	Won  = sim.NumStages     // closed won
	Lost = sim.NumStages + 1 // closed lost (a no-decision if its reason says so)
)

// StageMap maps a CRM stage name, lower-cased, to a target.
type StageMap map[string]int

// targetNames are the right-hand sides a --stage-map may use, lower-cased.
var targetNames = func() map[string]int {
	m := map[string]int{"won": Won, "lost": Lost}
	for i, n := range sim.StageNames() {
		m[strings.ToLower(n)] = i
	}
	return m
}()

// ParseStageMap reads "CRM name=Qualified,CRM name=Discovery,...,CRM name=won,CRM name=lost".
// Names are matched without regard to case or surrounding spaces.
func ParseStageMap(spec string) (StageMap, error) {
	m := StageMap{}
	for _, part := range strings.Split(spec, ",") {
		crm, target, ok := strings.Cut(part, "=")
		crm, target = strings.ToLower(strings.TrimSpace(crm)), strings.ToLower(strings.TrimSpace(target))
		if !ok || crm == "" {
			return nil, sim.Errorf(sim.KindInput, "--stage-map", "%q: want CRM name=STAGE, where STAGE is %s, won or lost", Excerpt(part), strings.Join(sim.StageNames(), ", "))
		}
		to, known := targetNames[target]
		if !known {
			return nil, sim.Errorf(sim.KindInput, "--stage-map", "%q: unknown stage %q; want %s, won or lost", Excerpt(part), Excerpt(target), strings.Join(sim.StageNames(), ", "))
		}
		m[crm] = to
	}
	return m, nil
}

// modelStages is the default map of the stages format: the model's own names.
func modelStages() StageMap {
	m := StageMap{}
	for k, v := range targetNames {
		m[k] = v
	}
	return m
}

// salesforceStages maps Salesforce's default opportunity stages.
func salesforceStages() StageMap {
	return StageMap{
		"prospecting": qualified, "qualification": qualified,
		"needs analysis": discovery, "value proposition": discovery, "id. decision makers": discovery,
		"perception analysis": proposal, "proposal/price quote": proposal,
		"negotiation/review": negotiation,
		"closed won":         Won, "closed lost": Lost,
	}
}

// hubspotStages maps the stages of HubSpot's default sales pipeline, by internal id and label.
func hubspotStages() StageMap {
	return StageMap{
		"appointmentscheduled": qualified, "appointment scheduled": qualified,
		"qualifiedtobuy": discovery, "qualified to buy": discovery,
		"presentationscheduled": proposal, "presentation scheduled": proposal,
		"decisionmakerboughtin": proposal, "decision maker bought-in": proposal,
		"contractsent": negotiation, "contract sent": negotiation,
		"closedwon": Won, "closed won": Won, "closedlost": Lost, "closed lost": Lost,
	}
}

// dateLayouts are the date and date-time forms accepted: ISO dates, and date-times with or
// without seconds, fractions and a zone (Salesforce writes +0000). A time without a zone is UTC.
var dateLayouts = []string{
	"2006-01-02",
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04",
}

// parseDate reads a date in one of dateLayouts.
func parseDate(s string) (time.Time, bool) {
	if len(s) == len(time.DateOnly) { // the common cases first: a failed parse allocates
		t, err := time.Parse(time.DateOnly, s)
		return t, err == nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true
	}
	for _, l := range dateLayouts[2:] {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// ParseOptions reads the options as the command line and the page give them: a format, a
// stage map ("" for the format's default) and comma-separated no-decision reasons.
func ParseOptions(format, stageMap, noDecision string) (Options, error) {
	o := Options{Format: format}
	if strings.TrimSpace(stageMap) != "" {
		m, err := ParseStageMap(stageMap)
		if err != nil {
			return Options{}, err
		}
		o.StageMap = m
	}
	if strings.TrimSpace(noDecision) != "" {
		o.NoDecision = strings.Split(noDecision, ",")
	}
	return o, nil
}
