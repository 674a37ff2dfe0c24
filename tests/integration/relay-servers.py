#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# relay-servers.py: the small servers and clients the nfsvsockd integration tests drive.
"""Subcommands (each prints one result line or writes a log the shell checks):
  echo  ADDR PORTFILE PEERLOG      echo server; logs "peer ADDR PORT" per connection
  sink  ADDR PORTFILE LOG          reads to the end; logs "peer A P bytes N sha256 H end eof|reset"
  client HOST PORT NBYTES [SPORT]  sends NBYTES, reads them back, prints "echo ok"/"echo bad ..."
  stream HOST PORT NBYTES SEED     sends a seeded stream slowly until done or broken;
                                   prints "sent N end done|broken"
  prefix NBYTES SEED               prints the sha256 of the first NBYTES of that stream
  pose SRC PORT                    from SRC (IPV6_FREEBIND) to [::1]:PORT, echo one byte;
                                   prints "pose connected" or "pose refused ERRNO"
ADDR is "::1" or "127.0.0.1" (port chosen by the kernel, written to PORTFILE)."""
import errno
import hashlib
import random
import socket
import sys
import threading
import time


def listen(addr, portfile):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, 0))
    s.listen(64)
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % s.getsockname()[1])
    import os
    os.rename(portfile + ".tmp", portfile)
    return s


def log_line(path, line):
    with open(path, "a") as f:
        f.write(line + "\n")


def serve(addr, portfile, logpath, handler):
    s = listen(addr, portfile)
    while True:
        c, peer = s.accept()
        log_line(logpath, "peer %s %d" % (peer[0], peer[1]))
        threading.Thread(target=handler, args=(c, peer, logpath), daemon=True).start()


def echo_handler(c, peer, logpath):
    try:
        while True:
            b = c.recv(65536)
            if not b:
                break
            c.sendall(b)
    except OSError:
        pass
    c.close()


def sink_handler(c, peer, logpath):
    h, n, end = hashlib.sha256(), 0, "eof"
    try:
        while True:
            b = c.recv(65536)
            if not b:
                break
            h.update(b)
            n += len(b)
    except OSError:
        end = "reset"
    c.close()
    log_line(logpath, "peer %s %d bytes %d sha256 %s end %s" % (peer[0], peer[1], n, h.hexdigest(), end))


def connect(host, port, sport=None):
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    c = socket.socket(fam, socket.SOCK_STREAM)
    if sport is not None:
        c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        c.bind((host, sport))
    c.settimeout(20)
    c.connect((host, port))
    return c


def client(host, port, nbytes, sport=None):
    data = random.Random(1).randbytes(nbytes)
    c = connect(host, port, sport)
    got = bytearray()

    def reader():
        try:
            while len(got) < nbytes:
                b = c.recv(65536)
                if not b:
                    break
                got.extend(b)
        except OSError:
            pass
    t = threading.Thread(target=reader)
    t.start()
    c.sendall(data)
    t.join(30)
    c.close()
    if bytes(got) == data:
        print("echo ok")
    else:
        print("echo bad: sent %d got %d" % (nbytes, len(got)))


def stream(host, port, nbytes, seed):
    data = random.Random(seed).randbytes(nbytes)
    c = connect(host, port)
    sent, end = 0, "done"
    try:
        while sent < nbytes:
            n = c.send(data[sent:sent + 65536])
            sent += n
            time.sleep(0.002)   # slow enough that a kill lands mid-transfer
        c.shutdown(socket.SHUT_WR)
        c.settimeout(10)
        if c.recv(1) != b"":
            end = "unexpected-data"
    except OSError:
        end = "broken"
    c.close()
    print("sent %d end %s" % (sent, end))


def pose(src, port):
    """Connect to [::1]:port from src, as a host process posing as a guest would."""
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.IPPROTO_IPV6, 78, 1)   # IPV6_FREEBIND: needs no privilege
    s.settimeout(10)
    try:
        s.bind((src, 0))
        s.connect(("::1", port))
        s.sendall(b"x")
        print("pose connected" if s.recv(1) == b"x" else "pose no-echo")
    except OSError as e:
        print("pose refused %s" % errno.errorcode.get(e.errno, e.errno))
    s.close()


def main(a):
    if a[0] == "echo":
        serve(a[1], a[2], a[3], echo_handler)
    elif a[0] == "sink":
        serve(a[1], a[2], a[3], sink_handler)
    elif a[0] == "client":
        client(a[1], int(a[2]), int(a[3]), int(a[4]) if len(a) > 4 else None)
    elif a[0] == "stream":
        stream(a[1], int(a[2]), int(a[3]), int(a[4]))
    elif a[0] == "pose":
        pose(a[1], int(a[2]))
    elif a[0] == "prefix":
        print(hashlib.sha256(random.Random(int(a[2])).randbytes(int(a[1]))).hexdigest())
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
