package experiment

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/format"
)

// Shards: a batch cut into contiguous slices of runs, each run on its own (on another machine)
// into a partial aggregate, and merged back into exactly the aggregate of the whole batch.

// MaxRuns bounds a batch, and so every experiment's runs in all.
const MaxRuns = 100_000_000

// Partial-aggregate files: what a Shard's Run gives and Merge takes.
const (
	PartFormat  = "pipesim-partial"
	PartVersion = 4 // 2 added scenario_sha256 and strict decoding; 3, the weekly paired differences; 4, engine_version
	MaxShards   = 100_000
)

// Partial is a partial-aggregate file: one shard of a batch, with everything merge needs to
// check that parts belong together and to write the same outputs as the unsharded batch.
type Partial struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	// EngineVersion is sim.EngineVersion of the pipesim that ran the shard: parts of two
	// engines hold numbers of two models, which merged would match no batch.
	EngineVersion int             `json:"engine_version"`
	Name          string          `json:"name"` // --scenario as given
	Sets          []string        `json:"sets,omitempty"`
	Scenario      json.RawMessage `json:"scenario"` // the resolved scenario, as sim.EncodeScenario writes it
	// ScenarioHash is the SHA-256 of the scenario's compact JSON.
	ScenarioHash string         `json:"scenario_sha256"`
	Seed         uint64         `json:"seed"`
	Runs         int            `json:"runs"` // of the whole batch
	Shard        int            `json:"shard"`
	Shards       int            `json:"shards"`
	First        int            `json:"first"` // index of the shard's first run
	Aggregate    *sim.Aggregate `json:"aggregate"`

	scenario sim.Scenario // decoded from Scenario by DecodePartial
}

// Resolved is the scenario a decoded partial holds.
func (p *Partial) Resolved() *sim.Scenario { return &p.scenario }

// ShardRange is the runs [lo, hi) of shard k of n: contiguous slices as even as can be.
func ShardRange(k, n, runs int) (lo, hi int) {
	return (k - 1) * runs / n, k * runs / n
}

// Shard runs slice K (from 1) of N of a batch of Runs paired runs.
type Shard struct {
	K, N     int
	Runs     int // of the whole batch
	Seed     uint64
	Workers  int
	Name     string   // the scenario as given (a preset or a file), for the merged summary
	Sets     []string // the changes set on top of it
	Progress func(done, total int)
}

// Check refuses a shard that does not exist: 1 <= K <= N <= Runs, so no shard is empty.
func (x Shard) Check() error {
	switch {
	case x.N < 1 || x.N > MaxShards:
		return sim.Errorf(sim.KindInput, "", "%d/%d: the number of shards is out of range; allowed 1 to %s", x.K, x.N, format.Thousands(MaxShards, 0))
	case x.K < 1 || x.K > x.N:
		return sim.Errorf(sim.KindInput, "", "%d/%d is out of range; allowed 1/%d to %d/%d", x.K, x.N, x.N, x.N, x.N)
	case x.N > x.Runs:
		return sim.Errorf(sim.KindInput, "", "%d/%d: %d shards of %s runs would leave shards empty; allowed at most --runs shards", x.K, x.N, x.N, format.Thousands(float64(x.Runs), 0))
	}
	return nil
}

// Run runs the shard's slice on a validated scenario.
func (x Shard) Run(ctx context.Context, s *sim.Scenario) (*Partial, error) {
	if err := x.Check(); err != nil {
		return nil, err
	}
	scen, err := sim.EncodeScenario(s)
	if err != nil {
		return nil, err
	}
	lo, hi := ShardRange(x.K, x.N, x.Runs)
	agg, err := sim.Batch{Runs: hi - lo, First: lo, Seed: x.Seed, Workers: x.Workers, Progress: x.Progress}.Run(ctx, s)
	if err != nil {
		return nil, err
	}
	hash, err := scenarioHash(scen)
	if err != nil {
		return nil, err
	}
	return &Partial{Format: PartFormat, Version: PartVersion, EngineVersion: sim.EngineVersion, Name: x.Name, Sets: x.Sets,
		Scenario: scen, ScenarioHash: hash, Seed: x.Seed, Runs: x.Runs, Shard: x.K, Shards: x.N, First: lo, Aggregate: agg,
		scenario: *s}, nil
}

