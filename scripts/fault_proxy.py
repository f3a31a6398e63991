"""An HTTP proxy on loopback in front of moto, for benchmarks: each call waits DELAY_MS before it
is forwarded (as a network to AWS would), and, when THROTTLE_EVERY is set, every THROTTLE_EVERY-th
call of THROTTLE_OP is answered 400 TooManyRequestsException without forwarding, plus BURST
throttles in a row at call BURST_AT. Writes {"calls": N, "throttled": M} per operation to
COUNT_FILE after every call.

usage: fault_proxy.py LISTEN_PORT UPSTREAM_PORT COUNT_FILE
env:   DELAY_MS (0), THROTTLE_OP (ListUsers), THROTTLE_EVERY (0: never), BURST_AT (0), BURST (3)
"""
import http.client
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

listen_port, upstream_port, count_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
DELAY = int(os.environ.get("DELAY_MS", "0")) / 1000
OP = os.environ.get("THROTTLE_OP", "ListUsers")
EVERY = int(os.environ.get("THROTTLE_EVERY", "0"))
BURST_AT = int(os.environ.get("BURST_AT", "0"))
BURST = int(os.environ.get("BURST", "3"))
lock = threading.Lock()
counts = {}
THROTTLE = json.dumps({"__type": "TooManyRequestsException", "message": "Too many requests"}).encode()


def count(op, throttled):
    with lock:
        c = counts.setdefault(op, {"calls": 0, "throttled": 0})
        c["calls"] += 1
        c["throttled"] += int(throttled)
        n = c["calls"]
        with open(count_file, "w") as f:
            json.dump(counts, f)
        return n


def should_throttle(op):
    with lock:
        n = counts.get(op, {"calls": 0})["calls"] + 1
    if op != OP or not EVERY:
        return False
    return n % EVERY == 0 or (BURST_AT and BURST_AT <= n < BURST_AT + BURST)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        op = (self.headers.get("X-Amz-Target") or "").split(".")[-1]
        time.sleep(DELAY)
        if should_throttle(op):
            count(op, True)
            self.send_response(400)
            self.send_header("Content-Type", "application/x-amz-json-1.1")
            self.send_header("Content-Length", str(len(THROTTLE)))
            self.end_headers()
            self.wfile.write(THROTTLE)
            return
        count(op, False)
        up = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        up.request("POST", self.path, body=body, headers=headers)
        r = up.getresponse()
        data = r.read()
        self.send_response(r.status)
        for k, v in r.getheaders():
            if k.lower() not in ("content-length", "connection", "transfer-encoding", "server", "date"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        up.close()


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", listen_port), Handler).serve_forever()
