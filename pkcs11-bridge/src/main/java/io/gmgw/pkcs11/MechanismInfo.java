package io.gmgw.pkcs11;

/** CK_MECHANISM_INFO of one mechanism of a slot. */
public record MechanismInfo(long type, long minKeySize, long maxKeySize, long flags) {
    public boolean can(long flag) {
        return (flags & flag) != 0;
    }
}
