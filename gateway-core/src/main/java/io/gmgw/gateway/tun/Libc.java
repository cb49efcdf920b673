package io.gmgw.gateway.tun;

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

/**
 * The few Linux libc calls a TUN device needs, bound once with the FFM API, each returning its result and, when that
 * is -1, the call's errno (captured by the linker, so nothing the JVM does in between can overwrite it). Constants are
 * the Linux (x86-64 and arm64, asm-generic) values: fcntl.h, poll.h, sys/eventfd.h, errno-base.h.
 */
final class Libc {
    static final int O_RDWR = 0x2, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    static final int EFD_NONBLOCK = 0x800, EFD_CLOEXEC = 0x80000;
    static final short POLLIN = 0x1, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;
    static final int EPERM = 1, ENOENT = 2, EINTR = 4, ENXIO = 6, EBADF = 9, EAGAIN = 11, EACCES = 13, EBUSY = 16,
            ENODEV = 19, EINVAL = 22, ENFILE = 23, EMFILE = 24;

    /** struct pollfd (poll.h): the file descriptor, the events asked for, the events that happened. */
    static final StructLayout POLLFD = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("fd"),
            ValueLayout.JAVA_SHORT.withName("events"),
            ValueLayout.JAVA_SHORT.withName("revents"));
    static final VarHandle POLLFD_FD = arrayElement("fd");
    static final VarHandle POLLFD_EVENTS = arrayElement("events");
    static final VarHandle POLLFD_REVENTS = arrayElement("revents");

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

    private static final MethodHandle OPEN = bind("open", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL = bind("ioctl", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle READ = bind("read", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle WRITE = bind("write", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT));
    private static final MethodHandle POLL = bind("poll", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle EVENTFD = bind("eventfd", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    /** Where each thread's calls leave their errno: one small native segment per thread, freed with the thread. */
    private static final ThreadLocal<MemorySegment> STATE = ThreadLocal.withInitial(() -> Arena.ofAuto()
            .allocate(CAPTURE));

    private Libc() {
    }

    /** A call's result: {@code value} as the call returned it, {@code errno} meaningful only when value is -1. */
    record Result(long value, int errno) {
        boolean failed() {
            return value == -1;
        }
    }

    static Result open(MemorySegment path, int flags) {
        MemorySegment state = STATE.get();
        try {
            return result((int) OPEN.invokeExact(state, path, flags, 0), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result ioctl(int fd, long request, MemorySegment argument) {
        MemorySegment state = STATE.get();
        try {
            return result((int) IOCTL.invokeExact(state, fd, request, argument), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result read(int fd, MemorySegment buffer, long length) {
        MemorySegment state = STATE.get();
        try {
            return result((long) READ.invokeExact(state, fd, buffer, length), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result write(int fd, MemorySegment buffer, long length) {
        MemorySegment state = STATE.get();
        try {
            return result((long) WRITE.invokeExact(state, fd, buffer, length), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result close(int fd) {
        MemorySegment state = STATE.get();
        try {
            return result((int) CLOSE.invokeExact(state, fd), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result poll(MemorySegment fds, long count, int timeoutMillis) {
        MemorySegment state = STATE.get();
        try {
            return result((int) POLL.invokeExact(state, fds, count, timeoutMillis), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result eventfd(int initial, int flags) {
        MemorySegment state = STATE.get();
        try {
            return result((int) EVENTFD.invokeExact(state, initial, flags), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The symbolic name of an errno gmgw explains, else "errno N". */
    static String errnoName(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case EINTR -> "EINTR";
            case ENXIO -> "ENXIO";
            case EBADF -> "EBADF";
            case EAGAIN -> "EAGAIN";
            case EACCES -> "EACCES";
            case EBUSY -> "EBUSY";
            case ENODEV -> "ENODEV";
            case EINVAL -> "EINVAL";
            case ENFILE -> "ENFILE";
            case EMFILE -> "EMFILE";
            default -> "errno " + errno;
        };
    }

    private static Result result(long value, MemorySegment state) {
        return new Result(value, value == -1 ? (int) ERRNO.get(state, 0L) : 0);
    }

    private static MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
        MemorySegment symbol = LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = ERRNO_OPTION;
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    private static VarHandle arrayElement(String field) {
        return MemoryLayout.sequenceLayout(2, POLLFD).varHandle(MemoryLayout.PathElement.sequenceElement(),
                MemoryLayout.PathElement.groupElement(field));
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
