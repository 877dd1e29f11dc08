package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pipesim/pipesim/sim/experiment"
)

// ShardFlag is --shard k/n: unset, or shard K (from 1) of N.
type ShardFlag struct {
	K, N  int
	Given bool
}

func (f *ShardFlag) String() string {
	if !f.Given {
		return ""
	}
	return fmt.Sprintf("%d/%d", f.K, f.N)
}

func (f *ShardFlag) Set(v string) error {
	ks, ns, ok := strings.Cut(strings.TrimSpace(v), "/")
	k, kerr := strconv.Atoi(ks)
	n, nerr := strconv.Atoi(ns)
	if !ok || kerr != nil || nerr != nil {
		return fmt.Errorf("want k/n, shard k of n, for example 1/4")
	}
	f.K, f.N, f.Given = k, n, true
	return nil
}

func (f *ShardFlag) Type() string { return "k/n" }

// Check validates --shard against --runs: 1 <= k <= n <= runs, so no shard is empty.
func (f ShardFlag) Check(runs int) error {
	if !f.Given {
		return nil
	}
	return InputError("--shard ", experiment.Shard{K: f.K, N: f.N, Runs: runs}.Check())
}
