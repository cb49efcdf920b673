package io.gmgw.pkcs11.key;

import io.gmgw.crypto.core.InvalidKeyMaterialException;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm2.Sm2KeyExchange;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import io.gmgw.pkcs11.Attribute;
import io.gmgw.pkcs11.Ck;
import io.gmgw.pkcs11.CkRv;
import io.gmgw.pkcs11.Mechanism;
import io.gmgw.pkcs11.Pkcs11Exception;
import io.gmgw.pkcs11.Pkcs11Library;
import io.gmgw.pkcs11.profile.VendorProfile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The SM2 key exchange (GB/T 32918.3-2016 §6.1) with the static private key in a token: the ephemeral pair is
 * generated in the token as session objects, and the vendor key-agreement mechanism (C_DeriveKey on the static key)
 * computes t = (d + x̄·r) mod n, U = [t](P + x̄'·R'), K = KDF(xU‖yU‖ZA‖ZB) and the confirmation hashes inside the
 * token. Its parameter is the 88-byte structure documented in docs/pkcs11.md (GMGW_SM2_KEY_EXCHANGE_PARAMS). Single
 * use; the ephemeral objects are destroyed when the key is computed (or the exchange is abandoned with the token).
 */
final class TokenSm2KeyExchange implements Sm2KeyExchange {
    private static final int CONFIRMATION = 64;

    private final Pkcs11KeyHandle key;
    private final Role role;
    private final byte[] ownId;
    private final long ephemeralPublic;
    private final long ephemeralPrivate;
    private final Sm2PublicKey ephemeralPublicKey;
    private boolean used;

