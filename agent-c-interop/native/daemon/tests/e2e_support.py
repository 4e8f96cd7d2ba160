"""Support for the daemon's end-to-end tests: the local hub (the C# `local-hub` command) or a
mosquitto broker as child processes on loopback, the hub's REST API, security-agent-c as a
child process, schema validation, and a cmocka-style XML report for the build's ledger.

Everything listens on 127.0.0.1 only and is stopped when the test ends."""

import base64
import glob
import hashlib
import hmac
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse
import urllib.request
import uuid
import warnings

SKIP = 77
DEVICE_ID = "e2e-device"
MODULE_ID = "azureiotsecurity"
OBJECT_NAME = "ms_iotn:urn_azureiot_Security_SecurityAgentConfiguration"
# The periodic collectors (what the C# tests run too): deterministic enough for every case that
# does not watch processes. ProcessCreate is asked for by the cases that need it.
SNAPSHOT_COLLECTORS = "SystemInformation,LocalUsers,ListeningPorts"
FAST_SCHEDULE = {
    "highPriorityMessageFrequency": {"value": "PT1S"},
    "lowPriorityMessageFrequency": {"value": "PT1S"},
    "snapshotFrequency": {"value": "PT2S"},
}


class Skip(Exception):
    """The test cannot run here (a component is not built)."""


def eventually(condition, what, timeout=60.0, interval=0.2):
    """Polls condition() until it returns a truthy value; fails after timeout (a safety net, not
    a timing assertion)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(interval)


class Report:
    """Runs named cases and writes one cmocka-style XML group, so the build's ledger counts
    each case (CMOCKA_XML_FILE, %g replaced by the group name)."""

    def __init__(self, group):
        self.group = group
        self.results = []

    def run(self, name, case):
        started = time.monotonic()
        try:
            case()
            self.results.append((name, None, False, time.monotonic() - started))
            print(f"[       OK ] {name}", flush=True)
        except Skip as skipped:
            self.results.append((name, str(skipped), True, 0.0))
            print(f"[  SKIPPED ] {name}: {skipped}", flush=True)
        except Exception:  # noqa: BLE001 - every failure is reported, then the next case runs
            text = traceback.format_exc()
            self.results.append((name, text, False, time.monotonic() - started))
            print(f"[  FAILED  ] {name}\n{text}", flush=True)

    def finish(self):
        failures = sum(1 for _, error, skipped, _ in self.results if error and not skipped)
        skips = sum(1 for _, _, skipped, _ in self.results if skipped)
        target = os.environ.get("CMOCKA_XML_FILE")
        if target:
            lines = ['<?xml version="1.0" encoding="UTF-8" ?>', "<testsuites>",
                     f'<testsuite name="{self.group}" time="0" tests="{len(self.results)}" failures="{failures}" '
                     f'errors="0" skipped="{skips}" >']
            for name, error, skipped, seconds in self.results:
                lines.append(f'<testcase name="{name}" time="{seconds:.3f}" >')
                if skipped:
                    lines.append("<skipped/>")
                elif error:
                    lines.append("<failure><![CDATA[" + error.replace("]]>", "]] >") + "]]></failure>")
                lines.append("</testcase>")
            lines += ["</testsuite>", "</testsuites>"]
            with open(target.replace("%g", self.group), "w", encoding="utf-8") as out:
                out.write("\n".join(lines) + "\n")
        print(f"{self.group}: {len(self.results) - failures - skips} passed, {failures} failed, {skips} skipped")
        if failures:
            return 1
        return SKIP if skips == len(self.results) else 0


def sas_token(resource, key, policy=None, lifetime=3600):
    expiry = str(int(time.time()) + lifetime)
    encoded = urllib.parse.quote(resource, safe="")
    digest = hmac.new(base64.b64decode(key), f"{encoded}\n{expiry}".encode(), hashlib.sha256).digest()
    token = f"SharedAccessSignature sr={encoded}&sig={urllib.parse.quote(base64.b64encode(digest), safe='')}&se={expiry}"
    return token + (f"&skn={policy}" if policy else "")


def parse_connection_string(text):
    return dict(part.split("=", 1) for part in text.strip().split(";"))


class LocalHub:
    """The C# local hub (`local-hub`), started as a child process on loopback."""

    def __init__(self, repository, folder):
        cli = os.path.join(repository, "agent-csharp/src/SecurityAgent.LocalHub.Cli/bin/Release/net10.0/local-hub.dll")
        if not os.path.exists(cli):
            raise Skip("the local hub is not built (dotnet build the C# solution first)")
        self.cli = cli
        self.data = os.path.join(folder, "hub")
        self.process = None
        self.mqtt_port = 0
        self.https_port = 0
        self.ca_file = None
        self.service_key = None
        self.module_key = None
        self.log = os.path.join(folder, "hub.log")

    def start(self, add_module=False):
        command = ["dotnet", self.cli, "--data", self.data, "--mqtt-port", str(self.mqtt_port), "--https-port", str(self.https_port)]
        if add_module:
            command += ["--add-module", f"{DEVICE_ID}/{MODULE_ID}"]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=open(self.log, "ab"), text=True)
        expected = 3 + (1 if add_module else 0)
        lines = []
        while len(lines) < expected:
            line = self.process.stdout.readline()
            if not line:
                raise AssertionError("the local hub did not start: see " + self.log)
            lines.append(line.strip())
        ports = re.search(r"MQTT/TLS 127\.0\.0\.1:(\d+), HTTPS 127\.0\.0\.1:(\d+)", lines[0])
        self.mqtt_port, self.https_port = int(ports.group(1)), int(ports.group(2))
        self.ca_file = lines[1].split(": ", 1)[1]
        self.service_key = parse_connection_string(lines[2].split(": ", 1)[1])["SharedAccessKey"]
        if add_module:
            self.module_key = parse_connection_string(lines[3].split(": ", 1)[1])["SharedAccessKey"]

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def _request(self, method, path, body=None):
        context = ssl.create_default_context(cafile=self.ca_file)
        request = urllib.request.Request(f"https://localhost:{self.https_port}{path}", method=method,
                                         data=None if body is None else json.dumps(body).encode())
        request.add_header("Authorization", sas_token("localhost", self.service_key, "iothubowner"))
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, context=context, timeout=30) as response:
            text = response.read()
            return json.loads(text) if text else None

    def put(self, path, body):
        return self._request("PUT", path, body)

    def get(self, path):
        return self._request("GET", path)

    def messages(self, device_id=DEVICE_ID, module_id=MODULE_ID):
        """The agent's stored messages, oldest first, each with its decoded body."""
        found = self._request("GET", f"/messages?deviceId={device_id}&moduleId={module_id}&limit=100000")
        for message in found:
            message["body"] = base64.b64decode(message["body"])
        return found

    def patch_configuration(self, configuration):
        self._request("PATCH", f"/twins/{DEVICE_ID}/modules/{MODULE_ID}",
                      {"properties": {"desired": {OBJECT_NAME: configuration}}})

    def reported_configuration(self):
        twin = self._request("GET", f"/twins/{DEVICE_ID}/modules/{MODULE_ID}")
        return twin.get("properties", {}).get("reported", {}).get(OBJECT_NAME)


