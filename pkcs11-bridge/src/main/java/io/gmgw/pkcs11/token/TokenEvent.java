package io.gmgw.pkcs11.token;

import java.nio.file.Path;

/**
 * A token disappeared or came back. The SSL VPN gateway listens for {@link Kind#REMOVED} to disconnect the sessions
 * that depend on the token's keys.
 */
public record TokenEvent(Kind kind, Path module, long slotId, String label, String serial) {
    public enum Kind {
        REMOVED, INSERTED
    }
}
