#!/usr/bin/env python3
"""security-agent-c's identities against the local hub on loopback: a device identity fetches
its azureiotsecurity module's key over the hub's REST API (HTTPS, verified against the hub's CA)
and connects as the module; a wrong device key is refused with the hub's answer and retried with
backoff; DPS over MQTT registers with an individual enrollment's key and with a key derived from
an enrollment group's, then the assigned device fetches its module key and its messages arrive as
the module's. A hub (and DPS endpoint) started after the daemon: the daemon waits with backoff
and connects once it is up.

Usage: e2e_identity.py --agent PATH/security-agent-c --repository REPOSITORY_ROOT"""

import base64
import hashlib
import hmac
import os
import uuid

import re
import time

from e2e_support import (assert_backoff, run_suite, harnessed, DEVICE_ID, FAST_SCHEDULE, MODULE_ID, OBJECT_NAME, Agent, LocalHub, Report, Schemas, arguments,
                         eventually, events_of, remove_folder, temp_folder)

AGENT, REPOSITORY = arguments()
ID_SCOPE = "0ne00000001"


def new_key():
    return base64.b64encode(os.urandom(32)).decode()


class Harness:
    def __init__(self):
        self.folder = temp_folder()
        self.hub = LocalHub(REPOSITORY, self.folder)
        self.hub.start(add_module=True)
        self.agent = Agent(AGENT, self.folder)

    def add_security_module(self, device_id):
        """The device (random keys, replaced by DPS with the enrollment's) and its security module."""
        self.hub.put(f"/devices/{device_id}", {})
        self.hub.put(f"/devices/{device_id}/modules/{MODULE_ID}", {})
        self.hub._request("PATCH", f"/twins/{device_id}/modules/{MODULE_ID}", {"properties": {"desired": {OBJECT_NAME: FAST_SCHEDULE}}})

    def start_agent(self, *extra):
        self.agent.start(collectors="SystemInformation",
                         arguments=("--hub-https-port", str(self.hub.https_port), *extra))

    def close(self):
        if self.agent.process and self.agent.process.poll() is None:
            self.agent.kill()
        self.hub.stop()
        remove_folder(self.folder)


def with_harness(case):
    return harnessed(Harness, case)


def device_configuration(harness, key, device_id=DEVICE_ID):
    key_file = harness.agent.write_key(key, "device.key")
    return {"type": "device", "deviceId": device_id, "authentication": {"method": "sasKey", "keyFile": key_file}}


def assert_module_messages(harness, device_id):
    schemas = Schemas(REPOSITORY)
    messages = eventually(lambda: harness.hub.messages(device_id, MODULE_ID), f"messages from {device_id}/{MODULE_ID}")
    assert harness.agent.terminate() == 0, harness.agent.output()
    names = {event["Name"] for event in events_of(harness.hub.messages(device_id, MODULE_ID))}
    assert "SystemInformation" in names, names
    for message in messages:
        errors = schemas.errors(message["body"])
        assert not errors, f"{errors}: {message['body']!r}"
    assert f"fetched the key of module {MODULE_ID} of device {device_id}" in harness.agent.output()


def device_identity_fetches_the_module_key_and_connects_as_the_module(harness):
    harness.hub.patch_configuration(FAST_SCHEDULE)
    device_key = harness.hub.get(f"/devices/{DEVICE_ID}")["authentication"]["symmetricKey"]["primaryKey"]
    harness.agent.configure("localhost", harness.hub.mqtt_port, "unused", harness.hub.ca_file,
                            identity=device_configuration(harness, device_key))
    harness.start_agent()
    assert_module_messages(harness, DEVICE_ID)
    assert f"connected to localhost:{harness.hub.mqtt_port} as {DEVICE_ID}/{MODULE_ID}" in harness.agent.output()


def wrong_device_key_is_refused_with_the_hubs_answer(harness):
    harness.agent.configure("localhost", harness.hub.mqtt_port, "unused", harness.hub.ca_file,
                            identity=device_configuration(harness, new_key()))
    harness.start_agent()
    assert_identity_retried(harness, "the hub answered 401")


def dps_configuration(harness, registration_id, key):
    key_file = harness.agent.write_key(key, "dps.key")
    return {"type": "device", "authentication": {
        "method": "dps", "idScope": ID_SCOPE, "registrationId": registration_id,
        "globalEndpoint": f"localhost:{harness.hub.mqtt_port}",
        "credentials": {"method": "sasKey", "keyFile": key_file}}}


def configure_for_dps(harness, identity):
    harness.agent.configure("localhost", harness.hub.mqtt_port, "unused", harness.hub.ca_file, identity=identity,
                            extra={"hubHostName": None, "gatewayHostName": f"localhost:{harness.hub.mqtt_port}"})


