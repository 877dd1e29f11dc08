#!/bin/sh
# One shard of a big pipesim batch per task of a Slurm job array: task k runs shard k of
# PIPESIM_SHARDS and writes its partial aggregate to PIPESIM_RESULTS/parts. The array's upper
# bound and PIPESIM_SHARDS must be the same n; %8 runs at most 8 tasks at once.
#SBATCH --job-name=pipesim-shards
#SBATCH --array=1-16%8
#SBATCH --cpus-per-task=4
#SBATCH --output=slurm-%A_%a.out
set -eu

# The batch: the same on every task (sbatch passes the submitting shell's environment on).
: "${PIPESIM:=pipesim}"                 # the binary, on a path every node sees
: "${PIPESIM_SCENARIO:=mid-market}"     # a preset or a scenario file
: "${PIPESIM_RUNS:=1000000}"
: "${PIPESIM_SEED:=1}"
: "${PIPESIM_SHARDS:=16}"
: "${PIPESIM_RESULTS:=results}"         # a folder on a shared file system

k=${SLURM_ARRAY_TASK_ID}
mkdir -p "${PIPESIM_RESULTS}/parts"
# --force: a task that Slurm requeues, or that a rerun repeats, replaces its own part.
exec "${PIPESIM}" batch --scenario "${PIPESIM_SCENARIO}" --runs "${PIPESIM_RUNS}" --seed "${PIPESIM_SEED}" \
  --workers "${SLURM_CPUS_PER_TASK:-1}" -q --force \
  --shard "${k}/${PIPESIM_SHARDS}" --out "${PIPESIM_RESULTS}/parts/part-${k}-of-${PIPESIM_SHARDS}.json"
