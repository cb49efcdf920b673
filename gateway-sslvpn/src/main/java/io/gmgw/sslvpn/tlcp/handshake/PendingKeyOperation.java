package io.gmgw.sslvpn.tlcp.handshake;

import io.gmgw.sslvpn.tlcp.KeyOperation;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link KeyOperation} with what the handshake does with its result. {@code work} touches only the key handle and
 * values fixed before the operation was handed out, so it may run on any thread; {@code then} continues the handshake
 * on the engine's thread; {@code wipe} clears a result nobody will use (a pre-master secret whose connection closed).
 * The states move under this object's lock, so a discard racing a run never leaves a secret behind.
 *
 * @param <T> the result: a signature, a pre-master secret, or a small record of them
 */
public final class PendingKeyOperation<T> implements KeyOperation {
    private final String description;
    private final boolean mayBlock;
    private final Supplier<T> work;
    private final Consumer<T> then;
    private final Consumer<T> wipe;
    // guarded by this
    private boolean started;
    private boolean done;
    private boolean discarded;
    private T result;
    private RuntimeException failure;

    PendingKeyOperation(String description, boolean mayBlock, Supplier<T> work, Consumer<T> then, Consumer<T> wipe) {
        this.description = Objects.requireNonNull(description);
        this.mayBlock = mayBlock;
        this.work = Objects.requireNonNull(work);
        this.then = Objects.requireNonNull(then);
        this.wipe = Objects.requireNonNull(wipe);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean mayBlock() {
        return mayBlock;
    }

    @Override
    public void run() {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("the key operation (" + description + ") was already run");
            }
            started = true;
            if (discarded) {
                done = true;
                return;
            }
        }
        T r = null;
        RuntimeException f = null;
        try {
            r = work.get();
        } catch (RuntimeException e) {
            f = e;
        }
        boolean unwanted;
        synchronized (this) {
            done = true;
            unwanted = discarded;
            if (!unwanted) {
                result = r;
                failure = f;
            }
        }
        if (unwanted && r != null) {
            wipe.accept(r);
        }
    }

    @Override
    public synchronized boolean isDone() {
        return done;
    }

    /**
     * Engine thread, once the operation is done: continues the handshake with the result. A failure of the key is
     * internal_error (nothing the peer did; RFC 4346 §7.2.2), naming the operation, the key and the cause.
     */
    public void resume() {
        T r;
        RuntimeException f;
        synchronized (this) {
            if (!done || discarded) {
                throw new IllegalStateException("the key operation (" + description + ") cannot be resumed: "
                        + (discarded ? "it was discarded" : "it has not finished"));
            }
            r = result;
            f = failure;
            result = null;
            failure = null;
            discarded = true; // used once
        }
        if (f != null) {
            throw new TlcpAlertException(AlertDescription.INTERNAL_ERROR, description + " failed: " + f, f);
        }
        then.accept(r);
    }

    /** The connection no longer wants the result: wipe it now, or as soon as the operation finishes. */
    public void discard() {
        T r;
        synchronized (this) {
            if (discarded) {
                return;
            }
            discarded = true;
            r = result;
            result = null;
            failure = null;
        }
        if (r != null) {
            wipe.accept(r);
        }
    }

    @Override
    public String toString() {
        return "KeyOperation[" + description + "]";
    }
}
