#!/usr/bin/env python3
"""security-agent-c with X.509 client certificates (made here with the openssl command line,
keys 0600): against the local hub as a module registered by thumbprint, as a device fetching
its module's key over HTTPS with the certificate, and through a DPS X.509 enrollment; against
mosquitto with require_certificate. A certificate the hub does not know, or an expired one, is
refused with a clear reason and retried with exponential backoff, never in a tight loop.

Usage: e2e_x509.py --agent PATH/security-agent-c --repository REPOSITORY_ROOT"""

import json
import os
import time
import uuid

from e2e_mosquitto import Broker, Subscriber, bag
from e2e_support import (run_suite, harnessed, DEVICE_ID, FAST_SCHEDULE, MODULE_ID, OBJECT_NAME, Agent, LocalHub, Report, Schemas,
                         TestCa, arguments, assert_backoff, eventually, events_of, reconnect_delays, remove_folder, temp_folder,
                         x509_identity)

AGENT, REPOSITORY = arguments()
ID_SCOPE = "0ne00000001"


class HubHarness:
    def __init__(self):
        self.folder = temp_folder()
        self.hub = LocalHub(REPOSITORY, self.folder)
        self.hub.start()
        self.ca = TestCa(self.folder)
        self.agent = Agent(AGENT, self.folder)

    def add_device(self, device_id, thumbprint=None):
        self.hub.put(f"/devices/{device_id}", {"authentication": {"x509Thumbprint": {"primaryThumbprint": thumbprint}}}
                     if thumbprint else {})

    def add_module(self, device_id, thumbprint=None):
        self.hub.put(f"/devices/{device_id}/modules/{MODULE_ID}",
                     {"authentication": {"x509Thumbprint": {"primaryThumbprint": thumbprint}}} if thumbprint else {})
        self.hub._request("PATCH", f"/twins/{device_id}/modules/{MODULE_ID}", {"properties": {"desired": {OBJECT_NAME: FAST_SCHEDULE}}})

    def configure(self, identity, extra=None):
        self.agent.configure("localhost", self.hub.mqtt_port, "unused", self.hub.ca_file, identity=identity, extra=extra)

    def start_agent(self):
        self.agent.start(collectors="SystemInformation", arguments=("--hub-https-port", str(self.hub.https_port)))

    def close(self):
        if self.agent.process and self.agent.process.poll() is None:
            self.agent.kill()
        self.hub.stop()
        remove_folder(self.folder)


def assert_module_messages(harness, device_id, auth_method):
    schemas = Schemas(REPOSITORY)
    eventually(lambda: harness.hub.messages(device_id, MODULE_ID), f"messages from {device_id}/{MODULE_ID}")
    assert harness.agent.terminate() == 0, harness.agent.output()
    messages = harness.hub.messages(device_id, MODULE_ID)
    assert "SystemInformation" in {event["Name"] for event in events_of(messages)}
    for message in messages:
        assert message["authMethod"] == auth_method, message
        errors = schemas.errors(message["body"])
        assert not errors, f"{errors}: {message['body']!r}"


def module_identity_with_a_registered_thumbprint(harness):
    certificate, key, thumbprint = harness.ca.issue("x509-module")
    harness.add_device(DEVICE_ID)
    harness.add_module(DEVICE_ID, thumbprint)
    harness.configure(x509_identity(certificate, key))
    harness.start_agent()
    assert_module_messages(harness, DEVICE_ID, "x509")
    assert f"connected to localhost:{harness.hub.mqtt_port} as {DEVICE_ID}/{MODULE_ID}" in harness.agent.output()


def device_identity_fetches_the_module_key_with_its_certificate(harness):
    certificate, key, thumbprint = harness.ca.issue("x509-device")
    harness.add_device(DEVICE_ID, thumbprint)
    harness.add_module(DEVICE_ID)
    harness.configure(x509_identity(certificate, key, module_id=None))
    harness.start_agent()
    # The module's key came over HTTPS with the device's certificate; the module connects by SAS.
    assert_module_messages(harness, DEVICE_ID, "sas")
    assert f"fetched the key of module {MODULE_ID} of device {DEVICE_ID}" in harness.agent.output()


def dps_x509_enrollment_registers_and_connects(harness):
    registration_id = "c-dps-x509-" + uuid.uuid4().hex[:8]
    certificate, key, thumbprint = harness.ca.issue(registration_id)
    harness.add_device(registration_id)
    harness.add_module(registration_id)
    harness.hub.put(f"/enrollments/{registration_id}", {"attestation": {"x509": {"thumbprint": thumbprint}}, "deviceId": registration_id})
    identity = {"type": "device", "authentication": {
        "method": "dps", "idScope": ID_SCOPE, "registrationId": registration_id, "globalEndpoint": f"localhost:{harness.hub.mqtt_port}",
        "credentials": {"method": "x509", "certificateFile": certificate, "keyFile": key}}}
    harness.configure(identity, extra={"hubHostName": None, "gatewayHostName": f"localhost:{harness.hub.mqtt_port}"})
    harness.start_agent()
    assert_module_messages(harness, registration_id, "sas")
    output = harness.agent.output()
    assert f"DPS assigned device {registration_id} on localhost" in output, output
    assert harness.hub.get(f"/devices/{registration_id}")["authentication"]["x509Thumbprint"]["primaryThumbprint"] == thumbprint