// Encode writes the partial-aggregate file.
func (p *Partial) Encode() ([]byte, error) {
	data, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("encode partial aggregate: %w", err)
	}
	return append(data, '\n'), nil
}

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

// DecodePartial reads a partial-aggregate file strictly: the keys batch --shard writes, each once,
// in its order for format and version; at most as many bytes as its declared runs and weeks can
// take; then the aggregate's shape against the scenario. Its errors complete "part FILE ..."; all are bad input.
func DecodePartial(r io.Reader) (*Partial, error) {
	lr := &io.LimitedReader{R: r, N: partHeadBytes}
	dec := json.NewDecoder(lr)
	dec.DisallowUnknownFields()
	p := &Partial{}
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
	lo, hi := ShardRange(p.Shard, p.Shards, p.Runs)
	if err := p.Aggregate.Check(&p.scenario, hi-lo); err != nil {
		return nil, fmt.Errorf("is damaged: shard %d/%d should hold runs %d to %d: %w", p.Shard, p.Shards, lo, hi-1, err)
	}
	return p, nil
}

// errNotPart is a file that is no partial aggregate at all.
var errNotPart = errors.New("is not a partial aggregate of 'pipesim batch --shard'")

// decodeHead reads the opening brace, format and version, which come first in every version,
// so that another file or another version is named as such, not as damaged.
func (p *Partial) decodeHead(dec *json.Decoder) error {
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
		if err := dec.Decode(f.ptr); err != nil || p.Format != PartFormat {
			return errNotPart
		}
	}
	if p.Version != PartVersion {
		return fmt.Errorf("has format version %d; this pipesim reads version %d", p.Version, PartVersion)
	}
	return nil
}

