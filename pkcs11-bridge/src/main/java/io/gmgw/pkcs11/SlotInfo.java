package io.gmgw.pkcs11;

/** CK_SLOT_INFO of one slot. */
public record SlotInfo(long slotId, String description, String manufacturer, long flags) {
    public boolean tokenPresent() {
        return (flags & Ck.CKF_TOKEN_PRESENT) != 0;
    }

    public boolean removable() {
        return (flags & Ck.CKF_REMOVABLE_DEVICE) != 0;
    }
}
