"""Drive a serialhub port with labgrid's own SerialDriver.

Usage: labgrid_console.py ENV.yaml COMMAND ANSWER [COMMAND ANSWER ...]

Loads the labgrid environment ENV.yaml (target "main", a NetworkSerialPort
and a SerialDriver), and for each pair sends COMMAND with the driver's
sendline and waits with the driver's expect for ANSWER, the exact text.
Prints what each expect matched as a JSON list of strings; exits 1 with
labgrid's error and the text received when an expect times out.
"""

import json
import re
import sys

from labgrid import Environment
import pexpect


def main():
    env = Environment(sys.argv[1])
    target = env.get_target("main")
    driver = target.get_driver("SerialDriver")
    matched = []
    pairs = sys.argv[2:]
    for command, answer in zip(pairs[0::2], pairs[1::2]):
        driver.sendline(command)
        try:
            _, _, match, _ = driver.expect([re.escape(answer)], timeout=5)
        except pexpect.TIMEOUT:
            received = driver._expect.before
            sys.exit(f"labgrid's expect saw no {answer!r} after {command!r}; received {received!r}")
        matched.append(match.group(0).decode("utf-8", "backslashreplace"))
    target.deactivate(driver)
    json.dump(matched, sys.stdout)


if __name__ == "__main__":
    main()