def dps_individual_enrollment_registers_and_connects(harness):
    registration_id = "c-dps-" + uuid.uuid4().hex[:8]
    device_id = registration_id + "-device"
    key = new_key()
    harness.add_security_module(device_id)
    harness.hub.put(f"/enrollments/{registration_id}", {"attestation": {"symmetricKey": {"primaryKey": key}}, "deviceId": device_id})
    configure_for_dps(harness, dps_configuration(harness, registration_id, key))
    harness.start_agent()
    assert_module_messages(harness, device_id)
    output = harness.agent.output()
    assert f"DPS assigned device {device_id} on localhost" in output, output
    assert harness.hub.get(f"/devices/{device_id}")["authentication"]["symmetricKey"]["primaryKey"] == key


def dps_group_enrollment_with_the_derived_key(harness):
    registration_id = "c-dps-group-" + uuid.uuid4().hex[:8]
    group_key = new_key()
    derived = base64.b64encode(hmac.new(base64.b64decode(group_key), registration_id.encode(), hashlib.sha256).digest()).decode()
    harness.add_security_module(registration_id)
    harness.hub.put(f"/enrollmentGroups/group-{registration_id}", {"attestation": {"symmetricKey": {"primaryKey": group_key}}})
    configure_for_dps(harness, dps_configuration(harness, registration_id, group_key))
    harness.start_agent("--dps-enrollment-group")
    assert_module_messages(harness, registration_id)
    assert harness.hub.get(f"/devices/{registration_id}")["authentication"]["symmetricKey"]["primaryKey"] == derived


def dps_group_key_used_as_an_individual_key_is_refused(harness):
    registration_id = "c-dps-group-" + uuid.uuid4().hex[:8]
    group_key = new_key()
    harness.hub.put(f"/enrollmentGroups/group-{registration_id}", {"attestation": {"symmetricKey": {"primaryKey": group_key}}})
    configure_for_dps(harness, dps_configuration(harness, registration_id, group_key))
    harness.start_agent()  # without --dps-enrollment-group: the group key itself signs, which DPS refuses
    assert_identity_retried(harness, "refused")
    assert "cannot connect (attempt 1): DPS" in harness.agent.output()


def identity_delays(output):
    return [int(ms) for ms in re.findall(r"cannot connect \(attempt \d+\): .*; retrying in (\d+) ms", output)]


def assert_identity_retried(harness, reason, attempts=3):
    """The identity step failed `attempts` times with reason in the log, the waits between the
    attempts doubling (never a tight loop); the daemon runs on and stops cleanly (exit 0)."""
    started = time.monotonic()
    output = eventually(lambda: len(identity_delays(o := harness.agent.output())) >= attempts and o, f"{attempts} attempts", timeout=90)
    assert time.monotonic() - started >= 0.5 * (attempts - 1), output
    failures = [line for line in output.splitlines() if "cannot connect (attempt" in line]
    assert all(reason in line for line in failures), failures
    assert_backoff(identity_delays(output)[:attempts])
    assert harness.agent.process.poll() is None, output
    assert harness.agent.terminate() == 0, harness.agent.output()


def device_identity_waits_for_a_hub_started_after_it(harness):
    """The hub is down when the daemon starts: the module key fetch is retried with backoff and
    succeeds once the hub is up (same ports, same registry)."""
    harness.hub.patch_configuration(FAST_SCHEDULE)
    device_key = harness.hub.get(f"/devices/{DEVICE_ID}")["authentication"]["symmetricKey"]["primaryKey"]
    harness.hub.stop()
    harness.agent.configure("localhost", harness.hub.mqtt_port, "unused", harness.hub.ca_file,
                            identity=device_configuration(harness, device_key))
    harness.start_agent()
    eventually(lambda: len(identity_delays(harness.agent.output())) >= 2, "two failed attempts")
    assert "cannot connect to localhost" in harness.agent.output(), harness.agent.output()
    assert_backoff(identity_delays(harness.agent.output())[:2])
    harness.hub.start()
    assert_module_messages(harness, DEVICE_ID)


def dps_waits_for_an_endpoint_started_after_it(harness):
    registration_id = "c-dps-late-" + uuid.uuid4().hex[:8]
    key = new_key()
    harness.add_security_module(registration_id)
    harness.hub.put(f"/enrollments/{registration_id}", {"attestation": {"symmetricKey": {"primaryKey": key}}, "deviceId": registration_id})
    harness.hub.stop()
    configure_for_dps(harness, dps_configuration(harness, registration_id, key))
    harness.start_agent()
    eventually(lambda: len(identity_delays(harness.agent.output())) >= 2, "two failed attempts")
    assert "DPS: cannot connect to localhost" in harness.agent.output(), harness.agent.output()
    harness.hub.start()
    assert_module_messages(harness, registration_id)
    assert f"DPS assigned device {registration_id} on localhost" in harness.agent.output()


def main():
    report = Report("e2e_identity")
    for case in (device_identity_fetches_the_module_key_and_connects_as_the_module, wrong_device_key_is_refused_with_the_hubs_answer,
                 dps_individual_enrollment_registers_and_connects, dps_group_enrollment_with_the_derived_key,
                 dps_group_key_used_as_an_individual_key_is_refused, device_identity_waits_for_a_hub_started_after_it,
                 dps_waits_for_an_endpoint_started_after_it):
        report.run(case.__name__, with_harness(case))
    return report.finish()


if __name__ == "__main__":
    run_suite(main)
