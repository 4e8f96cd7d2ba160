#!/usr/bin/env python3
"""security-agent-c and the C# agent program (`security-agent run`) side by side against one
local hub, each as its own module identity with the same twin and the same input: their messages
arrive, validate against schemas/, and carry the same events once what legitimately differs is
removed (event Id and timestamps, AgentId, message ids).

- Snapshots: both agents read one fixture tree (`--root`: SystemInformation, LocalUsers,
  ListeningPorts, OSBaseline with the twin's custom checks) and run the firewall tools in one
  scratch network namespace holding an iptables and an nftables rule. The agents run inside that
  namespace; a relay in this process carries their MQTT connections to the hub outside it.
- Streams, in the host's namespace: ProcessCreate while the test runs `sh -c 'sleep 1; exit 3'`
  with a unique argument (the create and terminate events of the shell and of its sleep), and
  ConnectionCreate (audit netlink) while a child connects to itself over a global address of the
  host (its Out and In events).

Each case gives both programs fresh identities (a device each, with the module) and waits until
both report the twin applied before the input happens.

SA_E2E_PERTURB_TWIN='{"key": value}' merges a twin value into the C agent's twin only, to see
the comparison fail with its diff (it must).

Usage: e2e_same_input.py --agent PATH/security-agent-c --repository REPOSITORY_ROOT"""

import base64
import ctypes
import difflib
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import uuid

from e2e_support import (run_suite, FAST_SCHEDULE, OBJECT_NAME, Agent, LocalHub, Report, Schemas, Skip, arguments, eventually,
                         remove_folder, temp_folder)

AGENT, REPOSITORY = arguments()
CSHARP_AGENT = os.path.join(REPOSITORY, "agent-csharp/src/SecurityAgent/bin/Release/net10.0/security-agent.dll")
MODULE_ID = "azureiotsecurity"
SNAPSHOTS = ("SystemInformation", "LocalUsers", "ListeningPorts", "OSBaseline", "FirewallConfiguration")
# What differs between two agents by nature: each event's id and time stamps.
EVENT_NOISE = ("Id", "TimestampLocal", "TimestampUTC")
CUSTOM_CHECKS = "/etc/security-agent/custom-checks.json"


def twin(custom_checks_hash):
    """The one twin both agents get: sending every second, a snapshot every two, the
    operator's custom baseline checks, no aggregation (one event per process or connection),
    and no Diagnostic events (the two agents' log lines are their own)."""
    return dict(FAST_SCHEDULE,
                eventPriorityDiagnostic={"value": "Off"},
                aggregationEnabledProcessCreate={"value": False},
                aggregationEnabledProcessTerminate={"value": False},
                aggregationEnabledConnectionCreate={"value": False},
                baselineCustomChecksEnabled={"value": True},
                baselineCustomChecksFilePath={"value": CUSTOM_CHECKS},
                baselineCustomChecksFileHash={"value": custom_checks_hash})


class Namespace:
    """A scratch network namespace (`ip netns add`) with loopback up and one iptables and one
    nftables rule, removed at the end."""

    def __init__(self):
        self.name = f"sa-same-{os.getpid()}"
        self.created = False

    def create(self):
        if os.geteuid() != 0 or not shutil.which("ip"):
            raise Skip("a scratch network namespace needs root and ip(8)")
        for tool in ("iptables", "nft"):
            if not shutil.which(tool):
                raise Skip(f"{tool} is not installed")
        subprocess.run(["ip", "netns", "add", self.name], check=True)
        self.created = True
        self.run("ip", "link", "set", "lo", "up")
        self.run("iptables", "-A", "INPUT", "-p", "tcp", "--dport", "2222", "-m", "comment", "--comment", "same input", "-j", "DROP")
        self.run("nft", "add table inet sa_same; add chain inet sa_same input { type filter hook input priority 0; policy accept; };"
                        " add rule inet sa_same input tcp dport { 23, 2323 } drop")

    def run(self, *command):
        subprocess.run(["ip", "netns", "exec", self.name, *command], check=True, capture_output=True)

    def prefix(self):
        return ["ip", "netns", "exec", self.name]

    def remove(self):
        if self.created:
            subprocess.run(["ip", "netns", "delete", self.name], check=False)
            self.created = False


