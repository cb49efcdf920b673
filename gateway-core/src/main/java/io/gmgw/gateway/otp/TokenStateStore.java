package io.gmgw.gateway.otp;

import java.io.IOException;

/**
 * Where token state lives between logins: the seam between the verifier and the durable token store (the store
 * itself, with seeds encrypted under a key handle, implements it).
 */
public interface TokenStateStore {
    /**
     * Replaces the state of token {@code serial} with {@code next}, but only if the stored state is still
     * {@code previous} (the same version): compare-and-set, so two logins racing with one password cannot both be
     * accepted. Returns only once {@code next} is durable (a crash after the return keeps it).
     *
     * @return false if the stored state is no longer {@code previous} (nothing written)
     * @throws IOException if it could not be written durably; the stored state is then still {@code previous}
     */
    boolean replace(String serial, TokenState previous, TokenState next) throws IOException;
}