    TokenSm2KeyExchange(Pkcs11KeyHandle key, Role role, byte[] ownId) {
        this.key = key;
        this.role = Objects.requireNonNull(role, "role");
        this.ownId = Objects.requireNonNull(ownId, "ownId").clone();
        if (ownId.length > Sm2.MAX_USER_ID_LENGTH) {
            throw new IllegalArgumentException("SM2 user ID is " + ownId.length + " bytes; at most "
                    + Sm2.MAX_USER_ID_LENGTH);
        }
        VendorProfile profile = key.profile();
        long[] h = key.token().call((lib, s) -> lib.generateKeyPair(s,
                Mechanism.of(profile.sm2AsEc() || profile.sm2KeyGen() == 0 ? Ck.CKM_EC_KEY_PAIR_GEN : profile.sm2KeyGen()),
                List.of(Attribute.ofLong(Ck.CKA_CLASS, Ck.CKO_PUBLIC_KEY), Attribute.ofBoolean(Ck.CKA_TOKEN, false),
                        Attribute.ofBytes(Ck.CKA_EC_PARAMS, Ck.sm2EcParams())),
                List.of(Attribute.ofLong(Ck.CKA_CLASS, Ck.CKO_PRIVATE_KEY), Attribute.ofBoolean(Ck.CKA_TOKEN, false),
                        Attribute.ofBoolean(Ck.CKA_PRIVATE, true), Attribute.ofBoolean(Ck.CKA_SENSITIVE, true),
                        Attribute.ofBoolean(Ck.CKA_EXTRACTABLE, false), Attribute.ofBoolean(Ck.CKA_DERIVE, true))));
        this.ephemeralPublic = h[0];
        this.ephemeralPrivate = h[1];
        byte[] point = key.token().call((lib, s) -> lib.attribute(s, h[0], Ck.CKA_EC_POINT));
        if (point == null) {
            destroyEphemeral();
            throw new InvalidKeyMaterialException("the token generated an ephemeral key without CKA_EC_POINT");
        }
        this.ephemeralPublicKey = Sm2PublicKey.fromEncoded(TokenKeys.ecPoint(point));
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public Sm2PublicKey ephemeralPublicKey() {
        return ephemeralPublicKey;
    }

    @Override
    public byte[] agree(Sm2PublicKey peerStatic, Sm2PublicKey peerEphemeral, byte[] peerId, int keyLength) {
        byte[][] r = compute(peerStatic, peerEphemeral, peerId, keyLength);
        Arrays.fill(r[1], (byte) 0);
        return r[0];
    }

    @Override
    public ResponderResult respondWithConfirmation(Sm2PublicKey peerStatic, Sm2PublicKey peerEphemeral,
            byte[] peerId, int keyLength) {
        requireRole(Role.RESPONDER);
        byte[][] r = compute(peerStatic, peerEphemeral, peerId, keyLength);
        return new ResponderResult(r[0], Arrays.copyOf(r[1], 32), Arrays.copyOfRange(r[1], 32, 64));
    }

    @Override
    public InitiatorResult initiateWithConfirmation(Sm2PublicKey peerStatic, Sm2PublicKey peerEphemeral,
            byte[] peerId, int keyLength, byte[] sB) {
        requireRole(Role.INITIATOR);
        Objects.requireNonNull(sB, "sB");
        byte[][] r = compute(peerStatic, peerEphemeral, peerId, keyLength);
        if (!MessageDigest.isEqual(Arrays.copyOf(r[1], 32), sB)) {
            Arrays.fill(r[0], (byte) 0);
            throw new KeyConfirmationException("the responder's key confirmation S_B does not match: "
                    + "the two sides did not derive the same key");
        }
        return new InitiatorResult(r[0], Arrays.copyOfRange(r[1], 32, 64));
    }

    /** {K, S(0x02)‖S(0x03)} from the token. */
    private byte[][] compute(Sm2PublicKey peerStatic, Sm2PublicKey peerEphemeral, byte[] peerId, int keyLength) {
        Objects.requireNonNull(peerId, "peerId");
        if (keyLength <= 0 || keyLength > 1024) {
            throw new IllegalArgumentException("key length must be 1..1024 bytes: " + keyLength);
        }
        if (peerId.length > Sm2.MAX_USER_ID_LENGTH) {
            throw new IllegalArgumentException("SM2 user ID is " + peerId.length + " bytes; at most "
                    + Sm2.MAX_USER_ID_LENGTH);
        }
        synchronized (this) {
            if (used) {
                throw new IllegalStateException("an SM2 key exchange is single use; start a new one");
            }
            used = true;
        }
        long mech = key.profile().sm2KeyExchange();
        try {
            return key.withKey((lib, s, k) -> derive(lib, s, k, mech, peerStatic, peerEphemeral, peerId, keyLength));
        } finally {
            destroyEphemeral();
        }
    }

    private byte[][] derive(Pkcs11Library lib, long s, long k, long mech, Sm2PublicKey peerStatic,
            Sm2PublicKey peerEphemeral, byte[] peerId, int keyLength) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment confirmation = a.allocate(CONFIRMATION);
            MemorySegment params = a.allocate(88, 8);
            params.set(ValueLayout.JAVA_LONG, 0, role == Role.INITIATOR ? 1 : 0);
            params.set(ValueLayout.JAVA_LONG, 8, ephemeralPrivate);
            put(a, params, 16, ownId);
            put(a, params, 32, peerId);
            put(a, params, 48, peerStatic.encoded());
            put(a, params, 64, peerEphemeral.encoded());
            params.set(ValueLayout.ADDRESS, 80, confirmation);
            MemorySegment m = Pkcs11Library.write(a, Mechanism.withParameter(mech, x -> params));
            long derived = lib.deriveKey(a, s, m, k, List.of(
                    Attribute.ofLong(Ck.CKA_CLASS, Ck.CKO_SECRET_KEY),
                    Attribute.ofLong(Ck.CKA_KEY_TYPE, Ck.CKK_GENERIC_SECRET),
                    Attribute.ofBoolean(Ck.CKA_TOKEN, false),
                    Attribute.ofBoolean(Ck.CKA_SENSITIVE, false),
                    Attribute.ofBoolean(Ck.CKA_EXTRACTABLE, true),
                    Attribute.ofLong(Ck.CKA_VALUE_LEN, keyLength)));
            byte[] value;
            try {
                value = lib.attribute(s, derived, Ck.CKA_VALUE);
            } finally {
                lib.destroyObject(s, derived);
            }
            if (value == null || value.length != keyLength) {
                throw new Pkcs11Exception("C_DeriveKey", CkRv.FUNCTION_FAILED, "the SM2 key exchange mechanism 0x"
                        + Long.toHexString(mech) + " returned no key of " + keyLength + " bytes", true) {
                    private static final long serialVersionUID = 1L;
                };
            }
            byte[] conf = confirmation.toArray(ValueLayout.JAVA_BYTE);
            confirmation.fill((byte) 0);
            return new byte[][] {value, conf};
        }
    }

    private static void put(Arena a, MemorySegment params, long offset, byte[] value) {
        params.set(ValueLayout.ADDRESS, offset, value.length == 0 ? MemorySegment.NULL
                : a.allocateFrom(ValueLayout.JAVA_BYTE, value));
        params.set(ValueLayout.JAVA_LONG, offset + 8, value.length);
    }

    private void destroyEphemeral() {
        try {
            key.token().call((lib, s) -> {
                lib.destroyObject(s, ephemeralPrivate);
                lib.destroyObject(s, ephemeralPublic);
                return null;
            });
        } catch (Pkcs11Exception e) {
            // session objects die with their session or the token anyway
        }
    }

    private void requireRole(Role expected) {
        if (role != expected) {
            throw new IllegalStateException("this exchange was started as " + role + ", not " + expected);
        }
    }
}