class Relay:
    """Listens on 127.0.0.1:port inside a network namespace and carries each connection to
    127.0.0.1:port outside it (the hub): the agents stay in the scratch namespace, whose
    firewall they read, while the one hub serves both phases. Sockets keep the namespace they
    were made in, so only the listening socket is made inside (setns on this thread, then back)."""

    CLONE_NEWNET = 0x40000000

    def __init__(self, namespace, port):
        libc = ctypes.CDLL(None, use_errno=True)
        own = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
        other = os.open(f"/run/netns/{namespace}", os.O_RDONLY)
        try:
            if libc.setns(other, self.CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns into the scratch namespace")
            try:
                self.listener = socket.create_server(("127.0.0.1", port))
            finally:
                if libc.setns(own, self.CLONE_NEWNET) != 0:
                    raise OSError(ctypes.get_errno(), "setns back")
        finally:
            os.close(own)
            os.close(other)
        self.port = port
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                inside, _ = self.listener.accept()
            except OSError:
                return
            try:
                outside = socket.create_connection(("127.0.0.1", self.port))
            except OSError:
                inside.close()  # the hub is down: the agent retries, as with no relay
                continue
            for source, target in ((inside, outside), (outside, inside)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for end in (source, target):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self):
        self.listener.close()


class Program:
    """One agent program as a child process: its identity on the hub (a device of its own with
    the module), its configuration, key and outbox in a folder of its own."""

    def __init__(self, label, phase, hub, folder, command):
        self.label = label
        self.hub = hub
        # an identity per phase: reported properties left by an earlier run must not pass for
        # this run's twin being applied
        self.device_id = f"same-input-{phase}-{label}"
        self.folder = os.path.join(folder, phase, label)
        os.makedirs(self.folder)
        self.command = command
        self.agent_id = str(uuid.uuid4())
        self.settings = Agent(command[0], self.folder)  # writes the shared configuration format
        self.process = None
        self.log = os.path.join(self.folder, "agent.log")
        self.received = []
        hub.put(f"/devices/{self.device_id}", {})
        identity = hub.put(f"/devices/{self.device_id}/modules/{MODULE_ID}", {})
        self.key = identity["authentication"]["symmetricKey"]["primaryKey"]

    def set_twin(self, configuration):
        self.desired = configuration
        self.hub._request("PATCH", f"/twins/{self.device_id}/modules/{MODULE_ID}",
                          {"properties": {"desired": {OBJECT_NAME: configuration}}})

    def twin_applied(self):
        """Whether the running agent reported every value of its desired twin (until then it
        runs on the defaults: aggregation on, snapshots 13 hours apart)."""
        twin = self.hub.get(f"/twins/{self.device_id}/modules/{MODULE_ID}")
        reported = twin.get("properties", {}).get("reported", {}).get(OBJECT_NAME) or {}
        return all(reported.get(key, {}).get("value") == value["value"] for key, value in self.desired.items())

    def start(self, collectors, root=None, prefix=()):
        self.settings.configure("localhost", self.hub.mqtt_port, self.key, self.hub.ca_file, agent_id=self.agent_id,
                                identity={"type": "module", "deviceId": self.device_id, "moduleId": MODULE_ID,
                                          "authentication": {"method": "sasKey",
                                                             "keyFile": os.path.join(self.folder, "module.key")}})
        command = [*prefix, *self.command, "--config", self.settings.config, "--collectors", collectors]
        if root:
            command += ["--root", root]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=open(self.log, "ab"),
                                        stdin=subprocess.DEVNULL)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise
        return self.process.returncode if self.process else None

    def messages(self):
        """Every message the hub stored for this agent, oldest first, each body decoded once:
        only the new ones are fetched (on a busy host ProcessCreate sends thousands)."""
        after = self.received[-1]["sequence"] if self.received else 0
        for message in self.hub.get(f"/messages?deviceId={self.device_id}&moduleId={MODULE_ID}&after={after}&limit=100000"):
            message["body"] = base64.b64decode(message["body"])
            message["events"] = json.loads(message["body"])["Events"]
            self.received.append(message)
        return self.received

    def events(self):
        return [event for message in self.messages() for event in message["events"]]

    def output(self):
        try:
            with open(self.log, encoding="utf-8", errors="replace") as log:
                return log.read()
        except FileNotFoundError:
            return ""


