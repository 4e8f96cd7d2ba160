#!/usr/bin/env python3
"""Footprint of security-agent-c next to the C# agent, in one run against one local hub on
loopback: resident memory (Rss, Pss and private pages from /proc/PID/smaps_rollup, medians of one
sample a second) connected
over TLS, idle and during an exec storm paced at --rate a second that the ProcessCreate collector
sees (aggregation off through the twin, so each exec is an event), and CPU per 1,000 execs.
The storm and the hub are bench/agent-footprint/footprint.py's; the C# agent is its NativeAOT
build (run that script once first so that artifacts/bench/agent-footprint/ holds it).

    python3 bench/c-daemon/footprint.py --agent x86-64=BUILD/daemon/security-agent-c \
        --agent i386=BUILD32/daemon/security-agent-c [--seconds 20] [--rate 1000] [--runs 3]

Prints a Markdown table; bench/c-daemon/README.md records a run."""
import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "agent-footprint"))
import footprint  # noqa: E402  (the C# agent's bench: hub, twin, storm)

TWIN = {"highPriorityMessageFrequency": {"value": "PT1S"}, "lowPriorityMessageFrequency": {"value": "PT1S"},
        "aggregationEnabledProcessCreate": {"value": False}, "aggregationEnabledProcessTerminate": {"value": False},
        "eventPriorityProcessCreate": {"value": "High"}, "maxLocalCacheSizeInBytes": {"value": 16777216}}


def status(pid):
    """From smaps_rollup, in KiB: Rss, Pss, the private pages (Private_Clean + Private_Dirty:
    pages no other process maps, whatever backs them: on a host where nothing else maps the
    i386 libraries, all of them) and the anonymous ones (heap, stacks: the process's own)."""
    values = {"Private": 0}
    with open(f"/proc/{pid}/smaps_rollup") as text:
        for line in text:
            key, _, value = line.partition(":")
            if key in ("Rss", "Pss", "Anonymous"):
                values[key] = int(value.split()[0])
            elif key in ("Private_Clean", "Private_Dirty"):
                values["Private"] += int(value.split()[0])
    return values


def kauditd_pid():
    """The kernel thread that sends audit records to their reader (0 when audit is not built in)."""
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if open(f"/proc/{entry}/comm").read().strip() == "kauditd":
                    return int(entry)
            except OSError:
                continue
    return 0


def window(pid, seconds, rate=None):
    """Median Rss, Pss and private memory (KiB), CPU seconds and execs over one window, and the
    CPU seconds kauditd spent meanwhile (the kernel's side of any audit reader)."""
    storm = subprocess.Popen([sys.executable, footprint.__file__, "--storm", str(rate), str(seconds)]) if rate else None
    kauditd = kauditd_pid()
    kauditd0 = footprint.cpu_seconds(kauditd) if kauditd else 0
    cpu0, samples = footprint.cpu_seconds(pid), []
    for _ in range(seconds):
        time.sleep(1)
        samples.append(status(pid))
    cpu = footprint.cpu_seconds(pid) - cpu0
    kauditd_cpu = footprint.cpu_seconds(kauditd) - kauditd0 if kauditd else 0
    execs = 0
    if storm:
        storm.wait()
        execs = int(open(footprint.STORM_COUNT).read())
    memory = {key: statistics.median(s[key] for s in samples) for key in ("Rss", "Pss", "Private", "Anonymous")}
    return (memory, cpu, execs, kauditd_cpu)


COUNTERS = re.compile(r"collector ProcessCreate: (\d+) events submitted, \d+ malformed, (\d+) overflows, (\d+) incomplete")


def run_agent(command, seconds, rate):
    """Idle and loaded windows; then, for security-agent-c, ProcessCreate's counters as it logs
    them at its stop (events submitted, overflows, incomplete: over the whole run, storm included)."""
    log = tempfile.TemporaryFile(mode="w+")
    agent = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        time.sleep(10)  # connected, twin applied, first snapshot sent
        idle = window(agent.pid, seconds)
        loaded = window(agent.pid, seconds, rate)
    finally:
        agent.terminate()
        agent.wait(60)
    log.seek(0)
    found = COUNTERS.search(log.read())
    counters = tuple(int(v) for v in found.groups()) if found else None
    return idle, loaded, counters


# The Azure agents' audit rules (bench/exec-storm/AuditdRun.cs): what auditd records for them.
AZURE_RULES = [["-a", "always,exit", "-F", "arch=b64", "-S", "execve,execveat"],
               ["-a", "always,exit", "-F", "arch=b64", "-S", "connect", "-F", "success=1"],
               ["-a", "always,exit", "-F", "arch=b64", "-S", "accept", "-F", "success=1"]]


def auditctl(*arguments):
    return subprocess.run(["auditctl", *arguments], capture_output=True, text=True).stdout


def run_auditd(seconds, rate):
    """auditd recording the storm under the Azure agents' rules, measured as an agent is; the
    rules are deleted, auditd stopped and the audit enabled flag restored afterwards."""
    enabled_before = "1" if "enabled 1" in auditctl("-s") else "0"
    subprocess.run(["auditd"], check=True)
    pid = 0
    for _ in range(50):
        time.sleep(0.1)
        pid = next((int(line[4:]) for line in auditctl("-s").splitlines() if line.startswith("pid ")), 0)
        if pid:
            break
    try:
        for rule in AZURE_RULES:
            auditctl(*rule)
        time.sleep(10)  # as an agent settles
        return window(pid, seconds), window(pid, seconds, rate), None
    finally:
        for rule in AZURE_RULES:
            auditctl("-d", *rule[1:])
        if pid:
            os.kill(pid, signal.SIGTERM)
            time.sleep(0.5)
        auditctl("-e", enabled_before)


