"""Drive "serialhub attach" with pexpect.spawn.

Usage: pexpect_attach.py PROGRAM URL COMMAND ANSWER

Runs "PROGRAM attach --replay=false URL" on a pseudo-terminal (the
environment passes through), waits until attach says it is connected,
types COMMAND and a carriage return, and waits for ANSWER, the exact text.
Then types the escape character and "." to quit and requires attach to exit
with status 0. Prints what expect matched as a JSON string; exits 1 with
what was received when something is missing.
"""

import json
import sys

import pexpect


def main():
    program, url, command, answer = sys.argv[1:5]
    child = pexpect.spawn(program, ["attach", "--replay=false", url], timeout=5)
    step = "connecting"
    try:
        child.expect_exact("[serialhub: connected to ")
        step = f"answer to {command!r}"
        child.send(command + "\r")
        child.expect_exact(answer)
        matched = child.after.decode("utf-8", "backslashreplace")
        step = "quitting"
        child.send("\x1d.")
        child.expect(pexpect.EOF)
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        child.close(force=True)
        sys.exit(f"pexpect: {type(e).__name__} while {step}; received {child.before!r}")
    child.close()
    if child.exitstatus != 0:
        sys.exit(f"attach exited with status {child.exitstatus}, signal {child.signalstatus}")
    json.dump(matched, sys.stdout)


if __name__ == "__main__":
    main()