class Suite:
    """One hub, the two programs, the fixture tree and the scratch namespace for every case."""

    def __init__(self):
        if not os.path.exists(CSHARP_AGENT):
            raise Skip("the C# agent is not built (dotnet build agent-csharp/src/SecurityAgent -c Release)")
        self.schemas = Schemas(REPOSITORY)
        self.c = self.cs = None
        self.folder = temp_folder()
        self.namespace = Namespace()
        self.relay = None
        self.hub = LocalHub(REPOSITORY, self.folder)
        try:
            self.root, self.checks_hash = fixture_tree(self.folder)
            self.perturbation = json.loads(os.environ.get("SA_E2E_PERTURB_TWIN", "{}"))
            self.hub.start()
        except BaseException:
            self.close()
            raise

    def start_phase(self, phase):
        """Both programs with fresh identities for one case, the same twin desired for both
        (but for SA_E2E_PERTURB_TWIN, merged into the C agent's)."""
        self.c = Program("c", phase, self.hub, self.folder, [AGENT])
        self.cs = Program("csharp", phase, self.hub, self.folder, ["dotnet", CSHARP_AGENT, "run", "--status-interval", "0"])
        same = twin(self.checks_hash)
        self.cs.set_twin(same)
        self.c.set_twin(dict(same, **self.perturbation))

    def programs(self):
        return tuple(program for program in (self.c, self.cs) if program)

    def close(self):
        for program in self.programs():
            if program.process and program.process.poll() is None:
                program.process.kill()
                program.process.wait()
        if self.relay:
            self.relay.close()
        self.namespace.remove()
        self.hub.stop()
        remove_folder(self.folder)


def fixture_tree(folder):
    """The shared fixture trees in one root: OSBaseline's weak tree (modes as
    fixtures/README.md says), then SystemInformation's, ListeningPorts' and LocalUsers' trees
    over it, and the custom checks file. Returns the root and the checks file's SHA-256."""
    fixtures = os.path.join(REPOSITORY, "fixtures", "linux")
    root = os.path.join(folder, "root")
    shutil.copytree(os.path.join(fixtures, "OSBaseline", "weak"), root, symlinks=True)
    for name in ("SystemInformation", "ListeningPorts", "LocalUsers"):
        shutil.copytree(os.path.join(fixtures, name, "root"), root, symlinks=True, dirs_exist_ok=True)
    for relative in ("etc/shadow", "etc/gshadow", "etc/ssh/sshd_config", "etc/crontab"):
        path = os.path.join(root, relative)
        if os.path.exists(path):
            os.chmod(path, 0o644)
    checks = os.path.join(root, CUSTOM_CHECKS.lstrip("/"))
    os.makedirs(os.path.dirname(checks), exist_ok=True)
    with open(checks, "w", encoding="utf-8") as out:
        json.dump(custom_checks(), out)
    with open(checks, "rb") as text:
        return root, hashlib.sha256(text.read()).hexdigest()


def custom_checks():
    """The fixture's custom check file without its check that has no kind (which makes the
    agents refuse the whole file): a file both agents run."""
    with open(os.path.join(REPOSITORY, "fixtures/linux/OSBaseline/custom-checks.json"), encoding="utf-8") as text:
        checks = json.load(text)
    checks["checks"] = [check for check in checks["checks"] if "kind" in check]
    return checks


