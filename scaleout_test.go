package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestScaleOutQuotesSlurm: docs/scale-out.md shows every script of deploy/slurm exactly as
// the file holds it, so what TestSlurmArray runs is what the page says.
func TestScaleOutQuotesSlurm(t *testing.T) {
	doc, err := os.ReadFile("docs/scale-out.md")
	if err != nil {
		t.Fatal(err)
	}
	scripts, err := filepath.Glob("deploy/slurm/*.sh")
	if err != nil || len(scripts) < 3 {
		t.Fatalf("deploy/slurm holds %v (%v); want shards.sh, merge.sh and submit.sh", scripts, err)
	}
	for _, path := range scripts {
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		quoted := fmt.Sprintf("[`%s`](../%s):\n\n```sh\n%s```\n", path, path, body)
		if !bytes.Contains(doc, []byte(quoted)) {
			t.Errorf("docs/scale-out.md does not quote %s as it is; want it after a link to it, in a ```sh block", path)
		}
	}
}
