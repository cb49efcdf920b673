package io.gmgw.pkcs11.key;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.key.UnsupportedKeyOperationException;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2CiphertextFormat;
import io.gmgw.crypto.sm2.Sm2KeyExchange;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import io.gmgw.crypto.sm2.Sm2Signatures;
import io.gmgw.pkcs11.Attribute;
import io.gmgw.pkcs11.Ck;
import io.gmgw.pkcs11.CkRv;
import io.gmgw.pkcs11.Mechanism;
import io.gmgw.pkcs11.Pkcs11Exception;
import io.gmgw.pkcs11.Pkcs11Library;
import io.gmgw.pkcs11.profile.VendorProfile;
import io.gmgw.pkcs11.token.Token;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An SM2 private key in a PKCS#11 token. Signing computes Z and e = SM3(Z‖M) on the host and has the token sign e
 * (or, where the profile says so, hands the token M and the user ID); signatures are always returned as DER.
 * Decryption uses the profile's SM2 mechanism, or ECDH on the SM2 curve where that is all the token has; the key
 * exchange needs a vendor key-agreement mechanism. The key's object handle is found again after the token was
 * re-inserted. Thread-safe: operations borrow sessions from the token's pool.
 */
public final class Pkcs11KeyHandle implements KeyHandle {
    private final CryptoModule module;
    private final TokenKeyObject key;
    private final VendorProfile profile;
    private final String description;
    private final Sm2PublicKey publicKey;
    private final List<Sm2Certificate> chain;
    private final Set<Capability> capabilities;
    private final boolean sm2DecryptOffered;

    private Pkcs11KeyHandle(CryptoModule module, TokenKeyObject key, String description, Sm2PublicKey publicKey,
            List<Sm2Certificate> chain, Set<Capability> capabilities, boolean sm2DecryptOffered) {
        this.module = module;
        this.key = key;
        this.profile = key.token().module().profile();
        this.description = description;
        this.publicKey = publicKey;
        this.chain = List.copyOf(chain);
        this.capabilities = Set.copyOf(capabilities);
        this.sm2DecryptOffered = sm2DecryptOffered;
    }

    /**
     * Finds the private key ({@code label} and/or {@code id}) in the token, reads its public key and certificates
     * (or uses {@code chain} when given), and works out what it can do from the profile and the token's mechanisms.
     */
    public static Pkcs11KeyHandle open(CryptoModule module, Token token, String label, byte[] id,
            List<Sm2Certificate> chain, String description, Runnable onClose) {
        Objects.requireNonNull(module, "module");
        TokenKeyObject.requireName(label, id, description);
        VendorProfile profile = token.module().profile();
        return token.call((lib, s) -> {
            String where = token.describe();
            long h = TokenKeys.findOne(lib, s, Ck.CKO_PRIVATE_KEY, label, id, where);
            if (!TokenKeys.isSm2Key(lib, s, h, profile)) {
                throw new KeyLoadException(KeyLoadException.Reason.UNSUPPORTED, "the private key "
                        + (label != null ? "'" + label + "' " : "") + "on " + where + " is not an SM2 key for vendor"
                        + " profile " + profile.name() + " (neither CKK 0x" + Long.toHexString(profile.ckkSm2())
                        + " nor CKK_EC on the SM2 curve); choose the right profile with x-profile=");
            }
            Sm2PublicKey pub = TokenKeys.publicKey(lib, s, h, where);
            byte[] keyId = id != null ? id : lib.attribute(s, h, Ck.CKA_ID);
            List<Sm2Certificate> certs = chain != null && !chain.isEmpty() ? chain
                    : TokenKeys.certificates(lib, s, label, keyId);
            if (!certs.isEmpty() && !certs.get(0).publicKey().equals(pub)) {
                throw new KeyLoadException(KeyLoadException.Reason.INCONSISTENT, "certificate " + certs.get(0)
                        + " does not belong to the key " + description + " (their public keys differ)");
            }
            long[] mechs = lib.mechanisms(lib.sessionInfo(s).slotId());
            Set<Capability> caps = EnumSet.noneOf(Capability.class);
            if (offered(mechs, profile.signingMechanism())) {
                caps.add(Capability.SIGN);
            }
            boolean sm2Decrypt = offered(mechs, profile.sm2Encrypt());
            if (sm2Decrypt || (profile.ecdhDecrypt() && offered(mechs, Ck.CKM_ECDH1_DERIVE))) {
                caps.add(Capability.DECRYPT);
            }
            if (offered(mechs, profile.sm2KeyExchange())) {
                caps.add(Capability.KEY_EXCHANGE);
            }
            return new Pkcs11KeyHandle(module, new TokenKeyObject(token, Ck.CKO_PRIVATE_KEY, label, keyId, h, onClose),
                    description, pub, certs, caps, sm2Decrypt);
        });
    }

    private static boolean offered(long[] mechs, long m) {
        return m != 0 && Arrays.stream(mechs).anyMatch(x -> x == m);
    }

    Token token() {
        return key.token();
    }

    /**
     * The module holding the key: register a {@link io.gmgw.pkcs11.token.TokenListener} there to hear when the
     * token is pulled out (the SSL VPN gateway disconnects the sessions that depend on it).
     */
    public io.gmgw.pkcs11.token.Pkcs11Module module() {
        return key.token().module();
    }

    /** The token, for messages: label, serial, slot and module. */
    public String tokenDescription() {
        return key.token().describe();
    }

