#!/usr/bin/env python3
"""Resident memory of security-agent-c connected over TLS to the local hub, idle (the default
schedule plus fast messages: the core's statistics events every second), sampled from
/proc/PID/status after a settling period.

Usage: measure_rss.py --agent PATH/security-agent-c --repository ROOT [--seconds 30]
Prints the peak and the last VmRSS, RssAnon and RssFile in KiB."""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../agent-c-interop/native/daemon/tests"))
from e2e_support import FAST_SCHEDULE, Agent, LocalHub, eventually, remove_folder, temp_folder  # noqa: E402


def status(pid):
    values = {}
    with open(f"/proc/{pid}/status") as text:
        for line in text:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
                values[key] = int(value.split()[0])
    return values


def main():
    args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
    seconds = int(args.get("--seconds", "30"))
    folder = temp_folder()
    hub = LocalHub(os.path.abspath(args["--repository"]), folder)
    agent = Agent(os.path.abspath(args["--agent"]), folder)
    try:
        hub.start(add_module=True)
        hub.patch_configuration(FAST_SCHEDULE)
        agent.configure("localhost", hub.mqtt_port, hub.module_key, hub.ca_file)
        agent.start()
        eventually(lambda: len(hub.messages()) >= 3, "three messages")
        peak, last = {}, {}
        for _ in range(seconds):
            time.sleep(1)
            last = status(agent.process.pid)
            peak = {k: max(v, peak.get(k, 0)) for k, v in last.items()}
        print(f"messages received: {len(hub.messages())}")
        print("last KiB: " + ", ".join(f"{k} {v}" for k, v in sorted(last.items())))
        print("peak KiB: " + ", ".join(f"{k} {v}" for k, v in sorted(peak.items())))
        agent.terminate()
    finally:
        hub.stop()
        remove_folder(folder)


if __name__ == "__main__":
    main()
