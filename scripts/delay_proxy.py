"""A TCP proxy on loopback that delays each request by a fixed time, as a network would: every
chunk the client sends waits DELAY_MS before it is forwarded. Counts the Cognito calls it
forwarded (their X-Amz-Target headers) into COUNT_FILE, adding to what the file holds (write 0 to
it to start a new count). With LOG_FILE, appends one line a call
as it arrives, before the delay: the wall time in seconds and the operation (X-Amz-Target's last
part, or the method and path of a REST call, not counted), for a timeline of the run. For benchmarks only.

usage: delay_proxy.py LISTEN_PORT UPSTREAM_PORT DELAY_MS COUNT_FILE [LOG_FILE]
"""
import asyncio
import re
import sys
import time

listen_port, upstream_port, delay_ms, count_file = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
log_file = sys.argv[5] if len(sys.argv) > 5 else None
calls = 0
REST = re.compile(rb"(GET|POST|PUT|DELETE|HEAD) [^ ?]*")
TARGET = re.compile(rb"x-amz-target:\s*[^.\r\n]*\.([^\r\n]+)", re.IGNORECASE)


async def pipe(reader, writer, delay):
    global calls
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            if delay:
                # The file is the count: a script that writes 0 to it starts a new count.
                try:
                    with open(count_file) as f:
                        calls = int(f.read().strip() or 0)
                except (OSError, ValueError):
                    calls = 0
                calls += data.lower().count(b"x-amz-target:")
                with open(count_file, "w") as f:
                    f.write(str(calls))
                if log_file:
                    now = time.time()
                    with open(log_file, "a") as f:
                        ops = TARGET.findall(data)
                        for op in ops:
                            f.write(f"{now:.4f} {op.decode().strip()}\n")
                        if not ops and REST.match(data):
                            f.write(f"{now:.4f} {REST.match(data).group(0).decode()}\n")
                await asyncio.sleep(delay / 1000)
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def handle(client_reader, client_writer):
    up_reader, up_writer = await asyncio.open_connection("127.0.0.1", upstream_port)
    await asyncio.gather(pipe(client_reader, up_writer, delay_ms), pipe(up_reader, client_writer, 0))


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", listen_port)
    async with server:
        await server.serve_forever()


asyncio.run(main())