def without_noise(event):
    return {key: value for key, value in event.items() if key not in EVENT_NOISE}


def canonical(event):
    """The event as text, member order kept (the agents must agree on it too)."""
    return json.dumps(without_noise(event), ensure_ascii=False)


def differences(left, right, left_name="C", right_name="C#"):
    """What differs between two lists of events keyed by a name: a readable list, empty when
    they are the same. Each side maps a key to the canonical texts of its events."""
    found = []
    for key in sorted(set(left) | set(right), key=str):
        mine, theirs = left.get(key), right.get(key)
        if mine is None or theirs is None:
            found.append(f"{key}: only in {left_name if theirs is None else right_name}")
        elif mine != theirs:
            found.append(f"{key}:\n" + item_diff(mine, theirs, left_name, right_name))
    return found


def item_diff(mine, theirs, left_name, right_name):
    """A diff of two sets of event texts, item by item of the payloads, so the line that
    differs is visible in a long ListeningPorts or OSBaseline event."""
    def lines(texts):
        out = []
        for text in sorted(texts):
            event = json.loads(text)
            out.append(json.dumps({k: v for k, v in event.items() if k != "Payload"}, ensure_ascii=False))
            out += ["  " + json.dumps(item, ensure_ascii=False) for item in event.get("Payload", [])]
        return out
    return "\n".join(difflib.unified_diff(lines(mine), lines(theirs), left_name, right_name, lineterm="", n=1))


def snapshots(events):
    """Each collector's snapshots in arrival order, as canonical texts."""
    texts = {}
    for event in events:
        if event["Name"] in SNAPSHOTS:
            texts.setdefault(event["Name"], []).append(canonical(event))
    return texts


def check_messages(suite, program, wanted):
    """Every message of the program holding a wanted event is a valid security message from
    its own agent id; returns the message-level values both agents must share (the properties
    IoT Hub routes on, AgentVersion, MessageSchemaVersion, the members' order)."""
    shared = set()
    for message in program.messages():
        if not any(wanted(event) for event in message["events"]):
            continue
        errors = suite.schemas.errors(message["body"])
        assert not errors, f"{program.label}: {errors}: {message['body']!r}"
        body = json.loads(message["body"])
        assert body["AgentId"] == program.agent_id, f"{program.label}: {body['AgentId']}"
        shared.add((message["interfaceId"], message["contentType"], message["contentEncoding"],
                    body["AgentVersion"], body["MessageSchemaVersion"], tuple(body)))
    assert shared, f"{program.label}: no messages"
    return shared


def run_both(suite, case):
    """Runs case(suite); on failure prints the tail of each agent's log; always stops both."""
    def run():
        try:
            case(suite)
        except BaseException:
            for program in suite.programs():
                print(f"--- {program.label} agent log ---\n{program.output()[-4000:]}", file=sys.stderr)
            raise
        finally:
            for program in suite.programs():
                if program.process and program.process.poll() is None:
                    program.process.kill()
                    program.process.wait()
    return run


def snapshots_of_one_root_and_namespace_match(suite):
    suite.start_phase("snapshots")
    suite.namespace.create()
    suite.relay = Relay(suite.namespace.name, suite.hub.mqtt_port)
    for program in suite.programs():
        program.start(",".join(SNAPSHOTS), root=suite.root, prefix=suite.namespace.prefix())

    # The first snapshot is taken at start, maybe before the twin arrives (no custom checks
    # then); until the twin, snapshots are 13 hours apart, so a second one was taken under it.
    def twice_each():
        return all(len(snapshots(p.events()).get(name, ())) >= 2 for p in suite.programs() for name in SNAPSHOTS)
    eventually(twice_each, "two snapshots of each collector from both agents", timeout=45)
    for program in suite.programs():
        assert program.stop() == 0, f"{program.label}: {program.output()[-3000:]}"
    taken = [snapshots(p.events()) for p in suite.programs()]
    for program, texts in zip(suite.programs(), taken):
        for name in SNAPSHOTS:
            assert len(set(texts[name][1:])) == 1, f"{program.label}: {name} differs between snapshots of a static input"
    c, cs = ({name: {texts[name][-1]} for name in SNAPSHOTS} for texts in taken)
    found = differences(c, cs)
    assert not found, "the agents' snapshots differ:\n" + "\n".join(found)
    snapshot = lambda event: event["Name"] in SNAPSHOTS  # noqa: E731
    assert check_messages(suite, suite.c, snapshot) == check_messages(suite, suite.cs, snapshot), "message envelopes differ"
    assert_inputs_seen(c)
    assert_comparison_catches(c)


