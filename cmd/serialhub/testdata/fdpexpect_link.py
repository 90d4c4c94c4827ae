"""Drive a "serialhub pty" link with pexpect's fdpexpect.

Usage: fdpexpect_link.py LINK COMMAND ANSWER

Opens LINK (a symbolic link to the pseudo-terminal "serialhub pty" made),
sets it raw as a serial program would, wraps the descriptor in
fdpexpect.fdspawn, writes COMMAND and a carriage return, and waits for
ANSWER, the exact text. Prints what expect matched as a JSON string;
exits 1 with what was received when the answer does not come.
"""

import json
import os
import sys
import tty

from pexpect import fdpexpect
import pexpect


def main():
    link, command, answer = sys.argv[1:4]
    fd = os.open(link, os.O_RDWR | os.O_NOCTTY)
    tty.setraw(fd)
    child = fdpexpect.fdspawn(fd, timeout=5)
    child.send(command + "\r")
    try:
        child.expect_exact(answer)
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        sys.exit(f"fdpexpect: {type(e).__name__} waiting for {answer!r}; received {child.before!r}")
    matched = child.after.decode("utf-8", "backslashreplace")
    child.close()
    json.dump(matched, sys.stdout)


if __name__ == "__main__":
    main()
