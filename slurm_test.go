//go:build linux

package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pipesim/pipesim/internal/cli"
)

// The batch the Slurm tests run: 16 shards of 16,000 mid-market runs, one worker a task, as
// issue 18 asks (the node has the machine's cores, so tasks run side by side).
const (
	slurmRuns   = 16000
	slurmShards = 16
)

// slurmCluster is a one-node Slurm cluster on this machine: munged, slurmctld and slurmd,
// with their configuration, state and logs in a test's temporary folder.
type slurmCluster struct {
	dir  string
	conf string   // slurm.conf, which the client commands find through SLURM_CONF
	env  []string // the environment of client commands and so of the jobs
}

// TestSlurmArray runs deploy/slurm on a real one-node Slurm cluster: the array of shards and
// the dependent merge give the unsharded batch's summary.json byte for byte, and after two
// tasks are lost, merge names them, a rerun of just those completes the batch.
// Without Slurm it is skipped, except in CI (CI set), where it fails.
func TestSlurmArray(t *testing.T) {
	needSlurm(t)
	bin := buildPipesim(t)
	c := startSlurm(t)
	want := unshardedSummary(t, bin)

	t.Run("array and merge", func(t *testing.T) {
		work := t.TempDir()
		shards, merge := c.submit(t, bin, work, "--cpus-per-task=1")
		c.waitJobs(t, shards, slurmShards)
		c.waitJobs(t, merge, 1)
		c.wantStates(t, shards, "COMPLETED", slurmShards)
		c.wantStates(t, merge, "COMPLETED", 1)
		sameSummary(t, filepath.Join(work, "results/merged/summary.json"), want)
	})

	t.Run("rerun of lost shards", func(t *testing.T) {
		work := t.TempDir()
		// Two tasks fail for sure: a folder stands where their parts would go, which batch
		// refuses to replace (exit status 2).
		lost := []string{"results/parts/part-5-of-16.json", "results/parts/part-12-of-16.json"}
		for _, p := range lost {
			if err := os.MkdirAll(filepath.Join(work, p), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		shards, merge := c.submit(t, bin, work, "--cpus-per-task=1")
		c.waitJobs(t, shards, slurmShards)
		c.wantStates(t, shards, "COMPLETED", slurmShards-2)
		c.wantStates(t, shards, "FAILED", 2)
		// afterok can no longer hold: the merge waits forever, until cancelled.
		c.waitFor(t, "the merge job to wait for good", 30*time.Second, func() (bool, string) {
			out, err := c.output("squeue", "-h", "-j", merge, "-o", "%T %r")
			return err == nil && strings.TrimSpace(out) == "PENDING DependencyNeverSatisfied", out
		})
		c.run(t, "scancel", merge)
		for _, p := range lost {
			if err := os.Remove(filepath.Join(work, p)); err != nil {
				t.Fatal(err)
			}
		}

		rerun := missingShards(t, bin, work)
		if rerun != "--array=5,12" {
			t.Fatalf("merge names %s to rerun; want --array=5,12", rerun)
		}
		shards, merge = c.submit(t, bin, work, "--cpus-per-task=1", rerun)
		c.waitJobs(t, shards, 2)
		c.waitJobs(t, merge, 1)
		c.wantStates(t, shards, "COMPLETED", 2)
		c.wantStates(t, merge, "COMPLETED", 1)
		sameSummary(t, filepath.Join(work, "results/merged/summary.json"), want)
	})
}

// needSlurm skips the test without the Slurm and MUNGE daemons and root (SlurmUser root, so
// the test needs no slurm account), unless CI is set: there, .ci/run installs them.
func needSlurm(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("the Slurm test; go test without -short runs it")
	}
	var missing []string
	for _, cmd := range []string{"munged", "slurmctld", "slurmd", "sbatch", "squeue", "scancel", "scontrol", "sinfo"} {
		if _, err := exec.LookPath(cmd); err != nil {
			missing = append(missing, cmd)
		}
	}
	why := ""
	switch {
	case len(missing) > 0:
		why = "Slurm is not installed (no " + strings.Join(missing, ", ") + "; apt-get install slurm-wlm munge)"
	case os.Geteuid() != 0:
		why = "the one-node Slurm cluster runs its daemons as root"
	}
	if why == "" {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set, but %s", why)
	}
	t.Skip(why)
}

// buildPipesim builds the pipesim binary that the jobs run.
func buildPipesim(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "pipesim")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// unshardedSummary runs the whole batch in one process and returns its summary.json.
func unshardedSummary(t *testing.T, bin string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "whole")
	cmd := exec.Command(bin, "batch", "--scenario", "mid-market", "--runs", strconv.Itoa(slurmRuns), "--seed", "1", "-q", "--out", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("unsharded batch: %v\n%s", err, b)
	}
	b, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sameSummary(t *testing.T, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the merge job wrote no summary: %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the unsharded batch's summary.json (%d bytes, want %d)", path, len(got), len(want))
	}
}