def floor_command(path, info):
    """tls-client-floor connected as the bench module, with a SAS token as the agents make."""
    resource = "localhost/devices/bench/modules/azureiotsecurity"
    token = footprint.sas(resource, info["module"]["SharedAccessKey"], "").rsplit("&skn=", 1)[0]
    return [path, "localhost", str(info["mqtt"]), info["ca"], "bench/azureiotsecurity",
            "localhost/bench/azureiotsecurity/?api-version=2021-04-12", token,
            "devices/bench/modules/azureiotsecurity/messages/events/"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agent", action="append", default=[], help="NAME=PATH of a security-agent-c build")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--rate", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-csharp", action="store_true", help="leave the C# agent out (C builds side by side only)")
    parser.add_argument("--floor", action="append", default=[],
                        help="NAME=PATH of a tls-client-floor build (tls_client_floor.c): the bare libmosquitto TLS client")
    parser.add_argument("--auditd", action="store_true", help="also auditd under the Azure agents' rules (nothing else may use audit)")
    args = parser.parse_args()
    aot = os.path.join(footprint.OUT, "aot", "security-agent")
    if (not args.no_csharp and not os.path.exists(aot)) or not os.path.exists(os.path.join(footprint.OUT, "hub", "local-hub.dll")):
        sys.exit("run bench/agent-footprint/footprint.py once first (it publishes the C# agent and the hub)")
    folder = tempfile.mkdtemp(prefix="c-footprint-")
    hub, info = footprint.start_hub(os.path.join(folder, "hub"))
    results = {}
    try:
        footprint.patch_twin(info, TWIN)
        agents = [(name, [path, "--config", footprint.configuration(folder, name, info, "information"), "--collectors", "ProcessCreate,SystemInformation"])
                  for name, path in (a.split("=", 1) for a in args.agent)]
        agents += [(name, floor_command(path, info)) for name, path in (f.split("=", 1) for f in args.floor)]
        if not args.no_csharp:
            agents.append(("C# NativeAOT", [aot, "run", "--config", footprint.configuration(folder, "csharp", info, "information"), "--status-interval", "0",
                                             "--collectors", "ProcessCreate,SystemInformation"]))
        for run in range(args.runs):
            for name, command in agents:
                results.setdefault(name, []).append(run_agent(command, args.seconds, args.rate))
                print(f"run {run + 1} {name}: {results[name][-1]}", file=sys.stderr)
            if args.auditd:
                name = "auditd, Azure agents' rules"
                results.setdefault(name, []).append(run_auditd(args.seconds, args.rate))
                print(f"run {run + 1} {name}: {results[name][-1]}", file=sys.stderr)
    finally:
        hub.terminate()
        hub.wait(30)
        shutil.rmtree(folder, ignore_errors=True)
    print("| agent | RSS idle | PSS idle | private idle | anonymous idle | RSS at load | PSS at load | private at load "
          "| anonymous at load | CPU idle | execs/s | CPU per 1,000 execs (runs) | net of idle | kauditd per 1,000 execs | incomplete creates (runs) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, runs in results.items():
        med = lambda f: statistics.median(f(r) for r in runs)  # noqa: E731
        mib = lambda phase, key: f"{med(lambda r: r[phase][0][key]) / 1024:.2f} MiB"  # noqa: E731
        per_thousand = [r[1][1] / max(r[1][2], 1) * 1e6 for r in runs]
        net = [(r[1][1] - r[0][1]) / max(r[1][2], 1) * 1e6 for r in runs]
        kauditd = [r[1][3] / max(r[1][2], 1) * 1e6 for r in runs]
        print(f"| {name} | {mib(0, 'Rss')} | {mib(0, 'Pss')} | {mib(0, 'Private')} | {mib(0, 'Anonymous')} | {mib(1, 'Rss')} | "
              f"{mib(1, 'Pss')} | {mib(1, 'Private')} | {mib(1, 'Anonymous')} | {med(lambda r: r[0][1]) / args.seconds * 100:.2f} % | {med(lambda r: r[1][2]) / args.seconds:.0f} | "
              f"{statistics.median(per_thousand):.1f} ms ({', '.join(f'{v:.1f}' for v in per_thousand)}) | "
              f"{statistics.median(net):.1f} ms | {statistics.median(kauditd):.1f} ms | {incomplete(runs)} |")


def incomplete(runs):
    """Incomplete ProcessCreate events per run, as a share of the creates (about half the events
    submitted: a create and a terminate per exec), with overflows when there were any."""
    parts = []
    for r in runs:
        if r[2] is None:
            parts.append("n/a")
            continue
        submitted, overflows, missing = r[2]
        part = f"{missing / max(submitted / 2, 1) * 100:.1f} %"
        parts.append(part + (f", {overflows} overflows" if overflows else ""))
    return "; ".join(parts)

if __name__ == "__main__":
    main()