// checkHead checks what a partial declares before its aggregate is read: the shard within the
// batch, and the scenario unchanged and valid.
func (p *Partial) checkHead() error {
	switch {
	case p.EngineVersion != sim.EngineVersion:
		return fmt.Errorf("was run by engine version %d; this pipesim's engine is version %d, whose numbers differ: merge with the pipesim that ran the shards, or rerun them", p.EngineVersion, sim.EngineVersion)
	case p.Runs < 1 || p.Runs > MaxRuns:
		return fmt.Errorf("is damaged: runs %d out of range; allowed 1 to %s", p.Runs, format.Thousands(MaxRuns, 0))
	case p.Shards < 1 || p.Shards > min(MaxShards, p.Runs) || p.Shard < 1 || p.Shard > p.Shards:
		return fmt.Errorf("is damaged: shard %d/%d of %d runs is out of range", p.Shard, p.Shards, p.Runs)
	}
	if lo, hi := ShardRange(p.Shard, p.Shards, p.Runs); p.First != lo {
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
func (p *Partial) aggregateBytes() int64 {
	const valueBytes, bucketBytes, sumBytes, summaryBytes = 25, 32, 64 * 25, 256
	lo, hi := ShardRange(p.Shard, p.Shards, p.Runs)
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
func damaged(lr *io.LimitedReader, p *Partial, msg string, args ...any) error {
	if lr.N <= 0 {
		if p.Aggregate == nil {
			return fmt.Errorf("is damaged: more than %s before its aggregate", format.Bytes(partHeadBytes))
		}
		return fmt.Errorf("is damaged: larger than a shard of %s runs and %d weeks can be", format.Thousands(float64(p.Runs), 0), p.scenario.Weeks)
	}
	return fmt.Errorf("is damaged: "+msg, args...)
}

// Merge joins the partials of one batch, checking that they are its complete, distinct shards.
// It streams: each partial is merged into the first one's aggregate as it is added, so memory
// holds one partial and the merged aggregate, however many there are. The order does not
// matter: the merged sums and quantile summaries are the same in any order.
type Merge struct {
	first *Partial
	name  string // where the first came from, for messages
	found shardsFound
}

// Add merges partial p, read from name (a file), refusing one of another batch.
func (m *Merge) Add(name string, p *Partial) error {
	if m.first == nil {
		m.first, m.name = p, name
		m.found = newShardsFound(p.Shards)
		m.found.add(p.Shard, name)
		return nil
	}
	if err := m.sameBatch(name, p); err != nil {
		return err
	}
	if m.found.add(p.Shard, name) {
		m.first.Aggregate.Merge(p.Aggregate)
	}
	return nil
}

// Result is the merged aggregate and the first partial, which describes the batch; it refuses
// shards given twice and missing shards.
func (m *Merge) Result() (*sim.Aggregate, *Partial, error) {
	if m.first == nil {
		return nil, nil, sim.Errorf(sim.KindInput, "", "no partial aggregates to merge")
	}
	if err := m.found.complete(); err != nil {
		return nil, nil, err
	}
	return m.first.Aggregate, m.first, nil
}

// sameBatch refuses a part that is not a shard of the first part's batch.
func (m *Merge) sameBatch(path string, p *Partial) error {
	b, f := m.first, m.name
	switch {
	case !bytes.Equal(p.Scenario, b.Scenario):
		return sim.Errorf(sim.KindInput, "", "part %s is from another scenario than part %s; merge only the shards of one batch", sim.Excerpt(path), sim.Excerpt(f))
	case p.Seed != b.Seed:
		return sim.Errorf(sim.KindInput, "", "part %s has seed %d, part %s seed %d; merge only the shards of one batch", sim.Excerpt(path), p.Seed, sim.Excerpt(f), b.Seed)
	case p.Runs != b.Runs:
		return sim.Errorf(sim.KindInput, "", "part %s is of a batch of %d runs, part %s of %d; merge only the shards of one batch", sim.Excerpt(path), p.Runs, sim.Excerpt(f), b.Runs)
	case p.Shards != b.Shards:
		return sim.Errorf(sim.KindInput, "", "part %s is shard %d/%d, part %s is of %d shards; merge only the shards of one batch", sim.Excerpt(path), p.Shard, p.Shards, sim.Excerpt(f), b.Shards)
	}
	return nil
}

// shardsFound records which shards of a batch of n the parts given to merge hold: the first
// file of each shard, and the shards given again.
type shardsFound struct {
	first []string // first[k] is the first file of shard k, "" while none
	twice []int    // shards given more than once, each once, in the order found
	again string   // a second file of twice[0], to name both
}

func newShardsFound(n int) shardsFound { return shardsFound{first: make([]string, n+1)} }

// add records shard k in file path; it reports whether the shard is new.
func (f *shardsFound) add(k int, path string) bool {
	if f.first[k] == "" {
		f.first[k] = path
		return true
	}
	if len(f.twice) == 0 {
		f.again = path
	}
	if !slices.Contains(f.twice, k) {
		f.twice = append(f.twice, k)
	}
	return false
}

// complete refuses shards given twice and missing shards, each as one line of compact ranges
// ("missing shards 17-19, 240 of 256") that a rerun can take as its array, for example
// sbatch --array=17-19,240.
func (f *shardsFound) complete() error {
	n := len(f.first) - 1
	if len(f.twice) > 0 {
		k := f.twice[0]
		return sim.Errorf(sim.KindInput, "", "%s of %d in more than one part (shard %d: %s and %s); merge each shard once",
			shardsWord(f.twice), n, k, sim.Excerpt(f.first[k]), sim.Excerpt(f.again))
	}
	var missing []int
	for k := 1; k <= n; k++ {
		if f.first[k] == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return sim.Errorf(sim.KindInput, "", "missing %s of %d; rerun them (a Slurm array: --array=%s) and merge again",
			shardsWord(missing), n, shardRanges(missing, ","))
	}
	return nil
}

// shardsWord is "shard 3" or "shards 2-4, 9", the shard numbers as sorted ranges.
func shardsWord(ks []int) string {
	if len(ks) == 1 {
		return "shard " + strconv.Itoa(ks[0])
	}
	return "shards " + shardRanges(ks, ", ")
}

// shardRanges writes shard numbers as sorted ranges of consecutive numbers joined by sep:
// 17-19, 240.
func shardRanges(ks []int, sep string) string {
	sorted := slices.Sorted(slices.Values(ks))
	var out []string
	for i := 0; i < len(sorted); {
		j := i
		for j+1 < len(sorted) && sorted[j+1] == sorted[j]+1 {
			j++
		}
		if j == i {
			out = append(out, strconv.Itoa(sorted[i]))
		} else {
			out = append(out, fmt.Sprintf("%d-%d", sorted[i], sorted[j]))
		}
		i = j + 1
	}
	return strings.Join(out, sep)
}