    VendorProfile profile() {
        return profile;
    }

    CryptoModule cryptoModule() {
        return module;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Sm2PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public List<Sm2Certificate> certificateChain() {
        return chain;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public byte[] sign(byte[] message, byte[] userId) {
        require(Capability.SIGN, "sign: vendor profile " + profile.name() + " names no SM2 signing mechanism the token"
                + " offers");
        long mech = profile.signingMechanism();
        boolean tokenZ = mech == profile.sm2SignWithZ() && mech != profile.sm2SignE();
        byte[] data = tokenZ ? message : module.sm2().signingDigest(publicKey, userId, message);
        Mechanism m = tokenZ ? Mechanism.withBytes(mech, userId) : Mechanism.of(mech);
        byte[] sig = withKey((lib, s, k) -> lib.sign(s, m, k, data));
        try {
            return profile.signatureFormat() == VendorProfile.SignatureFormat.RAW ? Sm2Signatures.rawToDer(sig)
                    : Sm2Signatures.rawToDer(Sm2Signatures.derToRaw(sig)); // re-encode: strict DER for CMS
        } catch (RuntimeException e) {
            throw new Pkcs11Exception("C_Sign", CkRv.FUNCTION_FAILED, "C_Sign on " + description + " returned "
                    + sig.length + " bytes that are not an SM2 signature in the profile's format ("
                    + profile.signatureFormat() + "); check sm2.signature.format of profile " + profile.name(), true) {
                private static final long serialVersionUID = 1L;
            };
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, Sm2CiphertextFormat format) {
        require(Capability.DECRYPT, "decrypt: the token offers neither the profile's SM2 decryption mechanism nor"
                + " CKM_ECDH1_DERIVE");
        if (sm2DecryptOffered) {
            byte[] ct = Sm2Ciphertexts.convert(ciphertext, format, profile.ciphertextFormat());
            try {
                return withKey((lib, s, k) -> lib.decrypt(s, Mechanism.of(profile.sm2Encrypt()), k, ct));
            } catch (Pkcs11Exception e) {
                if (e.code() == CkRv.ENCRYPTED_DATA_INVALID || e.code() == CkRv.ENCRYPTED_DATA_LEN_RANGE
                        || e.code() == CkRv.DATA_INVALID || e.code() == CkRv.DATA_LEN_RANGE) {
                    throw new BadCiphertextException("SM2 decryption failed: the ciphertext is malformed, was not made"
                            + " for this key, or was modified");
                }
                throw e;
            }
        }
        byte[][] parts = Sm2Ciphertexts.split(ciphertext, format);
        return EcdhSm2Decryption.decrypt(module, parts, c1 -> withKey((lib, s, k) -> sharedX(lib, s, k, c1)));
    }

    /** x([d]P) through CKM_ECDH1_DERIVE into a short-lived session secret, read and destroyed at once. */
    private static byte[] sharedX(Pkcs11Library lib, long s, long key, byte[] point) {
        List<Attribute> t = List.of(
                Attribute.ofLong(Ck.CKA_CLASS, Ck.CKO_SECRET_KEY),
                Attribute.ofLong(Ck.CKA_KEY_TYPE, Ck.CKK_GENERIC_SECRET),
                Attribute.ofBoolean(Ck.CKA_TOKEN, false),
                Attribute.ofBoolean(Ck.CKA_SENSITIVE, false),
                Attribute.ofBoolean(Ck.CKA_EXTRACTABLE, true),
                Attribute.ofLong(Ck.CKA_VALUE_LEN, 32));
        long h = lib.deriveKey(s, Mechanism.ecdh1Derive(point), key, t);
        try {
            byte[] x = lib.attribute(s, h, Ck.CKA_VALUE);
            if (x == null) {
                throw new Pkcs11Exception("C_GetAttributeValue", CkRv.ATTRIBUTE_TYPE_INVALID);
            }
            return x;
        } finally {
            lib.destroyObject(s, h);
        }
    }

    @Override
    public Sm2KeyExchange keyExchange(Sm2KeyExchange.Role role, byte[] ownId) {
        if (!capabilities.contains(Capability.KEY_EXCHANGE)) {
            throw new UnsupportedKeyOperationException("the key " + description + " cannot serve ECDHE (SM2 key"
                    + " exchange): " + (profile.sm2KeyExchange() == 0 ? "vendor profile " + profile.name()
                            + " names no SM2 key-agreement mechanism"
                            : "the token does not offer mechanism 0x" + Long.toHexString(profile.sm2KeyExchange()))
                    + ", and no standard PKCS#11 mechanism computes with the private scalar as SM2 needs; configure"
                    + " ECC (ECC_SM4_*) suites only for this key, or use a token with an SM2 key-agreement mechanism");
        }
        return new TokenSm2KeyExchange(this, role, ownId);
    }

    private void require(Capability c, String why) {
        if (key.isClosed()) {
            throw new IllegalStateException("key handle " + description + " is closed");
        }
        if (!capabilities.contains(c)) {
            throw new UnsupportedKeyOperationException("the key " + description + " cannot " + why);
        }
    }

    /** Runs {@code work} with the key's object handle, finding the key again once if the handle went stale. */
    <T> T withKey(TokenKeyObject.KeyWork<T> work) {
        return key.withKey(work);
    }

    @Override
    public void close() {
        key.close();
    }

    @Override
    public String toString() {
        return "Pkcs11KeyHandle[" + description + "]";
    }
}
