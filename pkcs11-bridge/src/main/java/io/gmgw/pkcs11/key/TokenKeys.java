package io.gmgw.pkcs11.key;

import io.gmgw.crypto.core.InvalidKeyMaterialException;
import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import io.gmgw.pkcs11.Attribute;
import io.gmgw.pkcs11.Ck;
import io.gmgw.pkcs11.Mechanism;
import io.gmgw.pkcs11.Pkcs11Library;
import io.gmgw.pkcs11.profile.VendorProfile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Finding, generating and importing SM2 key objects and certificates on a token, the way every vendor profile needs. */
public final class TokenKeys {
    private TokenKeys() {
    }

    /** A key pair generated in a token. */
    public record GeneratedKey(long publicHandle, long privateHandle, Sm2PublicKey publicKey) {
    }

    /** A template selecting objects of {@code objectClass} by label and/or id (both optional). */
    public static List<Attribute> template(long objectClass, String label, byte[] id) {
        List<Attribute> t = new ArrayList<>();
        t.add(Attribute.ofLong(Ck.CKA_CLASS, objectClass));
        if (label != null) {
            t.add(Attribute.ofString(Ck.CKA_LABEL, label));
        }
        if (id != null) {
            t.add(Attribute.ofBytes(Ck.CKA_ID, id));
        }
        return t;
    }

    /** The one object matching; NOT_FOUND or INCONSISTENT (ambiguous) otherwise. */
    public static long findOne(Pkcs11Library lib, long session, long objectClass, String label, byte[] id,
            String where) {
        long[] found = lib.findObjects(session, template(objectClass, label, id));
        String what = (objectClass == Ck.CKO_PRIVATE_KEY ? "private key" : objectClass == Ck.CKO_PUBLIC_KEY
                ? "public key" : objectClass == Ck.CKO_CERTIFICATE ? "certificate"
                : objectClass == Ck.CKO_SECRET_KEY ? "secret key" : "object")
                + (label != null ? " '" + label + "'" : "") + (id != null ? " with id " + hex(id) : "");
        if (found.length == 0) {
            throw new KeyLoadException(KeyLoadException.Reason.NOT_FOUND, "no " + what + " on " + where
                    + "; list the objects with 'gmgw token show' (private keys are only visible after login)");
        }
        if (found.length > 1) {
            throw new KeyLoadException(KeyLoadException.Reason.INCONSISTENT, found.length + " objects match " + what
                    + " on " + where + "; name the key by object= and id=");
        }
        return found[0];
    }

    /** True when the object is an SM2 key under this profile: the vendor key type, or CKK_EC on the SM2 curve. */
    public static boolean isSm2Key(Pkcs11Library lib, long session, long handle, VendorProfile profile) {
        byte[] kt = lib.attribute(session, handle, Ck.CKA_KEY_TYPE);
        long type = kt == null ? -1 : Attribute.toLong(kt);
        if (profile.ckkSm2() != 0 && type == profile.ckkSm2()) {
            return true;
        }
        if (type != Ck.CKK_EC) {
            return false;
        }
        byte[] params = lib.attribute(session, handle, Ck.CKA_EC_PARAMS);
        return params != null && Arrays.equals(params, Ck.sm2EcParams());
    }

