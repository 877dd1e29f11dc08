package report

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/experiment"
)

// BatchSummary is a batch's summary.json and the batch command's --json output: which
// scenario, engine and seed, then the engine's summary, then, with --precision, whether the
// batch converged.
type BatchSummary struct {
	Scenario      ScenarioID `json:"scenario"`
	EngineVersion int        `json:"engine_version"`
	Seed          uint64     `json:"seed"`
	sim.Summary
	Convergence *experiment.Convergence `json:"convergence,omitempty"`
}

// ScenarioID names a batch's scenario so that an archived or merged summary keeps its origin:
// the name as given (a preset or a file), the changes set on top of it, and the SHA-256 of the
// resolved scenario's canonical JSON (scenario.json), which is equal exactly when the
// scenarios are.
type ScenarioID struct {
	Name   string   `json:"name"`
	Sets   []string `json:"sets,omitempty"`
	SHA256 string   `json:"sha256"`
}

// Identify names scenario s, given as name with the --set changes sets, with its hash.
func Identify(name string, sets []string, s *sim.Scenario) (ScenarioID, error) {
	canon, err := sim.EncodeScenario(s)
	if err != nil {
		return ScenarioID{}, err
	}
	sum := sha256.Sum256(canon)
	return ScenarioID{Name: name, Sets: sets, SHA256: hex.EncodeToString(sum[:])}, nil
}

// NewBatchSummary describes a finished batch of scenario s, named as Identify names it.
func NewBatchSummary(name string, sets []string, s *sim.Scenario, seed uint64, agg *sim.Aggregate) (BatchSummary, error) {
	id, err := Identify(name, sets, s)
	if err != nil {
		return BatchSummary{}, err
	}
	return BatchSummary{Scenario: id, EngineVersion: sim.EngineVersion, Seed: seed, Summary: agg.Summarize()}, nil
}
