#!/usr/bin/env python3
"""Runs a command in a network namespace that has nothing but a loopback interface, where only the
given host loopback ports are reachable.

    loopback_only.py --timeout 300 --forward 5432 --forward 9000 --probe 1.1.1.1:443 -- java -cp ... Main

The servers stay in the host's namespace. The forked child enters a new network namespace, brings its
`lo` up, listens on 127.0.0.1:<port> for each --forward port there, hands those listening sockets to
this process over a socketpair made before the fork, prints the result of each --probe connection and
execs the command. This process stays in the host namespace and relays each connection accepted on a
handed-over socket to the host's 127.0.0.1:<same port>. No veth and no listener outside loopback is
needed: the command reaches exactly the forwarded ports and nothing else.

The command keeps this process's environment, stdin, stdout and stderr. The exit status is the
command's; 124 when it ran past --timeout (it is killed), 3 when no namespace could be made.
Python 3.11 has no os.unshare, hence ctypes.
"""

import argparse
import ctypes
import fcntl
import os
import signal
import socket
import struct
import sys
import threading
import time

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
SIOCGIFFLAGS = 0x8913
SIOCSIFFLAGS = 0x8914
IFF_UP = 0x1
PR_SET_PDEATHSIG = 1
IFREQ = "16sH22x"  # struct ifreq: name, then the flags of the ifr_ifru union (40 bytes on 64-bit Linux)
NO_NAMESPACE = 3
TIMED_OUT = 124

libc = ctypes.CDLL(None, use_errno=True)


def fail(message):
    sys.stderr.write("loopback_only: " + message + "\n")
    sys.stderr.flush()


def enter_network_namespace():
    """A new network namespace; as a non-root user inside a new user namespace that maps only our ids."""
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWNET if uid == 0 else CLONE_NEWUSER | CLONE_NEWNET
    if libc.unshare(flags) != 0:
        err = ctypes.get_errno()
        raise OSError(err, "unshare(%s): %s" % ("CLONE_NEWNET" if uid == 0 else "CLONE_NEWUSER|CLONE_NEWNET",
                                                os.strerror(err)))
    if uid != 0:
        # Map our own ids to themselves, so files keep their owner and the command runs as us.
        with open("/proc/self/setgroups", "w") as f:
            f.write("deny")
        with open("/proc/self/uid_map", "w") as f:
            f.write("%d %d 1" % (uid, uid))
        with open("/proc/self/gid_map", "w") as f:
            f.write("%d %d 1" % (gid, gid))


def bring_loopback_up():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        current = fcntl.ioctl(s, SIOCGIFFLAGS, struct.pack(IFREQ, b"lo", 0))
        flags = struct.unpack(IFREQ, current)[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack(IFREQ, b"lo", flags | IFF_UP))


def listen(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(64)
    return s


def probe(target):
    host, port = target.rsplit(":", 1)
    started = time.monotonic()
    try:
        with socket.create_connection((host, int(port)), timeout=5):
            result = "connected"
    except OSError as e:
        result = e.strerror or str(e)
    millis = int((time.monotonic() - started) * 1000)
    print("probe %s: %s after %d ms" % (target, result, millis), flush=True)


def child(channel, args):
    """Runs in the forked child: namespace, loopback, listeners, probes, then the command."""
    try:
        # The command must not outlive this launcher (killed at its deadline, or killed itself).
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        enter_network_namespace()
        bring_loopback_up()
        listeners = [listen(port) for port in args.forward]
        socket.send_fds(channel, [b"listeners"], [s.fileno() for s in listeners])
        channel.close()
        for s in listeners:
            s.close()
    except OSError as e:
        fail("cannot make a network namespace with only loopback in it: %s" % e)
        os._exit(NO_NAMESPACE)
    names = [name for _, name in socket.if_nameindex()]
    print("interfaces: %s" % " ".join(names), flush=True)
    for target in args.probe:
        probe(target)
    sys.stdout.flush()
    try:
        os.execvp(args.command[0], args.command)
    except OSError as e:
        fail("cannot run %s: %s" % (args.command[0], e))
        os._exit(127)


def pump(source, sink):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for s, how in ((sink, socket.SHUT_WR), (source, socket.SHUT_RD)):
            try:
                s.shutdown(how)
            except OSError:
                pass


def relay(listener, port):
    """Accepts in the namespace, connects in the host namespace, copies both ways."""
    while True:
        try:
            inside, _ = listener.accept()
        except OSError:
            return
        try:
            outside = socket.create_connection(("127.0.0.1", port), timeout=10)
            outside.settimeout(None)
        except OSError as e:
            fail("cannot reach the host's 127.0.0.1:%d: %s" % (port, e))
            inside.close()
            continue
        for a, b in ((inside, outside), (outside, inside)):
            threading.Thread(target=pump, args=(a, b), daemon=True).start()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, required=True, help="seconds before the command is killed")
    parser.add_argument("--forward", type=int, action="append", default=[], help="a host loopback port to reach")
    parser.add_argument("--probe", action="append", default=[], help="host:port to try to connect to first")
    parser.add_argument("command", nargs="+")
    args = parser.parse_args()

    parent_end, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    pid = os.fork()
    if pid == 0:
        parent_end.close()
        child(child_end, args)
        return  # not reached: child() execs or exits
    child_end.close()

    def stop(signum, frame):
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    try:
        _, fds, _, _ = socket.recv_fds(parent_end, 64, len(args.forward))
    except OSError:
        fds = []
    parent_end.close()
    if len(fds) == len(args.forward):
        for fd, port in zip(fds, args.forward):
            listener = socket.socket(fileno=fd)
            threading.Thread(target=relay, args=(listener, port), daemon=True).start()
    else:
        for fd in fds:
            os.close(fd)  # the child failed before handing all of them over and exits with the reason

    deadline = time.monotonic() + args.timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            os._exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            fail("%s still running after %g s; killed" % (args.command[0], args.timeout))
            os._exit(TIMED_OUT)
        time.sleep(0.05)


if __name__ == "__main__":
    main()