// missingShards runs merge on a folder of parts with shards missing and returns the array
// option its message gives for the rerun.
func missingShards(t *testing.T, bin, work string) string {
	t.Helper()
	cmd := exec.Command(bin, "merge", "results/parts", "--out", "results/merged")
	cmd.Dir = work
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != cli.ExitUsage {
		t.Fatalf("merge of an incomplete array: %v, %s; want exit status 2", err, out)
	}
	m := regexp.MustCompile(`^pipesim: missing shards [0-9, -]+ of 16; rerun them \(a Slurm array: (--array=\S+)\) and merge again\n$`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("merge of an incomplete array says %q", out)
	}
	return string(m[1])
}

// startSlurm starts munged, slurmctld and slurmd in the foreground, each in a process group of
// its own that the test's cleanup ends, and waits until the node takes jobs.
func startSlurm(t *testing.T) *slurmCluster {
	t.Helper()
	c := &slurmCluster{dir: t.TempDir()}
	for _, d := range []string{"munge", "state", "spool", "log"} {
		if err := os.MkdirAll(filepath.Join(c.dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	socket := c.writeMungeKey(t)
	c.conf = c.writeConf(t, socket)
	c.env = append(os.Environ(), "SLURM_CONF="+c.conf)
	host := shortHostname(t)
	c.daemon(t, "munged", "-F", "--force", "--key-file="+filepath.Join(c.dir, "munge/munge.key"),
		"--socket="+socket, "--pid-file="+filepath.Join(c.dir, "munge/munged.pid"),
		"--seed-file="+filepath.Join(c.dir, "munge/munged.seed"), "--log-file="+filepath.Join(c.dir, "log/munged.log"))
	c.waitFor(t, "munged's socket", 10*time.Second, func() (bool, string) {
		_, err := os.Stat(socket)
		return err == nil, fmt.Sprint(err)
	})
	c.daemon(t, "slurmctld", "-D", "-i", "-f", c.conf)
	c.daemon(t, "slurmd", "-D", "-f", c.conf, "-N", host)
	c.waitFor(t, "the node idle", 60*time.Second, func() (bool, string) {
		out, err := c.output("sinfo", "-h", "-o", "%T")
		return err == nil && strings.TrimSpace(out) == "idle", out
	})
	return c
}

// writeMungeKey writes a fresh MUNGE key, so that only this cluster's commands authenticate.
func (c *slurmCluster) writeMungeKey(t *testing.T) (socket string) {
	t.Helper()
	key := make([]byte, 1024)
	rand.Read(key)
	if err := os.WriteFile(filepath.Join(c.dir, "munge/munge.key"), key, 0o400); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(c.dir, "munge/munge.socket")
}

// writeConf writes the one-node slurm.conf: daemons on free ports of 127.0.0.1, no cgroups
// (proctrack/linuxproc, task/none: containers often have none to give), no accounting, and
// finished jobs kept in squeue for the test to read their states.
func (c *slurmCluster) writeConf(t *testing.T, socket string) string {
	t.Helper()
	host := shortHostname(t)
	conf := fmt.Sprintf(`ClusterName=pipesim-test
SlurmctldHost=%[1]s(127.0.0.1)
SlurmctldPort=%[2]d
SlurmdPort=%[3]d
CommunicationParameters=NoInAddrAny
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=%[4]s
CredType=cred/munge
StateSaveLocation=%[5]s/state
SlurmdSpoolDir=%[5]s/spool
SlurmctldPidFile=%[5]s/slurmctld.pid
SlurmdPidFile=%[5]s/slurmd.pid
SlurmctldLogFile=%[5]s/log/slurmctld.log
SlurmdLogFile=%[5]s/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=600
NodeName=%[1]s NodeAddr=127.0.0.1 CPUs=%[6]d State=UNKNOWN
PartitionName=test Nodes=%[1]s Default=YES MaxTime=INFINITE State=UP
`, host, freePort(t), freePort(t), socket, c.dir, runtime.NumCPU())
	path := filepath.Join(c.dir, "slurm.conf")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// shortHostname is the host name that slurmctld checks SlurmctldHost against.
func shortHostname(t *testing.T) string {
	t.Helper()
	h, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	h, _, _ = strings.Cut(h, ".")
	return h
}

// freePort is a TCP port of 127.0.0.1 free a moment ago, so that the test cluster does not
// meet a Slurm already running here.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// daemon starts a daemon in the foreground in a process group of its own; cleanup ends the
// group (slurmd's job steps with it), first with SIGTERM, then, if it lingers, SIGKILL.
func (c *slurmCluster) daemon(t *testing.T, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = c.env
	log, err := os.Create(filepath.Join(c.dir, "log", name+".out"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); log.Close(); close(done) }()
	t.Cleanup(func() {
		pgid := cmd.Process.Pid
		syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			syscall.Kill(-pgid, syscall.SIGKILL)
			<-done
		}
		if t.Failed() {
			t.Logf("%s log: %s", name, tail(filepath.Join(c.dir, "log", name+".log")))
		}
	})
}

// tail is the end of a log file, for a failing test's report.
func tail(path string) string {
	b, _ := os.ReadFile(path)
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

// submit runs deploy/slurm/submit.sh in work with the batch's settings in the environment,
// the array options given, and returns the job ids of the array and of the merge.
func (c *slurmCluster) submit(t *testing.T, bin, work string, arrayOpts ...string) (shards, merge string) {
	t.Helper()
	script, err := filepath.Abs("deploy/slurm/submit.sh")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(script, arrayOpts...)
	cmd.Dir = work
	cmd.Env = append(slices.Clone(c.env), "PIPESIM="+bin, "PIPESIM_SCENARIO=mid-market",
		"PIPESIM_RUNS="+strconv.Itoa(slurmRuns), "PIPESIM_SEED=1", "PIPESIM_SHARDS="+strconv.Itoa(slurmShards))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("submit.sh %v: %v\n%s", arrayOpts, err, out)
	}
	m := regexp.MustCompile(`^shards: job (\d+); merge: job (\d+)\n$`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("submit.sh printed %q", out)
	}
	return string(m[1]), string(m[2])
}

// run runs a Slurm client command that must succeed.
func (c *slurmCluster) run(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := c.output(name, args...); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

// output runs a Slurm client command, bounded, and returns what it printed.
func (c *slurmCluster) output(name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = c.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// jobStates are the states of a job's tasks (one for a plain job), as squeue lists them.
func (c *slurmCluster) jobStates(job string) ([]string, error) {
	out, err := c.output("squeue", "-h", "-r", "-t", "all", "-j", job, "-o", "%T")
	if err != nil {
		return nil, fmt.Errorf("squeue: %v: %s", err, out)
	}
	return strings.Fields(out), nil
}

// finished are the states of a job that has ended (squeue --help, JOB STATE CODES).
var finished = map[string]bool{"COMPLETED": true, "FAILED": true, "CANCELLED": true, "TIMEOUT": true,
	"NODE_FAIL": true, "PREEMPTED": true, "BOOT_FAIL": true, "DEADLINE": true, "OUT_OF_MEMORY": true}

// waitJobs waits, bounded, until all n tasks of job have ended, polling squeue.
func (c *slurmCluster) waitJobs(t *testing.T, job string, n int) {
	t.Helper()
	c.waitFor(t, fmt.Sprintf("job %s's %d tasks to end", job, n), 90*time.Second, func() (bool, string) {
		states, err := c.jobStates(job)
		if err != nil {
			t.Fatal(err)
		}
		ended := !slices.ContainsFunc(states, func(s string) bool { return !finished[s] })
		return len(states) == n && ended, strings.Join(states, " ")
	})
}

// wantStates checks that n tasks of job ended in state want.
func (c *slurmCluster) wantStates(t *testing.T, job, want string, n int) {
	t.Helper()
	states, err := c.jobStates(job)
	if err != nil {
		t.Fatal(err)
	}
	got := 0
	for _, s := range states {
		if s == want {
			got++
		}
	}
	if got != n {
		t.Errorf("job %s: %d tasks %s, want %d; states %v", job, got, want, n, states)
	}
}

// waitFor polls done until it holds or the bound passes, which fails the test naming what
// it waited for, the last state seen and the daemons' logs.
func (c *slurmCluster) waitFor(t *testing.T, what string, bound time.Duration, done func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(bound)
	for {
		ok, last := done()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s; last seen: %s; logs in %s:\nslurmctld: %s\nslurmd: %s", bound, what, last, c.dir,
				tail(filepath.Join(c.dir, "log/slurmctld.log")), tail(filepath.Join(c.dir, "log/slurmd.log")))
		}
		time.Sleep(200 * time.Millisecond)
	}
}
