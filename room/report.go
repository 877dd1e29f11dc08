package room

import (
	"encoding/csv"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/pipesim/pipesim/sim/format"
)

// boardHeader is the results file's header row.
var boardHeader = []string{"rank", "name", "adherence", "reference", "mean_net_revenue",
	"vs_leader", "vs_leader_lo", "vs_leader_hi", "vs_process", "vs_process_lo", "vs_process_hi",
	"beat_process_share", "tied_with_leader", "prediction_score", "market_seed"}

// WriteBoard writes a leaderboard as CSV, one row per team, numbers at full precision: the
// server's export and `pipesim league` write the same bytes for the same league.
func WriteBoard(w io.Writer, b Board) error {
	cw := csv.NewWriter(w)
	_ = cw.Write(boardHeader)
	for _, r := range b.Rows {
		_ = cw.Write([]string{strconv.Itoa(r.Rank), r.Name, num(r.Adherence), strconv.FormatBool(r.Reference), num(r.Mean),
			num(r.VsLeader.Mean), num(r.VsLeader.Lo), num(r.VsLeader.Hi), num(r.VsProcess.Mean), num(r.VsProcess.Lo), num(r.VsProcess.Hi),
			num(r.BeatShare), strconv.FormatBool(r.Tied), num(r.Score), strconv.FormatUint(MarketSeed(b.Seed, r.Market), 10)})
	}
	cw.Flush()
	return cw.Error()
}

// Command is the command line that plays the same league from an entries file.
func (rd *Round) Command(entries string) string {
	args := []string{"pipesim", "league", "--entries", entries, "--scenario", rd.Preset}
	for _, kv := range rd.Sets {
		args = append(args, "--set", kv)
	}
	args = append(args, "--markets", strconv.Itoa(rd.Markets), "--seed", strconv.FormatUint(rd.Seed, 10))
	for i, a := range args {
		if strings.ContainsAny(a, " '\"$&|;<>*?()") {
			args[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(args, " ")
}

var reportTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"money": format.Short,
	"pct":   func(x float64) string { return strconv.FormatFloat(100*x, 'f', 0, 64) + "%" },
	"ci": func(d Diff) string {
		if d.CI == "" {
			return d.Text + " in every market"
		}
		return d.Text + " (" + d.CI + ")"
	},
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>pipesim workshop: room {{.Code}}, round {{.Round.Number}}</title>
<style>body{font:16px/1.4 system-ui,sans-serif;margin:2em;color:#1d2433}table{border-collapse:collapse}td,th{padding:.3em .7em;border-bottom:1px solid #ccd;text-align:right}td:nth-child(2),th:nth-child(2){text-align:left}.ref{color:#556;font-style:italic}code{background:#eef;padding:.1em .3em}</style></head>
<body><h1>Workshop league: room {{.Code}}, round {{.Round.Number}}</h1>
<p>Scenario <b>{{.Round.Preset}}</b>{{range .Round.Sets}}, {{.}}{{end}}; {{.Round.Board.Markets}} markets from seed {{.Round.Seed}}.
The pure <b>{{.Round.Board.Winner}}</b>-oriented strategy won by {{printf "%.1f" .Round.Board.Margin}}%.</p>
<table><thead><tr><th>Rank</th><th>Team</th><th>Adherence</th><th>Mean net revenue</th><th>vs leader (95% CI)</th><th>vs process (95% CI)</th><th>Beats process</th><th>Tied with leader</th><th>Prediction</th></tr></thead><tbody>
{{range .Round.Board.Rows}}<tr{{if .Reference}} class="ref"{{end}}><td>{{.Rank}}</td><td>{{.Name}}</td><td>{{printf "%.2f" .Adherence}}</td><td>{{money .Mean}}</td><td>{{ci .VsLeader}}</td><td>{{ci .VsProcess}}</td><td>{{pct .BeatShare}}</td><td>{{if .Tied}}yes{{end}}</td><td>{{if not .Reference}}{{printf "%.0f" .Score}}{{end}}</td></tr>
{{end}}</tbody></table>
<p>Reproduce: save the entries file and run <code>{{.Command}}</code></p></body></html>
`))

// WriteReport writes a round's results as a standalone HTML page; every name is escaped.
func WriteReport(w io.Writer, code string, rd Round) error {
	return reportTemplate.Execute(w, map[string]any{"Code": code, "Round": rd, "Command": rd.Command("entries.csv")})
}
