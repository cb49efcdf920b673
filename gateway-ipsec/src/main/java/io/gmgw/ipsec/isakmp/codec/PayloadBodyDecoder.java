package io.gmgw.ipsec.isakmp.codec;

import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;
import io.gmgw.ipsec.isakmp.payload.Certificate;
import io.gmgw.ipsec.isakmp.payload.CertificateRequest;
import io.gmgw.ipsec.isakmp.payload.Delete;
import io.gmgw.ipsec.isakmp.payload.Hash;
import io.gmgw.ipsec.isakmp.payload.Identification;
import io.gmgw.ipsec.isakmp.payload.KeyExchange;
import io.gmgw.ipsec.isakmp.payload.NatDiscovery;
import io.gmgw.ipsec.isakmp.payload.NatOriginalAddress;
import io.gmgw.ipsec.isakmp.payload.Nonce;
import io.gmgw.ipsec.isakmp.payload.Notification;
import io.gmgw.ipsec.isakmp.payload.Payload;
import io.gmgw.ipsec.isakmp.payload.Signature;
import io.gmgw.ipsec.isakmp.payload.SymmetricKey;
import io.gmgw.ipsec.isakmp.payload.VendorId;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one payload body (the bytes after its 4-byte generic header) strictly: every field in range, every length
 * consistent, reserved bytes zero, nothing left over. Also the way in for the GM NONCE and ID bodies that arrive
 * sealed under Sk ({@link io.gmgw.ipsec.isakmp.payload.SealedBody}) once the caller has decrypted them.
 */
public final class PayloadBodyDecoder {
    /** RFC 2409 §5: "The length of nonce payload MUST be between 8 and 256 bytes inclusive." */
    public static final int MIN_NONCE = 8;
    public static final int MAX_NONCE = 256;

    private final IsakmpLimits limits;

    public PayloadBodyDecoder(IsakmpLimits limits) {
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
    }

    /** Decodes a whole body, {@code body} holding nothing else; offsets in errors are from the body's start. */
    public Payload decode(PayloadType type, byte[] body) {
        return decode(type, body, 0, 0, body.length);
    }

    /** Decodes {@code data[from, to)}; offsets in errors are {@code index - base}. */
    Payload decode(PayloadType type, byte[] data, int base, int from, int to) {
        Cursor c = new Cursor(data, base, from, to, type.name());
        Payload p = switch (type) {
            case SECURITY_ASSOCIATION -> new SaDecoder(limits).decode(c);
            case KEY_EXCHANGE -> new KeyExchange(nonEmpty(c, "key exchange data"));
            case IDENTIFICATION -> identification(c);
            case CERTIFICATE -> certificate(c);
            case CERTIFICATE_REQUEST -> certificateRequest(c);
            case HASH -> new Hash(nonEmpty(c, "hash data"));
            case SIGNATURE -> new Signature(nonEmpty(c, "signature data"));
            case NONCE -> nonce(c);
            case NOTIFICATION -> notification(c);
            case DELETE -> delete(c);
            case VENDOR_ID -> new VendorId(nonEmpty(c, "vendor id"));
            case NAT_D -> new NatDiscovery(nonEmpty(c, "NAT-D hash"));
            case NAT_OA -> natOa(c);
            case SYMMETRIC_KEY -> new SymmetricKey(nonEmpty(c, "SM2 ciphertext of Sk"));
            case NONE, PROPOSAL, TRANSFORM -> throw c.fail(NotifyType.INVALID_PAYLOAD_TYPE,
                    type + " is not a top-level payload");
        };
        c.expectEnd();
        return p;
    }

    private static Octets nonEmpty(Cursor c, String what) {
        if (c.remaining() == 0) {
            throw c.fail(NotifyType.PAYLOAD_MALFORMED, what + " is empty");
        }
        return c.rest();
    }

    private static Identification identification(Cursor c) {
        int start = c.position();
        int idType = c.u8("ID type");
        int protocol = c.u8("ID protocol");
        int port = c.u16("ID port");
        int want = Identification.fixedDataLength(idType);
        if (want == -2) {
            throw c.failAt(NotifyType.INVALID_ID_INFORMATION, start, "unknown ID type " + idType);
        }
        if (want >= 0 && c.remaining() != want) {
            throw c.fail(NotifyType.INVALID_ID_INFORMATION, "ID type " + idType + " carries " + want
                    + " bytes of data, not " + c.remaining());
        }
        if (want == -1 && c.remaining() == 0) {
            throw c.fail(NotifyType.INVALID_ID_INFORMATION, "ID type " + idType + " with empty data");
        }
        return new Identification(idType, protocol, port, c.rest());
    }

