package fit

import (
	"io"
	"slices"
	"strconv"
	"strings"
)

// Formats are the export formats Fit reads; "auto" tells them apart by their header.
var Formats = []string{"auto", "stages", "salesforce", "hubspot"}

// StagesHeader is the header of the stages format, which `pipesim run --crm-export` writes.
var StagesHeader = []string{"deal_id", "stage", "entered_at", "amount", "owner", "lost_reason"}

// detect names the format of a header.
func detect(t *table) (string, error) {
	switch {
	case t.col("opportunityid") >= 0 && t.col("stagename") >= 0:
		return "salesforce", nil
	case t.col("deal_id") >= 0 && t.col("stage") >= 0:
		return "stages", nil
	}
	for _, h := range t.header {
		if _, ok := hubspotStageColumn(h); ok {
			return "hubspot", nil
		}
	}
	return "", inputErr(t.file, 1, "", "header %q is none of the formats: want stages (%s), a Salesforce OpportunityHistory export (OpportunityId, StageName, CreatedDate, ...) or a HubSpot deals export (hs_date_entered_<stage> columns)",
		Excerpt(strings.Join(t.header, ",")), strings.Join(StagesHeader, ","))
}

// readAmount parses an amount column; empty is no amount.
func readAmount(t *table, col int) (float64, bool, error) {
	s := strings.ReplaceAll(t.field(col), ",", "")
	if s == "" {
		return 0, false, nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x < 0 || x != x || x > 1e15 {
		return 0, false, inputErr(t.file, t.row, t.name(col), "amount %q is not a number from 0 to 1e15", Excerpt(t.field(col)))
	}
	return x, true, nil
}

func readDate(t *table, col int, e *entry) error {
	s := t.field(col)
	at, ok := parseDate(s)
	if !ok {
		return inputErr(t.file, t.row, t.name(col), "date %q does not parse; want an ISO date (2025-01-31) or date-time (2025-01-31T09:30:00Z, zone optional)", Excerpt(s))
	}
	e.at, e.dateCol = at, t.name(col)
	return nil
}

func readStage(t *table, col int, m StageMap, e *entry) error {
	name := t.field(col)
	to, ok := m[strings.ToLower(name)]
	if !ok {
		return unknownStage(t.file, t.row, t.name(col), name, m)
	}
	e.stage, e.target, e.stageCol = name, to, t.name(col)
	return nil
}

func requireID(t *table, col int) (string, error) {
	id := t.field(col)
	if id == "" {
		return "", inputErr(t.file, t.row, t.name(col), "is empty; every row needs its deal's id")
	}
	return id, nil
}

// readStages streams the generic long format: one row per stage entry.
func readStages(t *table, m StageMap, h *history) error {
	cols := make([]int, len(StagesHeader))
	for i, name := range StagesHeader[:3] {
		c, err := t.need(name)
		if err != nil {
			return err
		}
		cols[i] = c
	}
	cols[3], cols[4], cols[5] = t.col("amount"), t.col("owner"), t.col("lost_reason")
	var e entry
	return t.each(&h.counts.Rows, func() error {
		id, err := requireID(t, cols[0])
		if err != nil {
			return err
		}
		e = entry{deal: id, row: t.row, owner: t.field(cols[4]), reason: t.field(cols[5])}
		return h.addRow(t, m, &e, cols[1], cols[2], cols[3])
	})
}

// addRow reads a row's stage, date and amount from the given columns into e, and adds it.
func (h *history) addRow(t *table, m StageMap, e *entry, stage, date, amount int) error {
	if err := readStage(t, stage, m, e); err != nil {
		return err
	}
	if err := readDate(t, date, e); err != nil {
		return err
	}
	var err error
	if e.amount, e.hasAmount, err = readAmount(t, amount); err != nil {
		return err
	}
	return h.add(t.file, e)
}

// opportunity is what a Salesforce Opportunity export adds to a deal's history.
type opportunity struct{ owner, reason string }

// readOpportunities reads the optional Salesforce Opportunity export: owners and loss reasons.
func readOpportunities(file string, r io.Reader) (map[string]opportunity, error) {
	t, err := openTable(file, r)
	if err != nil {
		return nil, err
	}
	id, err := t.need("id")
	if err != nil {
		return nil, err
	}
	owner, reason := t.col("ownerid"), t.col("loss_reason__c", "lossreason", "loss_reason")
	opps := map[string]opportunity{}
	err = t.each(nil, func() error {
		k, err := requireID(t, id)
		if err != nil {
			return err
		}
		opps[k] = opportunity{t.field(owner), t.field(reason)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return opps, nil
}

// readSalesforce streams an OpportunityHistory export: a row whenever a deal's stage, amount,
// probability or close date changed. Rows marked IsDeleted=true are skipped. Without an
// Opportunity export a deal's owner is the user who created its first history row.
func readSalesforce(t *table, m StageMap, opps map[string]opportunity, h *history) error {
	var cols [3]int
	for i, name := range []string{"opportunityid", "stagename", "createddate"} {
		c, err := t.need(name)
		if err != nil {
			return err
		}
		cols[i] = c
	}
	amount, deleted, creator := t.col("amount"), t.col("isdeleted"), t.col("createdbyid")
	var e entry
	return t.each(&h.counts.Rows, func() error {
		if strings.EqualFold(t.field(deleted), "true") || t.field(deleted) == "1" {
			h.counts.Ignored++
			return nil
		}
		id, err := requireID(t, cols[0])
		if err != nil {
			return err
		}
		e = entry{deal: id, row: t.row, owner: t.field(creator)}
		if o, ok := opps[id]; ok {
			e.owner, e.reason = o.owner, o.reason
		}
		return h.addRow(t, m, &e, cols[1], cols[2], amount)
	})
}

// hubspotStageColumn reads a "date entered" column's stage: hs_date_entered_<id>,
// hs_v2_date_entered_<id>, or the export's label form Date entered "<stage> (<pipeline>)".
func hubspotStageColumn(header string) (string, bool) {
	low := strings.ToLower(strings.TrimSpace(header))
	for _, p := range []string{"hs_v2_date_entered_", "hs_date_entered_", "date entered "} {
		if rest, ok := strings.CutPrefix(low, p); ok && rest != "" {
			rest = strings.Trim(rest, `"' `)
			if i := strings.LastIndex(rest, " ("); i > 0 && strings.HasSuffix(rest, ")") {
				rest = rest[:i]
			}
			return rest, true
		}
	}
	return "", false
}

// readHubspot streams a HubSpot deals export: one row per deal, with the date it entered each
// stage in a column of its own. A row's entries are taken in date order; a closed deal whose
// closing stage has no date column closes on its close date.
func readHubspot(t *table, m StageMap, h *history) error {
	type stageCol struct {
		col    int
		name   string
		target int
	}
	var stages []stageCol
	for i, name := range t.header {
		if st, ok := hubspotStageColumn(name); ok {
			to, known := m[st]
			if !known {
				return unknownStage(t.file, 1, name, st, m)
			}
			stages = append(stages, stageCol{i, st, to})
		}
	}
	id, err := t.need("hs_object_id", "record id", "deal id", "id")
	if err != nil {
		return err
	}
	owner := t.col("hubspot_owner_id", "deal owner", "owner")
	amount := t.col("amount")
	created := t.col("createdate", "create date")
	closed := t.col("closedate", "close date")
	current := t.col("dealstage", "deal stage")
	reason := t.col("closed_lost_reason", "closed lost reason", "lost_reason")
	var es []entry
	return t.each(&h.counts.Rows, func() error {
		k, err := requireID(t, id)
		if err != nil {
			return err
		}
		base := entry{deal: k, row: t.row, owner: t.field(owner), reason: t.field(reason)}
		if base.amount, base.hasAmount, err = readAmount(t, amount); err != nil {
			return err
		}
		es = es[:0]
		closes := false
		for _, sc := range stages {
			if t.field(sc.col) == "" {
				continue
			}
			e := base
			e.stage, e.target, e.stageCol = sc.name, sc.target, t.name(sc.col)
			if err := readDate(t, sc.col, &e); err != nil {
				return err
			}
			closes = closes || sc.target >= Won
			es = append(es, e)
		}
		if current >= 0 && t.field(current) != "" && !closes {
			e := base
			if err := readStage(t, current, m, &e); err != nil {
				return err
			}
			if e.target >= Won && closed >= 0 && t.field(closed) != "" {
				if err := readDate(t, closed, &e); err != nil {
					return err
				}
				es = append(es, e)
			}
		}
		if len(es) == 0 && created >= 0 && t.field(created) != "" {
			// A deal with no stage dates entered the pipeline's first stage when created.
			e := base
			e.stage, e.target = "create date", qualified
			if err := readDate(t, created, &e); err != nil {
				return err
			}
			es = append(es, e)
		}
		slices.SortStableFunc(es, func(a, b entry) int { return a.at.Compare(b.at) })
		for i := range es {
			if err := h.add(t.file, &es[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// defaultMap is a format's stage map when --stage-map is not given.
func defaultMap(format string) StageMap {
	switch format {
	case "salesforce":
		return salesforceStages()
	case "hubspot":
		return hubspotStages()
	}
	return modelStages()
}
