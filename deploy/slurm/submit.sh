#!/bin/sh
# Submits the shards as a job array and the merge as a job that waits for all of them, and
# prints both job ids. Options go to the array's sbatch, for example a rerun of some shards:
#   deploy/slurm/submit.sh --array=3,7-8
set -eu

here=$(dirname "$0")
shards=$(sbatch --parsable "$@" "${here}/shards.sh")
shards=${shards%%;*} # --parsable writes "id;cluster" on a multi-cluster setup
merge=$(sbatch --parsable --dependency=afterok:"${shards}" "${here}/merge.sh")
echo "shards: job ${shards}; merge: job ${merge%%;*}"
