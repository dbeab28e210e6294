"""A ``humas`` that has already imported itself, for the tests: each request is a new process forked from it.

A ``humas`` command spends most of its CPU time importing (pydantic models, click, the SOP's schema: about
0.4 s of the 0.5 s of ``humas review``), and the tests run thousands of them. This server imports the
``pipeline`` package once, then, for each request of ``tests.helpers.Repo.humas`` (arguments, environment,
directory, and the caller's stdin, stdout and stderr passed as file descriptors), forks twice: a waiter,
and under it the command, which sets the environment and directory, points its fds 0, 1 and 2 at the
caller's, and runs the console script's body (``sys.exit(main())``). The command is a real process with
its own exit, atexit handlers and exit code; nothing is mocked. The waiter sends the command's pid (so that
the caller can kill it at its timeout) and then its wait status.

Run by tests/helpers.py as ``python -P tests/humas_zygote.py SOCKET``; one per pytest worker.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import json
import os
import pkgutil
import signal
import socket
import struct
import sys
import threading


def _receive(connection: socket.socket) -> tuple[dict[str, object], list[int]]:
    size_bytes, fds, _flags, _address = socket.recv_fds(connection, 4, 3)
    (size,) = struct.unpack("!I", size_bytes)
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return json.loads(data), fds


def _command(request: dict[str, object], fds: list[int]) -> None:
    """In the forked command: become ``humas ARGS`` run from ``cwd`` with ``env``; never returns."""
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(str(request["cwd"]))
    env = request["env"]
    assert isinstance(env, dict)
    os.environ.clear()
    os.environ.update(env)
    args = request["args"]
    assert isinstance(args, list)
    sys.argv = [str(request["program"]), *args]
    from pipeline.cli import main

    sys.exit(main())


def _exit(code: object) -> None:
    """End the command as the interpreter ends a program (``Py_FinalizeEx``): the ``SystemExit`` code made
    an exit status (None is 0, an int itself, anything else printed to stderr and 1), the threads that are not
    daemons joined, the atexit handlers run (``weakref.finalize`` and ``tempfile``'s clean-ups among them), stdout
    and stderr flushed (exit status 120 when that fails); then ``os._exit``. What it leaves out is the tear-down
    of the modules, which only frees memory: in a process forked from the zygote it writes to every page the
    zygote's imports left, each of which the kernel must then copy (most of a command's system time)."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code & 0xFF
    else:
        sys.stderr.write(f"{code}\n")
        status = 1
    threading._shutdown()  # type: ignore[attr-defined]  # what the interpreter calls at exit
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            status = 120
    os._exit(status)


def _serve(connection: socket.socket) -> None:
    """In the forked waiter: fork the command, send its pid, wait, send its wait status; never returns."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the command's signals are a new process's
    request, fds = _receive(connection)
    pid = os.fork()
    if pid == 0:
        connection.close()
        try:
            _command(request, fds)  # raises SystemExit, as the console script's sys.exit(main())
        except SystemExit as done:
            _exit(done.code)
        except BaseException:  # as the interpreter does with an uncaught exception
            sys.excepthook(*sys.exc_info())
            _exit(1)
    for fd in fds:
        os.close(fd)
    connection.sendall(struct.pack("!i", pid))
    _pid, status = os.waitpid(pid, 0)
    connection.sendall(struct.pack("!i", status))
    os._exit(0)


def _reap(block: bool) -> None:
    """Wait for the finished waiters (so that their CPU time is counted in this server's, and the test
    run's: ``/usr/bin/time`` of pytest measures the commands too)."""
    while True:
        try:
            pid, _status = os.waitpid(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _stop(_signal: int, _frame: object) -> None:
    _reap(block=True)
    os._exit(0)


def main(path: str) -> None:
    bin_dir = os.path.dirname(sys.executable)
    sys.path.insert(0, bin_dir)  # as the console script ``humas`` in the venv's bin has it
    import pipeline

    for module in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        importlib.import_module(module.name)
    gc.freeze()  # the imported objects are never collected: the forked commands do not touch their pages
    signal.signal(signal.SIGTERM, _stop)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(16)
    print("ready", flush=True)
    sys.stdout.flush()
    sys.stderr.flush()
    while True:
        connection, _address = server.accept()
        _reap(block=False)
        if os.fork() == 0:
            server.close()
            try:
                _serve(connection)
            except SystemExit:
                raise
            except BaseException:
                os._exit(70)
        connection.close()


if __name__ == "__main__":
    main(sys.argv[1])
