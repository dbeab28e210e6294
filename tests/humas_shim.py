"""The ``humas`` that the workflow runner's steps find first on ``PATH`` in the tests: it asks this pytest
worker's zygote (tests/humas_zygote.py) for a ``humas`` process with this one's arguments, environment,
directory, stdin, stdout and stderr, passes on the signals it gets, and exits as that process did.

Written into a folder by ``tests.helpers.humas_shim_folder`` with the zygote's socket and the real console
script filled in; run with ``python -I -S`` (the standard library only: it starts in milliseconds).
"""

import json
import os
import signal
import socket
import struct
import sys

SOCKET = "{socket}"
PROGRAM = "{program}"


def receive_int(connection: socket.socket) -> int:
    data = b""
    while len(data) < 4:
        chunk = connection.recv(4 - len(data))
        if not chunk:
            raise SystemExit("humas (test shim): the zygote closed the connection")
        data += chunk
    return int(struct.unpack("!i", data)[0])


def main() -> None:
    request = json.dumps(
        {"program": PROGRAM, "args": sys.argv[1:], "cwd": os.getcwd(), "env": dict(os.environ)}
    ).encode()
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.connect(SOCKET)
    socket.send_fds(connection, [struct.pack("!I", len(request))], [0, 1, 2])
    connection.sendall(request)
    pid = receive_int(connection)
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(number, lambda sent, _frame: os.kill(pid, sent))
    status = receive_int(connection)
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    sys.exit(code)


main()
