package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pipesim/pipesim/internal/cli"
	"github.com/pipesim/pipesim/internal/fileio"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/fit"
)

func newFitCmd() *cobra.Command {
	var (
		format, stageMap, noDecision, opps, base, out string
		force                                         bool
	)
	cmd := &cobra.Command{
		Use:   "fit EXPORT.csv [--format auto|stages|salesforce|hubspot] [--stage-map MAP] [--no-decision REASONS] [--base PRESET] [--out scenario.json]",
		Short: "Fit the market (conversion, dwell, no-decision share, arrivals, deal value) to a CRM's stage history",
		Long: `fit estimates the market of a scenario from a CRM export: per stage the mean dwell (exits
over deal-weeks at risk; deals still open count as censored), the conversion (advances over
exits) and the no-decision share, and new_opps, reps and the lognormal acv and acv_sigma from
the whole history, each with a 95% interval. It prints them beside the base preset's values,
warns where a stage has under 30 exits, and simulates the fitted market to set its funnel
beside the observed one.

Formats (--format auto tells them apart by the header; column names in any case):
  stages      deal_id,stage,entered_at,amount,owner,lost_reason: one row per stage entry;
              a last row with stage won or lost closes a deal ('pipesim run --crm-export')
  salesforce  an OpportunityHistory export (OpportunityId, StageName, CreatedDate, Amount,
              IsDeleted, ...), with --opportunities for the Opportunity export's owners and
              Loss_Reason__c; Salesforce's default stages are mapped without --stage-map
  hubspot     a deals export with hs_date_entered_<stage> columns; HubSpot's default
              pipeline is mapped without --stage-map

The strategy multipliers are not fitted: the scenario written with --out is the fitted market
on top of --base, whose strategy assumptions it keeps. Nothing is written on bad input.`,
		Example: `  pipesim fit export.csv --no-decision "no decision"
  pipesim fit history.csv --opportunities opps.csv --no-decision "No Budget,No Decision" --out fitted.json
  pipesim fit deals.csv --stage-map "Demo=Qualified,Trial=Discovery,Quote=Proposal,Legal=Negotiation,Signed=won,Dead=lost"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out != "" {
				if err := fileio.CheckFile("--out", out, force); err != nil {
					return err
				}
			}
			b, err := sim.LookupPreset(base)
			if err != nil {
				return cli.Usagef("--base: unknown preset %q; presets are %s", sim.Excerpt(base), strings.Join(sim.PresetNames(), ", "))
			}
			o, err := fit.ParseOptions(format, stageMap, noDecision)
			if err != nil {
				return err
			}
			if opps != "" {
				f, err := fileio.OpenInput("--opportunities", opps)
				if err != nil {
					return err
				}
				defer f.Close()
				o.Opportunities, o.OpportunitiesName = f, opps
			}
			in, err := fileio.OpenInput("export", args[0])
			if err != nil {
				return err
			}
			defer in.Close()
			res, err := fit.Fit(args[0], in, b, o)
			if err != nil {
				return err
			}
			s, err := res.Scenario()
			if err != nil {
				return err
			}
			var report bytes.Buffer
			if err := res.WriteReport(&report, res.Reproduce(s)); err != nil {
				return err
			}
			if out != "" {
				data, err := sim.EncodeChanges(&s)
				if err != nil {
					return err
				}
				if err := fileio.WriteFileAtomic("--out", out, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
					return err
				}
				fmt.Fprintf(&report, "\nwrote %s: the fitted market on top of %s; the strategy multipliers are still %s's assumptions\n", out, base, base)
			}
			_, err = cmd.OutOrStdout().Write(report.Bytes())
			return err
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&format, "format", "auto", "export `FORMAT`: auto, stages, salesforce or hubspot")
	fl.StringVar(&stageMap, "stage-map", "", "map the CRM's stages, `\"CRM name=STAGE,...\"`, STAGE one of Qualified, Discovery, Proposal, Negotiation, won, lost")
	fl.StringVar(&noDecision, "no-decision", "", "loss `REASONS` (comma-separated) that mean no decision; without it nd_share is kept from --base")
	fl.StringVar(&opps, "opportunities", "", "Salesforce Opportunity export `FILE` (Id, OwnerId, Loss_Reason__c) for owners and loss reasons")
	fl.StringVar(&base, "base", sim.DefaultPreset, "preset `NAME` whose other values (and strategy assumptions) the fitted scenario keeps")
	fl.StringVar(&out, "out", "", "write the fitted scenario to `FILE` (JSON, for --scenario)")
	fl.BoolVar(&force, "force", false, "let --out replace an existing file")
	return cmd
}
