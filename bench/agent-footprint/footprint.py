#!/usr/bin/env python3
"""Footprint of the C# agent: resident memory, CPU and disk, idle and at 1,000 events/s.

Runs the framework-dependent and the NativeAOT builds of security-agent, one after the other,
against one local hub on loopback. The load is real: an exec storm paced at --rate processes a
second, seen by the ProcessCreate collector (aggregation off, so each exec is one event).

    python3 bench/agent-footprint/footprint.py [--seconds 30] [--rate 1000]

Prints a Markdown table; bench/agent-footprint/README.md records a run.
"""
import argparse, base64, hashlib, hmac, json, os, re, shutil, ssl, statistics, subprocess, sys, tempfile, time, urllib.parse, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "artifacts", "bench", "agent-footprint")
CONFIG_OBJECT = "ms_iotn:urn_azureiot_Security_SecurityAgentConfiguration"
TICKS = os.sysconf("SC_CLK_TCK")


def run(*args, **kw):
    subprocess.run(args, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, **kw)


def publish():
    project = "agent-csharp/src/SecurityAgent/SecurityAgent.csproj"
    run("dotnet", "publish", project, "-c", "Release", "-p:WithLocalHub=false", "-o", f"{OUT}/fdd")
    run("dotnet", "publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-p:WithLocalHub=false", "-o", f"{OUT}/aot")
    run("dotnet", "build", "agent-csharp/src/SecurityAgent.LocalHub.Cli", "-c", "Release", "-o", f"{OUT}/hub")
    for variant in ("fdd", "aot"):  # symbols and docs are not shipped
        for name in os.listdir(f"{OUT}/{variant}"):
            if name.endswith((".pdb", ".xml", ".dbg")):
                os.remove(f"{OUT}/{variant}/{name}")


