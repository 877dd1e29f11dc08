package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

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
		return usagef("%s of %d in more than one part (shard %d: %s and %s); merge each shard once",
			shardsWord(f.twice), n, k, excerpt(f.first[k]), excerpt(f.again))
	}
	var missing []int
	for k := 1; k <= n; k++ {
		if f.first[k] == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return usagef("missing %s of %d; rerun them (a Slurm array: --array=%s) and merge again",
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