    private static Certificate certificate(Cursor c) {
        int start = c.position();
        int encoding = c.u8("certificate encoding");
        if (!Certificate.defined(encoding)) {
            throw c.failAt(NotifyType.INVALID_CERT_ENCODING, start, "unknown certificate encoding " + encoding);
        }
        return new Certificate(encoding, nonEmpty(c, "certificate data"));
    }

    private static CertificateRequest certificateRequest(Cursor c) {
        int start = c.position();
        int encoding = c.u8("certificate type");
        if (!Certificate.defined(encoding)) {
            throw c.failAt(NotifyType.INVALID_CERT_ENCODING, start, "unknown certificate type " + encoding);
        }
        return new CertificateRequest(encoding, c.rest());
    }

    private static Nonce nonce(Cursor c) {
        if (c.remaining() < MIN_NONCE || c.remaining() > MAX_NONCE) {
            throw c.fail(NotifyType.PAYLOAD_MALFORMED, "nonce of " + c.remaining() + " bytes, RFC 2409 §5 allows "
                    + MIN_NONCE + " to " + MAX_NONCE);
        }
        return new Nonce(c.rest());
    }

    /** DOI 1 (IPsec) or 0 (ISAKMP), RFC 2408 §3.14/§3.15 with RFC 2407 §4.6.3. */
    private static long notifyDoi(Cursor c) {
        int at = c.position();
        long doi = c.u32("DOI");
        if (doi > 1) {
            throw c.failAt(NotifyType.DOI_NOT_SUPPORTED, at, "DOI " + doi + " (0 or 1 supported)");
        }
        return doi;
    }

    private static Notification notification(Cursor c) {
        long doi = notifyDoi(c);
        int protocol = c.u8("protocol id");
        int spiSize = c.u8("SPI size");
        int at = c.position();
        int type = c.u16("notify message type");
        if (type == 0) {
            throw c.failAt(NotifyType.PAYLOAD_MALFORMED, at, "notify message type 0 is reserved");
        }
        Octets spi = c.octets(spiSize, "SPI");
        return new Notification(doi, protocol, spi, type, c.rest());
    }

    private Delete delete(Cursor c) {
        long doi = notifyDoi(c);
        int protocol = c.u8("protocol id");
        int spiSize = c.u8("SPI size");
        int at = c.position();
        int count = c.u16("number of SPIs");
        if (count == 0 || spiSize == 0) {
            throw c.failAt(NotifyType.PAYLOAD_MALFORMED, at, "a delete names at least one SPI of at least one byte");
        }
        if (count > limits.maxDeleteSpis()) {
            throw c.failAt(NotifyType.PAYLOAD_MALFORMED, at, count + " SPIs, the limit is " + limits.maxDeleteSpis());
        }
        if (c.remaining() != count * spiSize) {
            throw c.fail(NotifyType.PAYLOAD_MALFORMED, count + " SPIs of " + spiSize + " bytes need "
                    + count * spiSize + " bytes, " + c.remaining() + " present");
        }
        List<Octets> spis = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            spis.add(c.octets(spiSize, "SPI"));
        }
        return new Delete(doi, protocol, spiSize, spis);
    }

    private static NatOriginalAddress natOa(Cursor c) {
        int at = c.position();
        int idType = c.u8("NAT-OA ID type");
        c.reserved(3, "NAT-OA reserved");
        int want = switch (idType) {
            case Identification.IPV4_ADDR -> 4;
            case Identification.IPV6_ADDR -> 16;
            default -> throw c.failAt(NotifyType.PAYLOAD_MALFORMED, at, "NAT-OA ID type " + idType
                    + " (RFC 3947 §5.2: 1 or 5)");
        };
        if (c.remaining() != want) {
            throw c.fail(NotifyType.PAYLOAD_MALFORMED, "NAT-OA address of " + c.remaining() + " bytes, not " + want);
        }
        return new NatOriginalAddress(idType, c.rest());
    }
}
