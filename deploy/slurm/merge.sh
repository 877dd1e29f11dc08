#!/bin/sh
# Merges the parts of shards.sh into the batch's results folder, PIPESIM_RESULTS/merged.
# Submit it with --dependency=afterok:ARRAY_JOB_ID so that it runs once every task succeeded.
# If shards are missing, merge fails naming them as an array to rerun, for example
#   missing shards 3, 7-8 of 16; rerun them (a Slurm array: --array=3,7-8) and merge again
#SBATCH --job-name=pipesim-merge
#SBATCH --output=slurm-%j.out
set -eu

: "${PIPESIM:=pipesim}"
: "${PIPESIM_RESULTS:=results}"

exec "${PIPESIM}" merge "${PIPESIM_RESULTS}/parts" -q --out "${PIPESIM_RESULTS}/merged"