def run_suite(main):
    """Exits with main()'s status, or 77 (CTest's skip code) when a prerequisite is missing."""
    try:
        sys.exit(main())
    except Skip as skipped:
        print(f"skipped: {skipped}")
        sys.exit(77)


def harnessed(make_harness, case):
    """Runs case(harness) on a fresh harness, prints the tail of the agent's log when the case
    fails, and always closes the harness: the one shape of every end-to-end case."""
    def run():
        harness = make_harness()
        try:
            case(harness)
        except BaseException:
            log = harness.agent.output()[-6000:] if os.path.exists(harness.agent.log) else ""
            print("--- agent log ---\n" + log, file=sys.stderr)
            raise
        finally:
            harness.close()
    return run


def events_of(messages):
    return [event for message in messages for event in json.loads(message["body"])["Events"]]


class Agent:
    """security-agent-c as a child process, its configuration and key file in a temp folder."""

    def __init__(self, binary, folder):
        self.binary = binary
        self.folder = folder
        self.config = os.path.join(folder, "agent.json")
        self.outbox = os.path.join(folder, "outbox")
        self.log = os.path.join(folder, "agent.log")
        self.process = None

    def write_key(self, key, name="module.key"):
        """The key in a 0600 file of the test's folder; returns its path."""
        key_file = os.path.join(self.folder, name)
        with open(os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as out:
            out.write(key + "\n")
        return key_file

    def configure(self, host, port, key, ca_file, agent_id=None, extra=None, identity=None):
        key_file = self.write_key(key)
        configuration = {
            "agentId": agent_id or str(uuid.uuid4()),
            "identity": identity or {"type": "module", "deviceId": DEVICE_ID, "moduleId": MODULE_ID,
                                     "authentication": {"method": "sasKey", "keyFile": key_file}},
            "hubHostName": f"{host}:{port}",
            "caFile": ca_file,
            "outbox": {"path": self.outbox},
            "logging": {"level": "debug", "destination": "console"},
        }
        configuration.update(extra or {})
        configuration = {k: v for k, v in configuration.items() if v is not None}
        with open(self.config, "w") as out:
            json.dump(configuration, out)

    def start(self, collectors=SNAPSHOT_COLLECTORS, environment=None, arguments=()):
        self.process = subprocess.Popen([self.binary, "--config", self.config, "--collectors", collectors, *arguments],
                                        stdout=subprocess.DEVNULL, stderr=open(self.log, "ab"),
                                        env=dict(os.environ, **(environment or {})))

    def terminate(self, timeout=60):
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def kill(self):
        self.process.kill()
        self.process.wait()

    def output(self):
        with open(self.log, encoding="utf-8", errors="replace") as log:
            return log.read()

    def outbox_message_ids(self):
        """The $.mid of every record in the outbox (read as docs/outbox.md lays them out)."""
        ids = set()
        for path in glob.glob(os.path.join(self.outbox, "*.msg")):
            try:
                with open(path, "rb") as record:
                    header = record.read(60)
                if len(header) == 60:
                    ids.add(header[16:52].decode("ascii"))
            except FileNotFoundError:
                pass
        return ids


class Schemas:
    """schemas/message.schema.json with every schema of the folder in the resolver's store."""

    def __init__(self, repository):
        try:
            import jsonschema  # noqa: PLC0415 - optional until a case needs it
        except ImportError as missing:
            raise Skip("python3-jsonschema is not installed") from missing
        self.jsonschema = jsonschema
        store = {}
        for path in glob.glob(os.path.join(repository, "schemas", "**", "*.schema.json"), recursive=True):
            with open(path, encoding="utf-8") as text:
                schema = json.load(text)
            if "$id" in schema:
                absolute_references(schema, schema["$id"])
                store[schema["$id"]] = schema
        self.store = store
        self.message = store["https://schemas.iot-security-agent.dev/message.schema.json"]

    def errors(self, body):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            resolver = self.jsonschema.RefResolver(self.message["$id"], self.message, store=self.store)
            validator_class = self.jsonschema.validators.validator_for(self.message)
            validator = validator_class(self.message, resolver=resolver)
            return [error.message for error in validator.iter_errors(json.loads(body))]


def absolute_references(node, base):
    """Rewrites every relative $ref against the schema's $id, so that any resolver finds it."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and not value.startswith("#"):
                node[key] = urllib.parse.urljoin(base, value)
            else:
                absolute_references(value, base)
    elif isinstance(node, list):
        for item in node:
            absolute_references(item, base)


CA_CONFIG = """[ ca ]
default_ca = test
[ test ]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = anything
unique_subject = no
[ anything ]
commonName = supplied
"""


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


class TestCa:
    """A throwaway certificate authority made with the openssl command line: client certificates
    valid now or expired (openssl ca takes explicit dates), each key 0600, with the SHA-1
    thumbprint IoT Hub registers."""

    def __init__(self, folder, name="test-ca"):
        self.folder = os.path.join(folder, name)
        os.makedirs(self.folder, mode=0o755)
        with open(os.path.join(self.folder, "ca.cnf"), "w") as out:
            out.write(CA_CONFIG)
        open(os.path.join(self.folder, "index.txt"), "w").close()
        with open(os.path.join(self.folder, "serial"), "w") as out:
            out.write("1000\n")
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
                "-out", "ca.pem", "-days", "2", "-subj", f"/CN={name}", cwd=self.folder)
        os.chmod(os.path.join(self.folder, "ca.key"), 0o600)
        self.certificate = os.path.join(self.folder, "ca.pem")

    def issue(self, common_name, expired=False):
        """(certificate file, key file, thumbprint) of a new client certificate for common_name."""
        key, csr, pem = common_name + ".key", common_name + ".csr", common_name + ".pem"
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", csr,
                "-subj", f"/CN={common_name}", cwd=self.folder)
        os.chmod(os.path.join(self.folder, key), 0o600)
        validity = ["-startdate", "20200101000000Z", "-enddate", "20200102000000Z"] if expired else ["-days", "2"]
        openssl("ca", "-batch", "-notext", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-in", csr, "-out", pem,
                *validity, cwd=self.folder)
        return os.path.join(self.folder, pem), os.path.join(self.folder, key), thumbprint(os.path.join(self.folder, pem))


def thumbprint(certificate_file):
    """The SHA-1 thumbprint of a PEM certificate, upper-case hex (as IoT Hub shows it)."""
    with open(certificate_file, encoding="ascii") as text:
        return hashlib.sha1(ssl.PEM_cert_to_DER_cert(text.read())).hexdigest().upper()


def x509_identity(certificate, key, device_id=DEVICE_ID, module_id=MODULE_ID):
    identity = {"type": "module" if module_id else "device", "deviceId": device_id,
                "authentication": {"method": "x509", "certificateFile": certificate, "keyFile": key}}
    if module_id:
        identity["moduleId"] = module_id
    return identity


def reconnect_delays(log_text):
    """The waits the daemon announced ("...; reconnecting in N ms"), in order."""
    return [int(ms) for ms in re.findall(r"reconnecting in (\d+) ms", log_text)]


def assert_backoff(delays, minimum_ms=1000):
    """Exponential backoff with jitter: wait n lies in [step/2, step], step = minimum * 2^(n-1)."""
    assert len(delays) >= 2, delays
    for n, delay in enumerate(delays):
        step = min(minimum_ms * 2 ** n, 120000)
        assert step // 2 <= delay <= step, (n, delay, delays)


def temp_folder():
    return tempfile.mkdtemp(prefix="sa-daemon-e2e-")


def remove_folder(folder):
    shutil.rmtree(folder, ignore_errors=True)


def arguments():
    args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
    return args["--agent"], os.path.abspath(args["--repository"])
