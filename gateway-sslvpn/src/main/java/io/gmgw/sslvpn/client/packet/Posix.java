package io.gmgw.sslvpn.client.packet;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Map;

/**
 * The few libc calls the script packet path needs, through Java's FFM API (Linux, glibc ≥ 2.34 for
 * {@code posix_spawn_file_actions_addclosefrom_np}): an AF_UNIX datagram socket pair, a child started with one end as
 * a chosen descriptor and every other descriptor closed, send/recv on the other end, signals to its process group.
 * Errors carry errno's name and number.
 */
final class Posix {
    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int MSG_DONTWAIT = 0x40;
    static final int SHUT_RDWR = 2;
    static final int SIGHUP = 1;
    static final int SIGKILL = 9;
    static final int POSIX_SPAWN_SETPGROUP = 0x02;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    /** glibc x86-64/aarch64: posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336; we allocate more. */
    private static final long SPAWN_STRUCT_BYTES = 1024;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final java.lang.foreign.AddressLayout PTR = ValueLayout.ADDRESS;

    private static final MethodHandle SOCKETPAIR = fn("socketpair", FunctionDescriptor.of(INT, INT, INT, INT, PTR));
    private static final MethodHandle SEND = fn("send", FunctionDescriptor.of(LONG, INT, PTR, LONG, INT));
    private static final MethodHandle RECV = fn("recv", FunctionDescriptor.of(LONG, INT, PTR, LONG, INT));
    private static final MethodHandle CLOSE = fn("close", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle SHUTDOWN = fn("shutdown", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle KILL = fn("kill", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle WAITPID = fn("waitpid", FunctionDescriptor.of(INT, INT, PTR, INT));
    private static final MethodHandle FA_INIT = plain("posix_spawn_file_actions_init",
            FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle FA_DUP2 = plain("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(INT, PTR, INT, INT));
    private static final MethodHandle FA_CLOSEFROM = plain("posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(INT, PTR, INT));
    private static final MethodHandle FA_DESTROY = plain("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle ATTR_INIT = plain("posix_spawnattr_init", FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle ATTR_SETFLAGS = plain("posix_spawnattr_setflags",
            FunctionDescriptor.of(INT, PTR, ValueLayout.JAVA_SHORT));
    private static final MethodHandle ATTR_SETPGROUP = plain("posix_spawnattr_setpgroup",
            FunctionDescriptor.of(INT, PTR, INT));
    private static final MethodHandle ATTR_DESTROY = plain("posix_spawnattr_destroy", FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle SPAWN = plain("posix_spawn",
            FunctionDescriptor.of(INT, PTR, PTR, PTR, PTR, PTR, PTR));
    private static final MethodHandle STRERROR = plain("strerror", FunctionDescriptor.of(PTR, INT));

    private Posix() {
    }

    private static MethodHandle fn(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name)),
                d, CAPTURE);
    }

    private static MethodHandle plain(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name
                + " (glibc 2.34 or later is needed)")), d);
    }

    /** A connected pair of AF_UNIX datagram sockets, both close-on-exec. */
    static int[] socketPair() throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(INT, 2);
            MemorySegment state = a.allocate(CALL_STATE);
            int rc = (int) SOCKETPAIR.invokeExact(state, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, fds);
            check(rc, state, "socketpair(AF_UNIX, SOCK_DGRAM)");
            return new int[] {fds.getAtIndex(INT, 0), fds.getAtIndex(INT, 1)};
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Starts {@code argv} in a new process group with {@code childFd} as descriptor {@code asFd} (0-2 stay the
     * parent's standard streams; every other descriptor is closed in the child). Returns the child's pid.
     */
    static int spawn(List<String> argv, Map<String, String> env, int childFd, int asFd) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment actions = a.allocate(SPAWN_STRUCT_BYTES, 16);
            MemorySegment attr = a.allocate(SPAWN_STRUCT_BYTES, 16);
            checkPlain((int) FA_INIT.invokeExact(actions), "posix_spawn_file_actions_init");
            checkPlain((int) ATTR_INIT.invokeExact(attr), "posix_spawnattr_init");
            try {
                // dup2 clears close-on-exec on the copy; closefrom drops everything the JVM has open above it
                checkPlain((int) FA_DUP2.invokeExact(actions, childFd, asFd), "posix_spawn_file_actions_adddup2");
                checkPlain((int) FA_CLOSEFROM.invokeExact(actions, asFd + 1),
                        "posix_spawn_file_actions_addclosefrom_np");
                checkPlain((int) ATTR_SETFLAGS.invokeExact(attr, (short) POSIX_SPAWN_SETPGROUP),
                        "posix_spawnattr_setflags");
                checkPlain((int) ATTR_SETPGROUP.invokeExact(attr, 0), "posix_spawnattr_setpgroup");
                MemorySegment pid = a.allocate(INT);
                MemorySegment path = a.allocateFrom(argv.getFirst());
                int rc = (int) SPAWN.invokeExact(pid, path, actions, attr, strings(a, argv),
                        strings(a, env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
                checkPlain(rc, "posix_spawn " + argv.getFirst());
                return pid.get(INT, 0);
            } finally {
                int ignored = (int) FA_DESTROY.invokeExact(actions);
                ignored = (int) ATTR_DESTROY.invokeExact(attr);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MemorySegment strings(Arena a, List<String> list) {
        MemorySegment array = a.allocate(PTR, list.size() + 1);
        for (int i = 0; i < list.size(); i++) {
            array.setAtIndex(PTR, i, a.allocateFrom(list.get(i)));
        }
        array.setAtIndex(PTR, list.size(), MemorySegment.NULL);
        return array;
    }

    /**
     * Sends one datagram without blocking: its length, or -EAGAIN when the peer's queue is full, or another negative
     * errno.
     */
    static long send(int fd, MemorySegment data, long length) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CALL_STATE);
            long n = (long) SEND.invokeExact(state, fd, data, length, MSG_DONTWAIT);
            return n >= 0 ? n : -(int) ERRNO.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Receives one datagram, blocking: its length (0 after shutdown), or a negative errno. */
    static long recv(int fd, MemorySegment buffer, MemorySegment state) {
        try {
            long n = (long) RECV.invokeExact(state, fd, buffer, buffer.byteSize(), 0);
            return n >= 0 ? n : -(int) ERRNO.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static MemorySegment callState(Arena a) {
        return a.allocate(CALL_STATE);
    }

    static void shutdown(int fd) {
        try (Arena a = Arena.ofConfined()) {
            int ignored = (int) SHUTDOWN.invokeExact(a.allocate(CALL_STATE), fd, SHUT_RDWR);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(a.allocate(CALL_STATE), fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Sends {@code signal} to process group {@code pgid}; false if none is left. */
    static boolean killGroup(int pgid, int signal) {
        try (Arena a = Arena.ofConfined()) {
            return (int) KILL.invokeExact(a.allocate(CALL_STATE), -pgid, signal) == 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Reaps the child {@code pid} (blocking): its wait status, or -1. */
    static int waitFor(int pid) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment status = a.allocate(INT);
            MemorySegment state = a.allocate(CALL_STATE);
            int rc;
            do {
                rc = (int) WAITPID.invokeExact(state, pid, status, 0);
            } while (rc < 0 && (int) ERRNO.get(state, 0L) == EINTR);
            return rc < 0 ? -1 : status.get(INT, 0);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0) + " (errno " + errno + ")";
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    private static void check(int rc, MemorySegment state, String what) throws IOException {
        if (rc < 0) {
            throw new IOException(what + " failed: " + strerror((int) ERRNO.get(state, 0L)));
        }
    }

    private static void checkPlain(int rc, String what) throws IOException {
        if (rc != 0) {
            throw new IOException(what + " failed: " + strerror(rc)); // posix_spawn* return the error number
        }
    }
}
