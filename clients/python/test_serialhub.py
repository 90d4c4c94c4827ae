"""Tests of serialhub.py against a real serialhub serving sim:// (the Go
test cmd/serialhub TestPythonClient runs them with SERIALHUB_URL set)."""

import os
import unittest

import serialhub

URL = os.environ.get("SERIALHUB_URL")


@unittest.skipUnless(URL, "SERIALHUB_URL names a serialhub port serving sim://")
class TestPort(unittest.TestCase):
    def setUp(self):
        self.port = serialhub.Port(URL, timeout=10)
        self.port.sendline("rate 0")

    def tearDown(self):
        self.port.close()

    def test_version(self):
        self.port.sendline("version")
        i = self.port.expect(["no such thing", r"serialhub-sim [0-9.]+"])
        self.assertEqual(i, 1)
        self.assertEqual(self.port.after, "serialhub-sim 1.0")
        self.assertIn("version", self.port.before)

    def test_nothing_lost_between_calls(self):
        self.port.sendline("burst 50")
        for n in range(1, 51):
            self.port.expect(r"burst %d/50\r\n" % n)

    def test_timeout(self):
        self.port.sendline("help")
        with self.assertRaises(serialhub.TIMEOUT) as cm:
            self.port.expect("never said", timeout=0.5)
        self.assertIn("commands:", cm.exception.before)

    def test_expect_exact(self):
        self.port.sendline("help")
        self.assertEqual(self.port.expect_exact(["(", "commands:"]), 1)

    def test_lease(self):
        lease = serialhub.take_lease(URL, ttl="1m", note="python test")
        try:
            self.assertEqual(len(lease["lease"]), 32)
            with self.assertRaises(serialhub.ServerError) as cm:
                serialhub.take_lease(URL)
            self.assertEqual(cm.exception.code, "locked")
            self.assertIn("python test", str(cm.exception))
            self.port.sendline("version")  # not the holder: refused
            with self.assertRaises(serialhub.ServerError) as cm:
                self.port.expect("serialhub-sim", timeout=5)
            self.assertEqual(cm.exception.code, "locked")
            with serialhub.Port(URL, timeout=10, lease=lease["lease"]) as holder:
                holder.sendline("version")
                holder.expect(r"serialhub-sim [0-9.]+")
        finally:
            serialhub.release_lease(URL, lease["lease"])
        self.assertEqual(serialhub.api_url("h:8080/pi/dut", "lease"), "http://h:8080/api/ports/pi%2Fdut/lease")

    def test_job(self):
        # setUp's line first (the simulator echoes it): while the job runs,
        # this connection's writes would be refused.
        self.port.expect("rate 0")
        # The simulator acknowledges nothing: the delay profile paces it.
        job = serialhub.start_job(URL, "rate 0\n\nversion\n", profile="delay", name="hello.txt", options={"delay": "20ms"})
        self.assertEqual((job["lines"], job["name"], job["profile"]), (2, "hello.txt", "delay"))
        done = self.port.wait_job(job["id"])
        self.assertEqual((done["state"], done["acked"]), ("done", 2))
        self.port.expect(r"serialhub-sim [0-9.]+")
        self.assertIn(job["id"], [j["id"] for j in serialhub.list_jobs(URL)])
        with self.assertRaises(serialhub.ServerError) as cm:
            serialhub.job_action(URL, job["id"], "cancel")
        self.assertEqual(cm.exception.code, "job_state")

    def test_url_forms(self):
        self.assertEqual(serialhub.ws_url("h:8080/dut"), "ws://h:8080/ws/dut?replay=0")
        self.assertEqual(serialhub.ws_url("https://c/pi-07/dut"), "wss://c/ws/pi-07/dut?replay=0")
        self.assertEqual(serialhub.ws_url("ws://h/ws/dut"), "ws://h/ws/dut?replay=0")
        self.assertEqual(serialhub.ws_url("h/dut", lease="ab"), "ws://h/ws/dut?replay=0&lease=ab")


if __name__ == "__main__":
    unittest.main()