def wait_for_refusals(harness, text, count):
    return eventually(lambda: harness.agent.output().count(text) >= count and harness.agent.output(), f"{count} x '{text}'",
                      timeout=90)


def assert_retried_with_backoff(harness, refusal, started):
    """Three attempts, each refused with the reason, the waits between them doubling: at least
    0.5 + 1 s passed before the third; the daemon keeps running and stops cleanly."""
    output = wait_for_refusals(harness, refusal, 3)
    assert time.monotonic() - started >= 1.5, output
    assert_backoff(reconnect_delays(output)[:3])
    assert harness.agent.process.poll() is None, output
    assert harness.agent.terminate() == 0, harness.agent.output()


def unregistered_certificate_is_refused_and_retried_with_backoff(harness):
    _, _, registered = harness.ca.issue("x509-registered")
    certificate, key, _ = harness.ca.issue("x509-other")
    harness.add_device(DEVICE_ID)
    harness.add_module(DEVICE_ID, registered)
    harness.configure(x509_identity(certificate, key))
    started = time.monotonic()
    harness.start_agent()
    assert_retried_with_backoff(harness, f"refused the connection: Connection Refused: not authorised. (the client certificate {certificate}",
                                started)
    assert not harness.hub.messages(DEVICE_ID, MODULE_ID)


def expired_certificate_is_named_and_retried_with_backoff(harness):
    certificate, key, thumbprint = harness.ca.issue("x509-expired", expired=True)
    harness.add_device(DEVICE_ID)
    harness.add_module(DEVICE_ID, thumbprint)
    harness.configure(x509_identity(certificate, key))
    started = time.monotonic()
    harness.start_agent()
    assert_retried_with_backoff(harness, "refused the connection", started)
    output = harness.agent.output()
    assert f"the client certificate {certificate} expired on Jan  2 00:00:00 2020 GMT" in output, output
    assert not harness.hub.messages(DEVICE_ID, MODULE_ID)


class BrokerHarness:
    """mosquitto with require_certificate, trusting the test CA for clients."""

    def __init__(self):
        self.folder = temp_folder()
        self.ca = TestCa(self.folder)
        self.broker = Broker(self.folder, client_ca=self.ca.certificate)
        self.broker.start()
        self.server_ca = os.path.join(self.broker.folder, "ca.pem")
        certificate, key, _ = self.ca.issue("subscriber")
        self.subscriber = Subscriber(self.broker.port, self.server_ca, (certificate, key))
        self.agent = Agent(AGENT, self.folder)
        os.makedirs(self.agent.outbox, mode=0o700, exist_ok=True)
        with open(os.path.join(self.agent.outbox, "twin-configuration.json"), "w") as out:
            json.dump(FAST_SCHEDULE, out)

    def configure(self, certificate, key):
        self.agent.configure("localhost", self.broker.port, "unused", self.server_ca, identity=x509_identity(certificate, key))

    def close(self):
        if self.agent.process and self.agent.process.poll() is None:
            self.agent.kill()
        self.subscriber.close()
        self.broker.stop()
        remove_folder(self.folder)


def mosquitto_requiring_a_certificate_receives_the_messages(harness):
    certificate, key, _ = harness.ca.issue("x509-agent")
    harness.configure(certificate, key)
    harness.agent.start(collectors="SystemInformation")
    messages = eventually(lambda: harness.subscriber.messages(), "a message")
    assert harness.agent.terminate() == 0, harness.agent.output()
    assert len(bag(messages[0][0])["$.mid"]) == 36


def mosquitto_refuses_an_expired_certificate_and_the_daemon_backs_off(harness):
    certificate, key, _ = harness.ca.issue("x509-expired", expired=True)
    harness.configure(certificate, key)
    started = time.monotonic()
    harness.agent.start(collectors="SystemInformation")
    # The broker ends the TLS handshake with an alert; libmosquitto's reason is in the log.
    assert_retried_with_backoff(harness, "certificate expired", started)
    assert f"the client certificate {certificate} expired on" in harness.agent.output()
    assert not harness.subscriber.messages()


def main():
    report = Report("e2e_x509")
    for case in (module_identity_with_a_registered_thumbprint, device_identity_fetches_the_module_key_with_its_certificate,
                 dps_x509_enrollment_registers_and_connects, unregistered_certificate_is_refused_and_retried_with_backoff,
                 expired_certificate_is_named_and_retried_with_backoff):
        report.run(case.__name__, harnessed(HubHarness, case))
    for case in (mosquitto_requiring_a_certificate_receives_the_messages, mosquitto_refuses_an_expired_certificate_and_the_daemon_backs_off):
        report.run(case.__name__, harnessed(BrokerHarness, case))
    return report.finish()


if __name__ == "__main__":
    run_suite(main)