def disk(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def start_hub(data):
    hub = subprocess.Popen(["dotnet", f"{OUT}/hub/local-hub.dll", "--data", data, "--add-module", "bench/azureiotsecurity"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    info = {}
    while "module" not in info:
        line = hub.stdout.readline()
        if not line:
            sys.exit("local-hub stopped")
        if m := re.search(r"MQTT/TLS 127\.0\.0\.1:(\d+), HTTPS 127\.0\.0\.1:(\d+)", line):
            info["mqtt"], info["https"] = int(m[1]), int(m[2])
        elif line.startswith("CA file"):
            info["ca"] = line.split(": ", 1)[1].strip()
        elif line.startswith("Service connection string"):
            info["service"] = dict(p.split("=", 1) for p in line.split(": ", 1)[1].strip().split(";"))
        elif line.startswith("Module bench/azureiotsecurity"):
            info["module"] = dict(p.split("=", 1) for p in line.split(": ", 1)[1].strip().split(";"))
    return hub, info


def sas(resource, key, policy):
    expiry = str(int(time.time()) + 3600)
    encoded = urllib.parse.quote(resource, safe="")
    signature = base64.b64encode(hmac.new(base64.b64decode(key), f"{encoded}\n{expiry}".encode(), hashlib.sha256).digest()).decode()
    return f"SharedAccessSignature sr={encoded}&sig={urllib.parse.quote(signature, safe='')}&se={expiry}&skn={policy}"


def patch_twin(info, configuration):
    context = ssl.create_default_context(cafile=info["ca"])
    body = json.dumps({"properties": {"desired": {CONFIG_OBJECT: configuration}}}).encode()
    request = urllib.request.Request(f"https://localhost:{info['https']}/twins/bench/modules/azureiotsecurity", body, method="PATCH",
                                     headers={"Content-Type": "application/json",
                                              "Authorization": sas(info["service"]["HostName"], info["service"]["SharedAccessKey"], "iothubowner")})
    urllib.request.urlopen(request, context=context).read()


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_kib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def anonymous_kib(pid):
    """The anonymous part of the resident set (heap, GC, stacks); the rest is file pages."""
    for line in open(f"/proc/{pid}/smaps_rollup"):
        if line.startswith("Anonymous:"):
            return int(line.split()[1])
    return 0


def measure(pid, seconds, load=None):
    """RSS median and CPU over a window; with load, the exec storm runs during it."""
    storm = subprocess.Popen([sys.executable, __file__, "--storm", str(load), str(seconds)]) if load else None
    cpu0, samples = cpu_seconds(pid), []
    for _ in range(seconds):
        time.sleep(1)
        samples.append(rss_kib(pid))
    cpu = cpu_seconds(pid) - cpu0
    anonymous = anonymous_kib(pid)
    execs = 0
    if storm:
        storm.wait()
        execs = int(open(STORM_COUNT).read())
    return statistics.median(samples), cpu, execs, anonymous


STORM_COUNT = os.path.join(tempfile.gettempdir(), "footprint-storm-count")


def storm(rate, seconds):
    """Starts `true` at a steady rate; writes how many it started."""
    started, begin = 0, time.monotonic()
    children = []
    while (now := time.monotonic()) - begin < seconds:
        due = int((now - begin) * rate)
        while started < due:
            children.append(os.posix_spawn("/bin/true", ["true"], os.environ))
            started += 1
        while children and os.waitpid(children[0], os.WNOHANG)[0]:
            children.pop(0)
        time.sleep(0.001)
    for child in children:
        os.waitpid(child, 0)
    open(STORM_COUNT, "w").write(str(started))


def configuration(folder, name, info, level="warning"):
    """The local configuration of one agent run (either agent reads it): the bench module's key in
    a private file, the hub on loopback, an outbox of its own, console logging at level."""
    key = os.path.join(folder, f"{name}.key")
    with open(os.open(key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
        f.write(info["module"]["SharedAccessKey"])
    path = os.path.join(folder, f"{name}.json")
    json.dump({"agentId": "4d9c3a52-8f1e-4b7a-9c2d-6e5f4a3b2c1d",
               "identity": {"type": "module", "deviceId": "bench", "moduleId": "azureiotsecurity",
                            "authentication": {"method": "sasKey", "keyFile": key}},
               "hubHostName": f"localhost:{info['mqtt']}", "caFile": info["ca"],
               "outbox": {"path": os.path.join(folder, f"{name}-outbox")},
               "logging": {"level": level, "destination": "console"}}, open(path, "w"))
    return path


def agent_run(variant, info, folder, seconds, rate):
    config = configuration(folder, variant, info)
    program = [f"{OUT}/aot/security-agent"] if variant == "aot" else ["dotnet", f"{OUT}/fdd/security-agent.dll"]
    # As the systemd unit runs it: the framework-dependent build reads the GC budget only from the
    # environment (the NativeAOT build has it compiled in).
    environment = dict(os.environ, DOTNET_GCgen0size="100000")
    agent = subprocess.Popen(program + ["run", "--config", config, "--status-interval", "0", "--collectors", "ProcessCreate,SystemInformation"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    time.sleep(10)  # connected, first snapshot sent, warmed up
    idle = measure(agent.pid, seconds)
    loaded = measure(agent.pid, seconds, rate)
    agent.terminate()
    agent.wait(60)
    return idle, loaded


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--rate", type=int, default=1000)
    parser.add_argument("--storm", nargs=2, type=int)
    args = parser.parse_args()
    if args.storm:
        return storm(*args.storm)

    publish()
    folder = tempfile.mkdtemp(prefix="footprint-")
    hub, info = start_hub(os.path.join(folder, "hub"))
    try:
        patch_twin(info, {"highPriorityMessageFrequency": {"value": "PT1S"}, "lowPriorityMessageFrequency": {"value": "PT1S"},
                          "aggregationEnabledProcessCreate": {"value": False}, "eventPriorityProcessCreate": {"value": "High"},
                          "maxLocalCacheSizeInBytes": {"value": 16777216}})
        runtime = os.path.dirname(os.path.realpath(shutil.which("dotnet")))
        shared = max(os.scandir(os.path.join(runtime, "shared", "Microsoft.NETCore.App")), key=lambda e: e.name).path
        print("| build | disk | RSS idle (median) | of it anonymous | CPU idle | RSS at load (median) | of it anonymous | CPU at load | execs/s achieved | CPU per 1,000 execs |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for variant in ("fdd", "aot"):
            (rss_idle, cpu_idle, _, anon_idle), (rss_load, cpu_load, execs, anon_load) = agent_run(variant, info, folder, args.seconds, args.rate)
            size = disk(f"{OUT}/{variant}") / 1e6
            size_text = f"{size:.1f} MB (+{disk(shared) / 1e6:.0f} MB shared runtime)" if variant == "fdd" else f"{size:.1f} MB"
            print(f"| {'framework-dependent' if variant == 'fdd' else 'NativeAOT'} | {size_text} | {rss_idle / 1024:.1f} MB | {anon_idle / 1024:.1f} MB | "
                  f"{cpu_idle / args.seconds * 100:.1f} % | {rss_load / 1024:.1f} MB | {anon_load / 1024:.1f} MB | {cpu_load / args.seconds * 100:.1f} % | "
                  f"{execs / args.seconds:.0f} | {cpu_load / max(execs, 1) * 1e6:.0f} ms |")
    finally:
        hub.terminate()
        hub.wait(30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
