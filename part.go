package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/format"
)

// partHeadBytes bounds everything of a partial before its aggregate: the scenario (at most a
// scenario file's 1 MiB) and a few numbers and names.
const partHeadBytes = sim.MaxScenarioBytes + 64<<10

// scenarioHash is the SHA-256 of a scenario's compact JSON, which a partial carries to show
// that its scenario was not edited after the shard ran.
func scenarioHash(raw []byte) (string, error) {
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		return "", err
	}
	sum := sha256.Sum256(compact.Bytes())
	return hex.EncodeToString(sum[:]), nil
}

// decodePart reads a partial-aggregate file strictly: the keys batch --shard writes, each once,
// in its order for format and version; at most as many bytes as its declared runs and weeks can
// take; then the aggregate's shape against the scenario. Its errors complete "part FILE ...".
func decodePart(r io.Reader) (*partial, error) {
	lr := &io.LimitedReader{R: r, N: partHeadBytes}
	dec := json.NewDecoder(lr)
	dec.DisallowUnknownFields()
	p := &partial{}
	if err := p.decodeHead(dec); err != nil {
		return nil, err
	}
	fields := map[string]any{"engine_version": &p.EngineVersion, "name": &p.Name, "sets": &p.Sets, "scenario": &p.Scenario, "scenario_sha256": &p.ScenarioHash,
		"seed": &p.Seed, "runs": &p.Runs, "shard": &p.Shard, "shards": &p.Shards, "first": &p.First}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		key, ok := tok.(string)
		if err != nil || !ok {
			return nil, damaged(lr, p, "%v", err)
		}
		if seen[key] {
			return nil, damaged(lr, p, "key %q given twice", sim.Excerpt(key))
		}
		seen[key] = true
		if key == "aggregate" {
			if err := p.checkHead(); err != nil {
				return nil, err
			}
			lr.N += p.aggregateBytes()
			p.Aggregate = &sim.Aggregate{}
			if err := dec.Decode(p.Aggregate); err != nil {
				return nil, damaged(lr, p, "aggregate: %v", err)
			}
			continue
		}
		ptr, ok := fields[key]
		if !ok {
			return nil, damaged(lr, p, "unknown key %q", sim.Excerpt(key))
		}
		if err := dec.Decode(ptr); err != nil {
			return nil, damaged(lr, p, "%s: %v", key, err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, damaged(lr, p, "%v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, damaged(lr, p, "more after the partial aggregate")
	}
	if p.Aggregate == nil {
		return nil, damaged(lr, p, "no aggregate")
	}
	lo, hi := shardRange(p.Shard, p.Shards, p.Runs)
	if err := p.Aggregate.Check(&p.scenario, hi-lo); err != nil {
		return nil, fmt.Errorf("is damaged: shard %d/%d should hold runs %d to %d: %w", p.Shard, p.Shards, lo, hi-1, err)
	}
	return p, nil
}

// errNotPart is a file that is no partial aggregate at all.
var errNotPart = errors.New("is not a partial aggregate of 'pipesim batch --shard'")

// decodeHead reads the opening brace, format and version, which come first in every version,
// so that another file or another version is named as such, not as damaged.
func (p *partial) decodeHead(dec *json.Decoder) error {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return errNotPart
	}
	for _, f := range []struct {
		key string
		ptr any
	}{{"format", &p.Format}, {"version", &p.Version}} {
		if tok, err := dec.Token(); err != nil || tok != f.key {
			return errNotPart
		}
		if err := dec.Decode(f.ptr); err != nil || p.Format != partFormat {
			return errNotPart
		}
	}
	if p.Version != partVersion {
		return fmt.Errorf("has format version %d; this pipesim reads version %d", p.Version, partVersion)
	}
	return nil
}

// checkHead checks what a partial declares before its aggregate is read: the shard within the
// batch, and the scenario unchanged and valid.
func (p *partial) checkHead() error {
	switch {
	case p.EngineVersion != sim.EngineVersion:
		return fmt.Errorf("was run by engine version %d; this pipesim's engine is version %d, whose numbers differ: merge with the pipesim that ran the shards, or rerun them", p.EngineVersion, sim.EngineVersion)
	case p.Runs < 1 || p.Runs > maxRuns:
		return fmt.Errorf("is damaged: runs %d out of range; allowed 1 to %s", p.Runs, format.Thousands(maxRuns, 0))
	case p.Shards < 1 || p.Shards > min(maxShards, p.Runs) || p.Shard < 1 || p.Shard > p.Shards:
		return fmt.Errorf("is damaged: shard %d/%d of %d runs is out of range", p.Shard, p.Shards, p.Runs)
	}
	if lo, hi := shardRange(p.Shard, p.Shards, p.Runs); p.First != lo {
		return fmt.Errorf("is damaged: shard %d/%d of %d runs should start at run %d, not %d", p.Shard, p.Shards, p.Runs, lo, p.First)
	} else if hi <= lo {
		return fmt.Errorf("is damaged: shard %d/%d of %d runs is empty", p.Shard, p.Shards, p.Runs)
	}
	hash, err := scenarioHash(p.Scenario)
	if err != nil {
		return fmt.Errorf("is damaged: scenario: %v", err)
	}
	if hash != p.ScenarioHash {
		return fmt.Errorf("is damaged: its scenario does not match its scenario_sha256 (edited after the shard ran?)")
	}
	if p.scenario, err = sim.DecodeScenario(p.Scenario); err != nil {
		return fmt.Errorf("is damaged: scenario: %w", err)
	}
	var compact bytes.Buffer
	_ = json.Compact(&compact, p.Scenario) // scenarioHash compacted it already
	p.Scenario = compact.Bytes()
	return nil
}

// aggregateBytes is the most JSON the aggregate of the declared shard can take: every quantile
// summary holding a value or a bucket for each run, every exact sum at its most partials,
// every number at its longest.
func (p *partial) aggregateBytes() int64 {
	const valueBytes, bucketBytes, sumBytes, summaryBytes = 25, 32, 64 * 25, 256
	lo, hi := shardRange(p.Shard, p.Shards, p.Runs)
	runs := int64(hi - lo)
	quantiles := func(exact int) int64 {
		if runs <= int64(exact) {
			return runs * valueBytes
		}
		return runs * bucketBytes
	}
	metrics, weeks := int64(len(sim.Metrics)), int64(p.scenario.Weeks)
	perMetric := quantiles(sim.ExactQuantiles) + 3*sumBytes + summaryBytes
	perWeek := quantiles(sim.ExactWeeklyQuantiles) + 2*sumBytes + summaryBytes
	return (2*metrics+1)*perMetric + 2*weeks*perWeek + 64<<10
}

// damaged words a decoding error of a part; a part cut short by its size limit says so.
func damaged(lr *io.LimitedReader, p *partial, msg string, args ...any) error {
	if lr.N <= 0 {
		if p.Aggregate == nil {
			return fmt.Errorf("is damaged: more than %s before its aggregate", byteSize(partHeadBytes))
		}
		return fmt.Errorf("is damaged: larger than a shard of %s runs and %d weeks can be", format.Thousands(float64(p.Runs), 0), p.scenario.Weeks)
	}
	return fmt.Errorf("is damaged: "+msg, args...)
}