    /** The public key of a private key object: its CKA_EC_POINT, or that of the public key object with the same id/label. */
    public static Sm2PublicKey publicKey(Pkcs11Library lib, long session, long privateHandle, String where) {
        byte[] point = lib.attribute(session, privateHandle, Ck.CKA_EC_POINT);
        if (point == null) {
            byte[] id = lib.attribute(session, privateHandle, Ck.CKA_ID);
            byte[] label = lib.attribute(session, privateHandle, Ck.CKA_LABEL);
            long[] pubs = lib.findObjects(session, template(Ck.CKO_PUBLIC_KEY,
                    id == null || id.length == 0 ? label == null ? null : new String(label, java.nio.charset.StandardCharsets.UTF_8) : null,
                    id == null || id.length == 0 ? null : id));
            if (pubs.length != 1) {
                throw new KeyLoadException(KeyLoadException.Reason.NOT_FOUND, "the private key on " + where
                        + " has no CKA_EC_POINT and no single public key object with its id or label");
            }
            point = lib.attribute(session, pubs[0], Ck.CKA_EC_POINT);
        }
        if (point == null) {
            throw new KeyLoadException(KeyLoadException.Reason.NOT_FOUND, "no public point for the key on " + where);
        }
        try {
            return Sm2PublicKey.fromEncoded(ecPoint(point));
        } catch (InvalidKeyMaterialException e) {
            throw new KeyLoadException(KeyLoadException.Reason.UNSUPPORTED, "the key on " + where
                    + " is not an SM2 key: " + e.getMessage());
        }
    }

    /** 04‖x‖y from CKA_EC_POINT, which PKCS#11 wraps in a DER OCTET STRING (some tokens return it bare). */
    public static byte[] ecPoint(byte[] v) {
        if (v.length == 67 && v[0] == 0x04 && v[1] == 0x41 && v[2] == 0x04) {
            return Arrays.copyOfRange(v, 2, 67);
        }
        return v.clone();
    }

    /**
     * Generates an SM2 key pair in the token: the profile's vendor key-generation mechanism, or CKM_EC_KEY_PAIR_GEN
     * with the SM2 curve for tokens that hold SM2 keys as CKK_EC. The private key is sensitive and never
     * extractable.
     */
    public static GeneratedKey generate(Pkcs11Library lib, long session, VendorProfile profile, String label,
            byte[] id) {
        boolean ec = profile.sm2AsEc() || profile.sm2KeyGen() == 0;
        Mechanism mech = Mechanism.of(ec ? Ck.CKM_EC_KEY_PAIR_GEN : profile.sm2KeyGen());
        List<Attribute> pub = new ArrayList<>(List.of(
                Attribute.ofLong(Ck.CKA_CLASS, Ck.CKO_PUBLIC_KEY),
                Attribute.ofBoolean(Ck.CKA_TOKEN, true),
                Attribute.ofBoolean(Ck.CKA_PRIVATE, false),
                Attribute.ofString(Ck.CKA_LABEL, label),
                Attribute.ofBoolean(Ck.CKA_VERIFY, true),
                Attribute.ofBytes(Ck.CKA_EC_PARAMS, Ck.sm2EcParams())));
        List<Attribute> priv = new ArrayList<>(List.of(
                Attribute.ofLong(Ck.CKA_CLASS, Ck.CKO_PRIVATE_KEY),
                Attribute.ofBoolean(Ck.CKA_TOKEN, true),
                Attribute.ofBoolean(Ck.CKA_PRIVATE, true),
                Attribute.ofBoolean(Ck.CKA_SENSITIVE, true),
                Attribute.ofBoolean(Ck.CKA_EXTRACTABLE, false),
                Attribute.ofString(Ck.CKA_LABEL, label),
                Attribute.ofBoolean(Ck.CKA_SIGN, true),
                Attribute.ofBoolean(Ck.CKA_DERIVE, true)));
        if (!ec || profile.sm2Encrypt() != 0) {
            pub.add(Attribute.ofBoolean(Ck.CKA_ENCRYPT, true));
            priv.add(Attribute.ofBoolean(Ck.CKA_DECRYPT, true));
        }
        if (id != null) {
            pub.add(Attribute.ofBytes(Ck.CKA_ID, id));
            priv.add(Attribute.ofBytes(Ck.CKA_ID, id));
        }
        long[] h = lib.generateKeyPair(session, mech, pub, priv);
        byte[] point = lib.attribute(session, h[0], Ck.CKA_EC_POINT);
        if (point == null) {
            throw new KeyLoadException(KeyLoadException.Reason.UNSUPPORTED, "the token generated a key without CKA_EC_POINT");
        }
        return new GeneratedKey(h[0], h[1], Sm2PublicKey.fromEncoded(ecPoint(point)));
    }

