package io.gmgw.pkcs11;

/** CK_SESSION_INFO. States: 0 RO public, 1 RO user, 2 RW public, 3 RW user, 4 RW SO. */
public record SessionInfo(long slotId, long state, long flags, long deviceError) {
    public boolean userLoggedIn() {
        return state == 1 || state == 3;
    }
}
