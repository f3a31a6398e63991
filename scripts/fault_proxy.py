"""An HTTP proxy on loopback in front of moto, for benchmarks: each call waits DELAY_MS before it
is forwarded (as a network to AWS would), and, when THROTTLE_EVERY is set, every THROTTLE_EVERY-th
call of THROTTLE_OP is answered 400 TooManyRequestsException without forwarding, plus BURST
throttles in a row at call BURST_AT. Writes {"calls": N, "throttled": M} per operation to
COUNT_FILE after every call.

REST calls (SES v2, Lambda) are forwarded too, except the ones moto lacks, which it answers
itself with the shapes of the AWS API references: GetAccount (an account with production
access), and the account's suppression list (ListSuppressedDestinations in pages of 1,000 over
SUPPRESSED generated addresses: user0@example.com, user10@example.com, ... for the first 300,
then addresses no user has; GetSuppressedDestination answers NotFoundException). So does Cognito's
GetLogDeliveryConfiguration (a pool that exports no logs), ListUserImportJobs (no jobs) and
DescribeRiskConfiguration (no risk configuration of its own), and CloudTrail's LookupEvents (no
Cognito event in the window). REST
calls are counted by operation name. Operations named in DENY_OPS (comma-separated, as counted)
are answered AccessDeniedException, as IAM would for a role without them.

usage: fault_proxy.py LISTEN_PORT UPSTREAM_PORT COUNT_FILE
env:   DELAY_MS (0), THROTTLE_OP (ListUsers), THROTTLE_EVERY (0: never), BURST_AT (0), BURST (3),
       SUPPRESSED (0), DENY_OPS ("")
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
SUPPRESSED = int(os.environ.get("SUPPRESSED", "0"))
DENY = {op for op in os.environ.get("DENY_OPS", "").split(",") if op}
PAGE = 1000
ACCOUNT = json.dumps({"EnforcementStatus": "HEALTHY", "ProductionAccessEnabled": True, "SendingEnabled": True,
                      "SendQuota": {"Max24HourSend": 50000.0, "MaxSendRate": 14.0, "SentLast24Hours": 0.0}}).encode()
lock = threading.Lock()


def suppressed(k):
    return f"user{k * 10}@example.com" if k < 300 else f"gone{k}@example.net"


def suppression_page(query):
    start = int(query.get("NextToken", ["0"])[0] or 0)
    end = min(start + PAGE, SUPPRESSED)
    page = {"SuppressedDestinationSummaries": [
        {"EmailAddress": suppressed(k), "Reason": "BOUNCE", "LastUpdateTime": 1764489600} for k in range(start, end)]}
    if end < SUPPRESSED:
        page["NextToken"] = str(end)
    return json.dumps(page).encode()
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

    def answer(self, status, data, error=None):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if error:
            self.send_header("x-amzn-ErrorType", error)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        from urllib.parse import parse_qs, urlsplit
        url = urlsplit(self.path)
        time.sleep(DELAY)
        if url.path == "/v2/email/account":
            count("GetAccount", False)
            return self.answer(200, ACCOUNT)
        if url.path == "/v2/email/suppression/addresses":
            count("ListSuppressedDestinations", False)
            return self.answer(200, suppression_page(parse_qs(url.query)))
        if url.path.startswith("/v2/email/suppression/addresses/"):
            count("GetSuppressedDestination", False)
            return self.answer(404, b'{"message":"not on the suppression list"}', "NotFoundException")
        count("GET " + "/".join(url.path.split("/")[:4]), False)
        up = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        up.request("GET", self.path, headers=headers)
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

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        op = (self.headers.get("X-Amz-Target") or "").split(".")[-1]
        time.sleep(DELAY)
        if op in DENY:
            count(op, False)
            target = self.headers.get("X-Amz-Target") or ""
            prefix = "cloudtrail" if "CloudTrail" in target else "kms" if target.startswith("TrentService") else "cognito-idp"
            return self.answer(400, json.dumps({
                "__type": "AccessDeniedException",
                "message": f"User: arn:aws:iam::123456789012:user/support is not authorized to perform: {prefix}:{op}"}).encode())
        if op == "GetLogDeliveryConfiguration":
            count(op, False)
            pool = json.loads(body or b"{}").get("UserPoolId", "")
            return self.answer(200, json.dumps({"LogDeliveryConfiguration": {
                "UserPoolId": pool, "LogConfigurations": []}}).encode())
        if op == "ListUserImportJobs":
            count(op, False)
            return self.answer(200, b'{"UserImportJobs": []}')
        if op == "LookupEvents":
            count(op, False)
            return self.answer(200, b'{"Events": []}')
        if op == "DescribeRiskConfiguration":
            count(op, False)
            pool = json.loads(body or b"{}").get("UserPoolId", "")
            return self.answer(200, json.dumps({"RiskConfiguration": {"UserPoolId": pool}}).encode())
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