    /**
     * Generates an SM4 secret key in the token with the profile's vendor key-generation mechanism: a token object,
     * private, sensitive and never extractable, usable to encrypt and decrypt.
     *
     * @throws KeyLoadException (UNSUPPORTED) if the profile names no SM4 key type or key generation
     */
    public static long generateSm4(Pkcs11Library lib, long session, VendorProfile profile, String label, byte[] id) {
        if (profile.ckkSm4() == 0 || profile.sm4KeyGen() == 0 || profile.sm4Ecb() == 0) {
            throw new KeyLoadException(KeyLoadException.Reason.UNSUPPORTED, "vendor profile " + profile.name()
                    + " names no SM4 key type, key generation or SM4-ECB mechanism: this token cannot hold an SM4 key"
                    + " gmgw can use (SoftHSM 2 has no SM4 at all); use a token with SM4, e.g. the soft smart key");
        }
        List<Attribute> t = new ArrayList<>(List.of(
                Attribute.ofLong(Ck.CKA_CLASS, Ck.CKO_SECRET_KEY),
                Attribute.ofLong(Ck.CKA_KEY_TYPE, profile.ckkSm4()),
                Attribute.ofBoolean(Ck.CKA_TOKEN, true),
                Attribute.ofBoolean(Ck.CKA_PRIVATE, true),
                Attribute.ofBoolean(Ck.CKA_SENSITIVE, true),
                Attribute.ofBoolean(Ck.CKA_EXTRACTABLE, false),
                Attribute.ofString(Ck.CKA_LABEL, label),
                Attribute.ofBoolean(Ck.CKA_ENCRYPT, true),
                Attribute.ofBoolean(Ck.CKA_DECRYPT, true)));
        if (id != null) {
            t.add(Attribute.ofBytes(Ck.CKA_ID, id));
        }
        return lib.generateKey(session, Mechanism.of(profile.sm4KeyGen()), t);
    }

    /** Stores a certificate as a CKO_CERTIFICATE (X.509) token object next to its key (same label and id). */
    public static long importCertificate(Pkcs11Library lib, long session, Sm2Certificate cert, String label,
            byte[] id) {
        List<Attribute> t = new ArrayList<>(List.of(
                Attribute.ofLong(Ck.CKA_CLASS, Ck.CKO_CERTIFICATE),
                Attribute.ofLong(Ck.CKA_CERTIFICATE_TYPE, Ck.CKC_X_509),
                Attribute.ofBoolean(Ck.CKA_TOKEN, true),
                Attribute.ofBoolean(Ck.CKA_PRIVATE, false),
                Attribute.ofString(Ck.CKA_LABEL, label),
                Attribute.ofBytes(Ck.CKA_VALUE, cert.encoded())));
        try {
            t.add(Attribute.ofBytes(Ck.CKA_SUBJECT, cert.subject().getEncoded("DER")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (id != null) {
            t.add(Attribute.ofBytes(Ck.CKA_ID, id));
        }
        return lib.createObject(session, t);
    }

    /** The certificates stored with a key: by its id when it has one, else by its label. */
    public static List<Sm2Certificate> certificates(Pkcs11Library lib, long session, String label, byte[] id) {
        List<Sm2Certificate> out = new ArrayList<>();
        boolean byId = id != null && id.length > 0;
        for (long h : lib.findObjects(session, template(Ck.CKO_CERTIFICATE, byId ? null : label, byId ? id : null))) {
            byte[] der = lib.attribute(session, h, Ck.CKA_VALUE);
            if (der != null) {
                out.add(Sm2Certificate.fromDer(der));
            }
        }
        return out;
    }

    public static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }
}
