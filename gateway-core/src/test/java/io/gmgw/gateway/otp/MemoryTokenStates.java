package io.gmgw.gateway.otp;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Token state held in a map, for the tests of {@link OtpLogins}: compare-and-set like the durable store, and able to
 * fail the way a disk or a process does (before the write, or after it and before the caller hears back).
 */
final class MemoryTokenStates implements TokenStateStore {
    enum Fault { NONE, FAIL_BEFORE_WRITE, CRASH_AFTER_WRITE }

    private final Map<String, TokenState> states = new HashMap<>();
    Fault fault = Fault.NONE;
    int writes;

    /** Thrown where the process would have died right after the state reached the disk. */
    static final class ProcessDied extends RuntimeException {
        ProcessDied() {
            super("process killed after the state write");
        }
    }

    synchronized void put(String serial, TokenState state) {
        states.put(serial, state);
    }

    synchronized TokenState get(String serial) {
        return states.get(serial);
    }

    @Override
    public synchronized boolean replace(String serial, TokenState previous, TokenState next) throws IOException {
        if (fault == Fault.FAIL_BEFORE_WRITE) {
            throw new IOException("No space left on device");
        }
        if (!previous.equals(states.get(serial))) {
            return false;
        }
        states.put(serial, next);
        writes++;
        if (fault == Fault.CRASH_AFTER_WRITE) {
            throw new ProcessDied();
        }
        return true;
    }
}
