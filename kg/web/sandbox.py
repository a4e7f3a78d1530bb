"""Take the network away from a query worker, so that no query can make the server connect
anywhere (SERVICE, in any spelling the guard failed to read).

Oxigraph evaluates ``SERVICE <iri> { … }`` by POSTing to the IRI, and pyoxigraph offers no way
to turn that off or to hand it a service handler of ours; rdflib fetches SERVICE IRIs too. A
filter on the query text can only be as right as its reading of SPARQL, so the workers of
``kg serve`` (without ``--allow-service``) also lose the ability to open any socket but a
local (AF_UNIX) one: a seccomp filter, installed by the worker on itself before it reads a
query, makes ``socket()`` for every other family fail with EACCES, in every thread of the
process and in anything it would start. Name lookups go the same way. The pipe to the server
is made before, and AF_UNIX stays allowed.

Linux on x86-64 and AArch64 only (the filter names system calls by number); elsewhere
``deny_network`` returns False and the text guard is the only line (the server says so).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import platform
import sys

# <linux/seccomp.h>, <linux/filter.h>, <linux/audit.h>
_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_SET_MODE_FILTER = 1
_SECCOMP_FILTER_FLAG_TSYNC = 1
_SECCOMP_RET_ALLOW = 0x7FFF0000
_SECCOMP_RET_ERRNO = 0x00050000
_LD_W_ABS = 0x20   # BPF_LD | BPF_W | BPF_ABS
_JEQ_K = 0x15      # BPF_JMP | BPF_JEQ | BPF_K
_JGE_K = 0x35      # BPF_JMP | BPF_JGE | BPF_K
_RET_K = 0x06      # BPF_RET | BPF_K
_AF_UNIX = 1

# machine: (audit arch, seccomp syscall, socket syscall, io_uring_setup syscall)
_ARCH = {
    "x86_64": (0xC000003E, 317, 41, 425),
    "aarch64": (0xC00000B7, 277, 198, 425),
}


class _Filter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint32)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter))]


def _program(arch: int, nr_socket: int, nr_io_uring: int) -> list[tuple[int, int, int, int]]:
    deny = _SECCOMP_RET_ERRNO | errno.EACCES
    return [
        (_LD_W_ABS, 0, 0, 4),                     # 0 arch
        (_JEQ_K, 1, 0, arch),                     # 1 our architecture → 3
        (_RET_K, 0, 0, deny),                     # 2 another ABI: no system call at all
        (_LD_W_ABS, 0, 0, 0),                     # 3 syscall number
        (_JGE_K, 5, 0, 0x40000000),               # 4 x32 numbers (x86-64) → 10
        (_JEQ_K, 4, 0, nr_io_uring),              # 5 io_uring (it can open sockets) → 10
        (_JEQ_K, 1, 0, nr_socket),                # 6 socket() → 8
        (_RET_K, 0, 0, _SECCOMP_RET_ALLOW),       # 7 anything else
        (_LD_W_ABS, 0, 0, 16),                    # 8 low half of args[0]: the family
        (_JEQ_K, 1, 0, _AF_UNIX),                 # 9 AF_UNIX → 11
        (_RET_K, 0, 0, deny),                     # 10 any other family
        (_RET_K, 0, 0, _SECCOMP_RET_ALLOW),       # 11
    ]


def deny_network() -> bool:
    """Forbid this process (all its threads, and its children) to open network sockets.
    True when the filter is in place; False where the platform offers no way."""
    machine = platform.machine().lower()
    if not sys.platform.startswith("linux") or machine not in _ARCH or sys.byteorder != "little":
        return False
    arch, nr_seccomp, nr_socket, nr_io_uring = _ARCH[machine]
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    rows = _program(arch, nr_socket, nr_io_uring)
    filters = (_Filter * len(rows))(*[_Filter(*row) for row in rows])
    prog = _Program(len(rows), filters)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    libc.syscall.restype = ctypes.c_long
    done = libc.syscall(ctypes.c_long(nr_seccomp), ctypes.c_long(_SECCOMP_SET_MODE_FILTER),
                        ctypes.c_long(_SECCOMP_FILTER_FLAG_TSYNC), ctypes.byref(prog))
    return done == 0