def assert_inputs_seen(texts):
    """The snapshots read the fixture tree, the twin's custom checks and the namespace's
    firewall, not the host."""
    (users,) = texts["LocalUsers"]
    assert '"UserName": "operator"' in users, users
    (firewall,) = texts["FirewallConfiguration"]
    assert '"DestinationPort": "2222"' in firewall and '"DestinationPort": "23,2323"' in firewall, firewall
    (baseline,) = texts["OSBaseline"]
    for check in custom_checks()["checks"]:  # both fail on the weak tree, so both are reported
        ids = [item.get("ExtraDetails", {}).get("CheckId") for item in json.loads(baseline)["Payload"]]
        assert "custom:" + check["id"] in ids, f"custom check {check['id']} not run: {ids}"


def assert_comparison_catches(texts):
    """The comparison is not blind: one changed value in one item is found and shown."""
    mutated = dict(texts)
    (users,) = mutated["LocalUsers"]
    mutated["LocalUsers"] = {users.replace('"operator"', '"0perator"', 1)}
    found = differences(texts, mutated)
    assert len(found) == 1 and "0perator" in found[0] and found[0].startswith("LocalUsers"), found


def items_of(program, names):
    return sum(len(e["Payload"]) for e in program.events() if e["Name"] in names)


def dropped(program):
    """The agent's last DroppedEventsStatistics items that count a drop (why a wait fails)."""
    last = [e for e in program.events() if e["Name"] == "DroppedEventsStatistics"][-1:]
    return [item for e in last for item in e["Payload"] if any(v for k, v in item.items() if isinstance(v, int))]


def start_stream(suite, phase, collector):
    """Both agents in the host's namespace running one stream collector; returns once each
    has started it and applied its twin (before that, the defaults aggregate)."""
    suite.start_phase(phase)
    for program in suite.programs():
        program.start(collector)
    for program in suite.programs():
        eventually(lambda p=program: f"{collector} started" in p.output() and p.twin_applied(),
                   f"{program.label}: {collector} started and the twin applied")


def compare_stream(suite, names, of_child, expected, what):
    """Waits for the expected number of (name, ...) keys from both agents, stops them, and
    compares the events: of_child(program) maps each key to its events' canonical texts (each
    payload item as an event of its own). Returns the C agent's, for the case's own checks."""
    try:
        eventually(lambda: all(len(of_child(p)) >= expected for p in suite.programs()),
                   f"{what} from both agents", timeout=30, interval=0.5)
    except AssertionError as timeout:
        raise AssertionError(f"{timeout}; " + "; ".join(
            f"{p.label}: seen {sorted(of_child(p))} of {items_of(p, names)} items, dropped {dropped(p)}"
            for p in suite.programs())) from None
    for program in suite.programs():
        assert program.stop() == 0, f"{program.label}: {program.output()[-3000:]}"
    c, cs = (of_child(p) for p in suite.programs())
    found = differences(c, cs)
    assert not found, f"the agents' {what} differ:\n" + "\n".join(found)
    pids = {key[-1] for key in c}
    of_the_child = lambda event: (event["Name"] in names  # noqa: E731
                                  and any(item["ProcessId"] in pids for item in event["Payload"]))
    shared = [check_messages(suite, p, of_the_child) for p in suite.programs()]
    assert shared[0] == shared[1], f"message envelopes differ: {shared}"
    return c


