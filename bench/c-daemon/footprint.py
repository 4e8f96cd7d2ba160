#!/usr/bin/env python3
"""Footprint of security-agent-c next to the C# agent, in one run against one local hub on
loopback: resident memory (VmRSS and private RssAnon, medians of one sample a second) connected
over TLS, idle and during an exec storm paced at --rate a second that the ProcessCreate collector
sees (aggregation off through the twin, so each exec is an event), and CPU per 1,000 execs.
The storm and the hub are bench/agent-footprint/footprint.py's; the C# agent is its NativeAOT
build (run that script once first so that artifacts/bench/agent-footprint/ holds it).

    python3 bench/c-daemon/footprint.py --agent x86-64=BUILD/daemon/security-agent-c \
        --agent i386=BUILD32/daemon/security-agent-c [--seconds 20] [--rate 1000] [--runs 3]

Prints a Markdown table; bench/c-daemon/README.md records a run."""
import argparse
import json
import os
import shutil
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
    values = {}
    with open(f"/proc/{pid}/status") as text:
        for line in text:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "RssAnon"):
                values[key] = int(value.split()[0])
    return values


def window(pid, seconds, rate=None):
    """Median VmRSS and RssAnon (KiB), CPU seconds and execs over one window."""
    storm = subprocess.Popen([sys.executable, footprint.__file__, "--storm", str(rate), str(seconds)]) if rate else None
    cpu0, samples = footprint.cpu_seconds(pid), []
    for _ in range(seconds):
        time.sleep(1)
        samples.append(status(pid))
    cpu = footprint.cpu_seconds(pid) - cpu0
    execs = 0
    if storm:
        storm.wait()
        execs = int(open(footprint.STORM_COUNT).read())
    return (statistics.median(s["VmRSS"] for s in samples), statistics.median(s["RssAnon"] for s in samples), cpu, execs)


def configuration(folder, name, info):
    key = os.path.join(folder, f"{name}.key")
    with open(os.open(key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
        f.write(info["module"]["SharedAccessKey"])
    path = os.path.join(folder, f"{name}.json")
    json.dump({"agentId": "4d9c3a52-8f1e-4b7a-9c2d-6e5f4a3b2c1d",
               "identity": {"type": "module", "deviceId": "bench", "moduleId": "azureiotsecurity",
                            "authentication": {"method": "sasKey", "keyFile": key}},
               "hubHostName": f"localhost:{info['mqtt']}", "caFile": info["ca"],
               "outbox": {"path": os.path.join(folder, f"{name}-outbox")},
               "logging": {"level": "warning", "destination": "console"}}, open(path, "w"))
    return path


def run_agent(command, seconds, rate):
    agent = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(10)  # connected, twin applied, first snapshot sent
        idle = window(agent.pid, seconds)
        loaded = window(agent.pid, seconds, rate)
    finally:
        agent.terminate()
        agent.wait(60)
    return idle, loaded


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agent", action="append", default=[], help="NAME=PATH of a security-agent-c build")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--rate", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    aot = os.path.join(footprint.OUT, "aot", "security-agent")
    if not os.path.exists(aot) or not os.path.exists(os.path.join(footprint.OUT, "hub", "local-hub.dll")):
        sys.exit("run bench/agent-footprint/footprint.py once first (it publishes the C# agent and the hub)")
    folder = tempfile.mkdtemp(prefix="c-footprint-")
    hub, info = footprint.start_hub(os.path.join(folder, "hub"))
    results = {}
    try:
        footprint.patch_twin(info, TWIN)
        agents = [(name, [path, "--config", configuration(folder, name, info), "--collectors", "ProcessCreate,SystemInformation"])
                  for name, path in (a.split("=", 1) for a in args.agent)]
        agents.append(("C# NativeAOT", [aot, "run", "--config", configuration(folder, "csharp", info), "--status-interval", "0",
                                         "--collectors", "ProcessCreate,SystemInformation"]))
        for run in range(args.runs):
            for name, command in agents:
                results.setdefault(name, []).append(run_agent(command, args.seconds, args.rate))
                print(f"run {run + 1} {name}: {results[name][-1]}", file=sys.stderr)
    finally:
        hub.terminate()
        hub.wait(30)
        shutil.rmtree(folder, ignore_errors=True)
    print("| agent | VmRSS idle | private idle | VmRSS at load | private at load | CPU idle | execs/s "
          "| CPU per 1,000 execs (runs) | net of idle |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, runs in results.items():
        med = lambda f: statistics.median(f(r) for r in runs)  # noqa: E731
        per_thousand = [r[1][2] / max(r[1][3], 1) * 1e6 for r in runs]
        net = [(r[1][2] - r[0][2]) / max(r[1][3], 1) * 1e6 for r in runs]
        print(f"| {name} | {med(lambda r: r[0][0]) / 1024:.2f} MiB | {med(lambda r: r[0][1]) / 1024:.2f} MiB | "
              f"{med(lambda r: r[1][0]) / 1024:.2f} MiB | {med(lambda r: r[1][1]) / 1024:.2f} MiB | "
              f"{med(lambda r: r[0][2]) / args.seconds * 100:.2f} % | {med(lambda r: r[1][3]) / args.seconds:.0f} | "
              f"{statistics.median(per_thousand):.1f} ms ({', '.join(f'{v:.1f}' for v in per_thousand)}) | "
              f"{statistics.median(net):.1f} ms |")


if __name__ == "__main__":
    main()
