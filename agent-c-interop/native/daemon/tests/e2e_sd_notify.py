#!/usr/bin/env python3
"""security-agent-c under Type=notify, as systemd sees it: the test plays systemd's part with a
unix datagram socket named in NOTIFY_SOCKET (a path, then an abstract name), and expects READY=1
once the daemon runs, STOPPING=1 on SIGTERM, and exit code 0. The daemon runs against the local
hub on loopback, as the C# agent's SystemdNotifyTests do.

Usage: e2e_sd_notify.py --agent PATH/security-agent-c --repository REPOSITORY_ROOT"""

import os
import socket
import sys

from e2e_support import Agent, LocalHub, Report, arguments, run_suite, remove_folder, temp_folder

AGENT, REPOSITORY = arguments()
RECEIVE_TIMEOUT = 60.0  # a safety net, not a timing assertion


def notify_case(address_of):
    def run():
        folder = temp_folder()
        hub = LocalHub(REPOSITORY, folder)
        agent = Agent(AGENT, folder)
        systemd = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        try:
            bound, environment_value = address_of(folder)
            systemd.bind(bound)
            systemd.settimeout(RECEIVE_TIMEOUT)
            hub.start(add_module=True)
            agent.configure("localhost", hub.mqtt_port, hub.module_key, hub.ca_file)
            agent.start(environment={"NOTIFY_SOCKET": environment_value})
            ready = systemd.recv(256).decode()
            assert agent.process.poll() is None, "the daemon runs after READY=1\n" + agent.output()
            exit_code = agent.terminate()
            stopping = systemd.recv(256).decode()
            assert ready == "READY=1", ready
            assert stopping == "STOPPING=1", stopping
            assert exit_code == 0, agent.output()
        except BaseException:
            print("--- agent log ---\n" + agent.output()[-4000:] if os.path.exists(agent.log) else "", file=sys.stderr)
            raise
        finally:
            systemd.close()
            if agent.process and agent.process.poll() is None:
                agent.kill()
            hub.stop()
            remove_folder(folder)
    return run


def path_socket(folder):
    path = os.path.join(folder, "notify.sock")
    return path, path


def abstract_socket(folder):
    name = "security-agent-c-e2e-" + os.path.basename(folder)
    return "\0" + name, "@" + name


def main():
    report = Report("e2e_sd_notify")
    report.run("ready_then_stopping_on_sigterm_through_a_socket_path", notify_case(path_socket))
    report.run("ready_then_stopping_on_sigterm_through_an_abstract_socket", notify_case(abstract_socket))
    return report.finish()


if __name__ == "__main__":
    run_suite(main)