def items_by_key(program, names, key):
    """The items of the named events whose key(name, item) is not None, by that key."""
    texts = {}
    for event in program.events():
        if event["Name"] in names:
            for item in event["Payload"]:
                if (found := key(event["Name"], item)) is not None:
                    texts.setdefault(found, set()).add(canonical(dict(event, Payload=[item])))
    return texts


def process_events_of_one_child_match(suite):
    names = ("ProcessCreate", "ProcessTerminate")
    start_stream(suite, "processes", "ProcessCreate")
    marker = f"same-input-{uuid.uuid4().hex[:12]}"
    # The shell and its sleep live a second, so both agents read their /proc before they go;
    # the shell's exit status is its own.
    shell = subprocess.Popen(["/bin/sh", "-c", "sleep 1; exit 3", marker])
    shell.wait()

    def of_child(program):
        pids = {item["ProcessId"] for e in program.events() if e["Name"] == "ProcessCreate" for item in e["Payload"]
                if shell.pid in (item["ProcessId"], item["ParentProcessId"])}
        return items_by_key(program, names, lambda name, item: (name, item["ProcessId"]) if item["ProcessId"] in pids else None)
    c = compare_stream(suite, names, of_child, 4, "create and terminate events of the shell and its sleep")
    shell_create = json.loads(next(iter(c[("ProcessCreate", shell.pid)])))["Payload"][0]
    assert marker in shell_create["CommandLine"] and shell_create["ParentProcessId"] == os.getpid(), shell_create
    exit_status = json.loads(next(iter(c[("ProcessTerminate", shell.pid)])))["Payload"][0]["ExitStatus"]
    assert exit_status == 3, exit_status


# A child that connects to itself over an address of the host: one Out (connect) and one In
# (accept) event of one process; it holds the connection a second, so /proc is read in time.
CONNECTING_CHILD = ("import socket, sys, time; server = socket.create_server((sys.argv[1], 0)); "
                    "client = socket.create_connection(server.getsockname()); peer = server.accept(); time.sleep(1)")


def host_address():
    """A global IPv4 address of this host: the agents leave loopback connections out."""
    listed = subprocess.run(["ip", "-4", "-o", "addr", "show", "scope", "global"], capture_output=True, text=True).stdout
    for line in listed.splitlines():
        return line.split()[3].split("/")[0]
    raise Skip("no global IPv4 address to connect over (the agents leave loopback out)")


def connection_events_of_one_child_match(suite):
    address = host_address()
    start_stream(suite, "connections", "ConnectionCreate")
    for program in suite.programs():
        if "source is audit netlink" not in program.output():
            raise Skip(f"{program.label}: ConnectionCreate is not on audit netlink here: {program.output()[-1500:]}")
    child = subprocess.Popen([sys.executable, "-c", CONNECTING_CHILD, address])
    assert child.wait(timeout=30) == 0

    def of_child(program):
        return items_by_key(program, ("ConnectionCreate",),
                            lambda name, item: (item["Direction"], item["ProcessId"]) if item["ProcessId"] == child.pid else None)
    c = compare_stream(suite, ("ConnectionCreate",), of_child, 2, "ConnectionCreate events of the child")
    for direction in ("In", "Out"):
        item = json.loads(next(iter(c[(direction, child.pid)])))["Payload"][0]
        assert item["Protocol"] == "tcp" and address in (item["RemoteAddress"], item.get("LocalAddress")), item
        # the kernel's PROCTITLE stops at 128 bytes: the start is what both can show
        assert item["CommandLine"].startswith(f"{sys.executable} -c import socket"), item


def main():
    report = Report("e2e_same_input")
    suite = Suite()
    try:
        for case in (snapshots_of_one_root_and_namespace_match, process_events_of_one_child_match,
                     connection_events_of_one_child_match):
            report.run(case.__name__, run_both(suite, case))
    finally:
        suite.close()
    return report.finish()


if __name__ == "__main__":
    run_suite(main)
