/*
 * gmgw soft smart key: mechanisms. SM2 (GB/T 32918) on OpenSSL 3's SM2 keys: key generation inside the token,
 * signing on a host-computed e or on the message with Z computed inside (the user ID as mechanism parameter),
 * GM/T 0009 DER encryption, ECDH on the SM2 curve (Luna profile), and the SM2 key exchange (GB/T 32918.3 §6.1)
 * through a vendor C_DeriveKey mechanism; SM3 digests; SM4 ECB/CBC.
 */
#include "softkey.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>

/* The 0x8000xxxx family of TASS/SANSEC HSMs and many USB keys; the key-exchange code is the soft key's own. */
const struct sk_profile SK_PROFILE_0X8000 = {
    "0x8000", 0x80000004UL, 0x80000002UL,
    0x80008001UL, 0x80008000UL, 0x80008100UL, 0x80008200UL, 0x80000005UL,
    0x80000107UL, 0x80000108UL, 0x80000109UL, 0x80008400UL,
    1, 0,
};
/* Thales Luna's 0x80000Bxx set: no SM2 encryption mechanism, but ECDH on the SM2 curve; r||s signatures. */
const struct sk_profile SK_PROFILE_LUNA = {
    "luna", 0x80000016UL, 0x80000015UL,
    0x80000B20UL, 0x80000B21UL, 0x80000B22UL, 0, 0x80000B01UL,
    0x80000B10UL, 0x80000B11UL, 0x80000B12UL, 0x80000B40UL,
    0, 1,
};

/* DER of the SM2 curve OID 1.2.156.10197.1.301 (CKA_EC_PARAMS). */
const unsigned char SK_SM2_OID[10] = {0x06, 0x08, 0x2A, 0x81, 0x1C, 0xCF, 0x55, 0x01, 0x82, 0x2D};

/* a, b, xG, yG of sm2p256v1 for Z (GB/T 32918.2 §5.5). */
static const unsigned char SM2_ABG[128] = {
    0xFF,0xFF,0xFF,0xFE,0xFF,0xFF,0xFF,0xFF,0xFF,0xFF,0xFF,0xFF,0xFF,0xFF,0xFF,0xFF,
    0xFF,0xFF,0xFF,0xFF,0x00,0x00,0x00,0x00,0xFF,0xFF,0xFF,0xFF,0xFF,0xFF,0xFF,0xFC,
    0x28,0xE9,0xFA,0x9E,0x9D,0x9F,0x5E,0x34,0x4D,0x5A,0x9E,0x4B,0xCF,0x65,0x09,0xA7,
    0xF3,0x97,0x89,0xF5,0x15,0xAB,0x8F,0x92,0xDD,0xBC,0xBD,0x41,0x4D,0x94,0x0E,0x93,
    0x32,0xC4,0xAE,0x2C,0x1F,0x19,0x81,0x19,0x5F,0x99,0x04,0x46,0x6A,0x39,0xC9,0x94,
    0x8F,0xE3,0x0B,0xBF,0xF2,0x66,0x0B,0xE1,0x71,0x5A,0x45,0x89,0x33,0x4C,0x74,0xC7,
    0xBC,0x37,0x36,0xA2,0xF4,0xF6,0x77,0x9C,0x59,0xBD,0xCE,0xE3,0x6B,0x69,0x21,0x53,
    0xD0,0xA9,0x87,0x7C,0xC6,0x2A,0x47,0x40,0x02,0xDF,0x32,0xE5,0x21,0x39,0xF0,0xA0,
};
static const unsigned char DEFAULT_ID[16] = "1234567812345678";

#define P (sk.profile)


void sk_sm3(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen, unsigned char out[32]) {
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    unsigned int l = 32;
    EVP_DigestInit_ex(c, EVP_sm3(), NULL);
    if (alen) EVP_DigestUpdate(c, a, alen);
    if (blen) EVP_DigestUpdate(c, b, blen);
    EVP_DigestFinal_ex(c, out, &l);
    EVP_MD_CTX_free(c);
}

static void sm3_parts(unsigned char out[32], int n, const unsigned char **p, const size_t *l) {
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    unsigned int len = 32;
    EVP_DigestInit_ex(c, EVP_sm3(), NULL);
    for (int i = 0; i < n; i++) EVP_DigestUpdate(c, p[i], l[i]);
    EVP_DigestFinal_ex(c, out, &len);
    EVP_MD_CTX_free(c);
}

/* Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA), GB/T 32918.2 §5.5. */
static void sm2_z(const unsigned char *id, size_t id_len, const unsigned char pub[65], unsigned char z[32]) {
    unsigned char entl[2] = {(unsigned char)((id_len * 8) >> 8), (unsigned char)(id_len * 8)};
    const unsigned char *p[4] = {entl, id, SM2_ABG, pub + 1};
    size_t l[4] = {2, id_len, 128, 64};
    sm3_parts(z, 4, p, l);
}

static void sm3_kdf(const unsigned char *z, size_t zlen, unsigned char *out, size_t len) {
    for (unsigned int ct = 1; len > 0; ct++) {
        unsigned char c[4] = {(unsigned char)(ct >> 24), (unsigned char)(ct >> 16), (unsigned char)(ct >> 8),
                              (unsigned char)ct};
        unsigned char h[32];
        sk_sm3(z, zlen, c, 4, h);
        size_t n = len < 32 ? len : 32;
        memcpy(out, h, n);
        out += n;
        len -= n;
    }
}

static EC_GROUP *group(void) {
    static EC_GROUP *g;
    if (!g) g = EC_GROUP_new_by_curve_name(NID_sm2);
    return g;
}

int sk_is_sm2_key(struct sk_object *o) {
    CK_ULONG kt = sk_attr_ulong(o, CKA_KEY_TYPE, ~0UL);
    if (kt == P->ckk_sm2) return 1;
    CK_ATTRIBUTE *params = sk_attr(o, CKA_EC_PARAMS);
    return kt == CKK_EC && params && params->ulValueLen == sizeof SK_SM2_OID
        && memcmp(params->pValue, SK_SM2_OID, sizeof SK_SM2_OID) == 0;
}

/* A point 04||x||y from raw or DER OCTET STRING form; 0 when it is neither. */
static int point_of(const unsigned char *v, CK_ULONG len, unsigned char out[65]) {
    if (len == 65 && v[0] == 0x04) { memcpy(out, v, 65); return 1; }
    if (len == 67 && v[0] == 0x04 && v[1] == 0x41 && v[2] == 0x04) { memcpy(out, v + 2, 65); return 1; }
    return 0;
}

static int public_of_scalar(const unsigned char d[32], unsigned char pub[65]) {
    BIGNUM *bn = BN_bin2bn(d, 32, NULL);
    EC_POINT *q = EC_POINT_new(group());
    int ok = bn && q && EC_POINT_mul(group(), q, bn, NULL, NULL, NULL)
          && EC_POINT_point2oct(group(), q, POINT_CONVERSION_UNCOMPRESSED, pub, 65, NULL) == 65;
    BN_clear_free(bn);
    EC_POINT_free(q);
    return ok;
}

/* The key's public point: CKA_EC_POINT, or computed from the scalar. */
static int key_point(struct sk_object *o, unsigned char pub[65]) {
    CK_ATTRIBUTE *a = sk_attr(o, CKA_EC_POINT);
    if (a && point_of(a->pValue, a->ulValueLen, pub)) return 1;
    CK_ATTRIBUTE *v = sk_attr(o, CKA_VALUE);
    return v && v->ulValueLen == 32 && public_of_scalar(v->pValue, pub);
}

static EVP_PKEY *key_pkey(struct sk_object *o) {
    if (o->pkey) return o->pkey;
    unsigned char pub[65];
    if (!key_point(o, pub)) return NULL;
    CK_ATTRIBUTE *v = sk_attr_ulong(o, CKA_CLASS, 0) == CKO_PRIVATE_KEY ? sk_attr(o, CKA_VALUE) : NULL;
    OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
    BIGNUM *d = v && v->ulValueLen == 32 ? BN_bin2bn(v->pValue, 32, NULL) : NULL;
    OSSL_PARAM_BLD_push_utf8_string(b, OSSL_PKEY_PARAM_GROUP_NAME, "SM2", 0);
    OSSL_PARAM_BLD_push_octet_string(b, OSSL_PKEY_PARAM_PUB_KEY, pub, 65);
    if (d) OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_PRIV_KEY, d);
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(b);
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
    EVP_PKEY *k = NULL;
    if (!(c && params && EVP_PKEY_fromdata_init(c) == 1
          && EVP_PKEY_fromdata(c, &k, d ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params) == 1)) k = NULL;
    EVP_PKEY_CTX_free(c);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(b);
    BN_clear_free(d);
    o->pkey = k;
    return k;
}

int sk_mechanisms(CK_MECHANISM_TYPE *out) {
    CK_MECHANISM_TYPE all[] = {P->m_sm2_keygen, P->m_sm2_sign_e, P->m_sm2_sign_sm3, P->m_sm2_encrypt, P->m_sm3,
                               P->m_sm4_keygen, P->m_sm4_ecb, P->m_sm4_cbc, P->m_sm2_key_exchange,
                               CKM_EC_KEY_PAIR_GEN, P->ecdh ? CKM_ECDH1_DERIVE : 0};
    int n = 0;
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        if (all[i]) out[n++] = all[i];
    }
    return n;
}

CK_RV sk_mechanism_info(CK_MECHANISM_TYPE m, CK_MECHANISM_INFO *info) {
    memset(info, 0, sizeof *info);
    info->ulMinKeySize = info->ulMaxKeySize = 256;
    if (m == 0) return CKR_MECHANISM_INVALID;
    if (m == P->m_sm2_keygen || m == CKM_EC_KEY_PAIR_GEN) info->flags = CKF_GENERATE_KEY_PAIR;
    else if (m == P->m_sm2_sign_e || m == P->m_sm2_sign_sm3) info->flags = CKF_SIGN | CKF_VERIFY;
    else if (m == P->m_sm2_encrypt) info->flags = CKF_ENCRYPT | CKF_DECRYPT;
    else if (m == P->m_sm3) { info->flags = CKF_DIGEST; info->ulMinKeySize = info->ulMaxKeySize = 0; }
    else if (m == P->m_sm4_keygen) { info->flags = CKF_GENERATE; info->ulMinKeySize = info->ulMaxKeySize = 128; }
    else if (m == P->m_sm4_ecb || m == P->m_sm4_cbc) {
        info->flags = CKF_ENCRYPT | CKF_DECRYPT;
        info->ulMinKeySize = info->ulMaxKeySize = 128;
    } else if (m == P->m_sm2_key_exchange || (P->ecdh && m == CKM_ECDH1_DERIVE)) info->flags = CKF_DERIVE;
    else return CKR_MECHANISM_INVALID;
    info->flags |= CKF_HW;
    return CKR_OK;
}

/* ---- operations that take a key: shared init ---- */

static CK_RV op_init(CK_SESSION_HANDLE h, enum sk_op_kind kind, CK_MECHANISM *m, CK_OBJECT_HANDLE key) {
    struct sk_session *s;
    struct sk_object *o = NULL;
    CK_RV rv = sk_session_get(h, &s);
    if (rv != CKR_OK) return rv;
    if (!m) return CKR_ARGUMENTS_BAD;
    if (s->active[kind]) return CKR_OPERATION_ACTIVE;
    if (m->ulParameterLen > sizeof s->param[kind] || (m->ulParameterLen && !m->pParameter)) {
        return CKR_MECHANISM_PARAM_INVALID;
    }
    CK_ULONG mech = m->mechanism;
    if (kind != OP_DIGEST) {
        rv = sk_object_get(s, key, &o);
        if (rv != CKR_OK) return rv == CKR_OBJECT_HANDLE_INVALID ? CKR_KEY_HANDLE_INVALID : rv;
    }
    CK_ULONG cls = o ? sk_attr_ulong(o, CKA_CLASS, CKO_DATA) : 0;
    switch (kind) {
    case OP_SIGN:
    case OP_VERIFY:
        if (mech == 0 || (mech != P->m_sm2_sign_e && mech != P->m_sm2_sign_sm3)) return CKR_MECHANISM_INVALID;
        if (!sk_is_sm2_key(o)) return CKR_KEY_TYPE_INCONSISTENT;
        if (kind == OP_SIGN && (cls != CKO_PRIVATE_KEY || !sk_attr_bool(o, CKA_SIGN, 1))) return CKR_KEY_FUNCTION_NOT_PERMITTED;
        if (kind == OP_VERIFY && !sk_attr_bool(o, CKA_VERIFY, 1)) return CKR_KEY_FUNCTION_NOT_PERMITTED;
        if (mech == P->m_sm2_sign_e && m->ulParameterLen) return CKR_MECHANISM_PARAM_INVALID;
        break;
    case OP_ENCRYPT:
    case OP_DECRYPT:
        if (mech != 0 && mech == P->m_sm2_encrypt) {
            if (!sk_is_sm2_key(o)) return CKR_KEY_TYPE_INCONSISTENT;
            if (kind == OP_DECRYPT && cls != CKO_PRIVATE_KEY) return CKR_KEY_TYPE_INCONSISTENT;
        } else if (mech == P->m_sm4_ecb || mech == P->m_sm4_cbc) {
            if (sk_attr_ulong(o, CKA_KEY_TYPE, 0) != P->ckk_sm4) return CKR_KEY_TYPE_INCONSISTENT;
            if (mech == P->m_sm4_cbc && m->ulParameterLen != 16) return CKR_MECHANISM_PARAM_INVALID;
        } else {
            return CKR_MECHANISM_INVALID;
        }
        if (!sk_attr_bool(o, kind == OP_ENCRYPT ? CKA_ENCRYPT : CKA_DECRYPT, 1)) return CKR_KEY_FUNCTION_NOT_PERMITTED;
        break;
    case OP_DIGEST:
        if (mech == 0 || mech != P->m_sm3) return CKR_MECHANISM_INVALID;
        s->digest = EVP_MD_CTX_new();
        if (!s->digest || EVP_DigestInit_ex(s->digest, EVP_sm3(), NULL) != 1) return CKR_HOST_MEMORY;
        break;
    default:
        return CKR_FUNCTION_FAILED;
    }
    s->active[kind] = 1;
    s->mech[kind] = mech;
    s->key[kind] = key;
    s->param_len[kind] = m->ulParameterLen;
    if (m->ulParameterLen) memcpy(s->param[kind], m->pParameter, m->ulParameterLen);
    return CKR_OK;
}

static void op_end(struct sk_session *s, enum sk_op_kind kind) {
    s->active[kind] = 0;
    OPENSSL_cleanse(s->param[kind], sizeof s->param[kind]);
    if (kind == OP_DIGEST && s->digest) { EVP_MD_CTX_free(s->digest); s->digest = NULL; }
}

/* Looks up the session and the key of an active operation; a key gone since init ends the operation. */
static CK_RV op_get(CK_SESSION_HANDLE h, enum sk_op_kind kind, struct sk_session **s, struct sk_object **o) {
    CK_RV rv = sk_session_get(h, s);
    if (rv != CKR_OK) return rv;
    if (!(*s)->active[kind]) return CKR_OPERATION_NOT_INITIALIZED;
    if (kind == OP_DIGEST) return CKR_OK;
    rv = sk_object_get(*s, (*s)->key[kind], o);
    if (rv != CKR_OK) { op_end(*s, kind); return CKR_KEY_HANDLE_INVALID; }
    return CKR_OK;
}

static int der_to_raw(const unsigned char *der, size_t len, unsigned char raw[64]) {
    const unsigned char *p = der;
    ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)len);
    int ok = sig && p == der + len && BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw, 32) == 32
          && BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw + 32, 32) == 32;
    ECDSA_SIG_free(sig);
    return ok;
}

static int raw_to_der(const unsigned char raw[64], unsigned char *der, size_t *len) {
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(raw, 32, NULL), *s = BN_bin2bn(raw + 32, 32, NULL);
    if (!sig || !r || !s || ECDSA_SIG_set0(sig, r, s) != 1) {
        ECDSA_SIG_free(sig); BN_free(r); BN_free(s);
        return 0;
    }
    unsigned char *p = der;
    int n = i2d_ECDSA_SIG(sig, &p);
    ECDSA_SIG_free(sig);
    if (n <= 0) return 0;
    *len = (size_t)n;
    return 1;
}

/* e for this operation: the data itself (raw mechanism) or SM3(Z || M) with the parameter as user ID. */
static CK_RV signing_digest(struct sk_session *s, enum sk_op_kind kind, struct sk_object *o, CK_BYTE_PTR data,
                            CK_ULONG len, unsigned char e[32]) {
    if (s->mech[kind] == P->m_sm2_sign_e) {
        if (len != 32) return CKR_DATA_LEN_RANGE;
        memcpy(e, data, 32);
        return CKR_OK;
    }
    unsigned char pub[65], z[32];
    if (!key_point(o, pub)) return CKR_KEY_TYPE_INCONSISTENT;
    if (s->param_len[kind]) sm2_z(s->param[kind], s->param_len[kind], pub, z);
    else sm2_z(DEFAULT_ID, sizeof DEFAULT_ID, pub, z);
    sk_sm3(z, 32, data, len, e);
    return CKR_OK;
}

static CK_RV sign(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR sig, CK_ULONG_PTR sig_len) {
    struct sk_session *s;
    struct sk_object *o;
    CK_RV rv = op_get(h, OP_SIGN, &s, &o);
    if (rv != CKR_OK) return rv;
    if (!sig_len || (!data && len)) { op_end(s, OP_SIGN); return CKR_ARGUMENTS_BAD; }
    CK_ULONG max = P->signature_der ? 72 : 64;
    if (!sig) { *sig_len = max; return CKR_OK; }
    if (!sk_user_logged_in(s->slot)) { op_end(s, OP_SIGN); return CKR_USER_NOT_LOGGED_IN; }
    unsigned char e[32], der[80];
    rv = signing_digest(s, OP_SIGN, o, data, len, e);
    if (rv != CKR_OK) { op_end(s, OP_SIGN); return rv; }
    EVP_PKEY *k = key_pkey(o);
    EVP_PKEY_CTX *c = k ? EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL) : NULL;
    size_t der_len = sizeof der;
    int ok = c && EVP_PKEY_sign_init(c) == 1 && EVP_PKEY_sign(c, der, &der_len, e, 32) == 1;
    EVP_PKEY_CTX_free(c);
    if (!ok) { op_end(s, OP_SIGN); return CKR_FUNCTION_FAILED; }
    unsigned char raw[64];
    const unsigned char *out = der;
    size_t out_len = der_len;
    if (!P->signature_der) {
        if (!der_to_raw(der, der_len, raw)) { op_end(s, OP_SIGN); return CKR_FUNCTION_FAILED; }
        out = raw;
        out_len = 64;
    }
    if (*sig_len < out_len) { *sig_len = out_len; return CKR_BUFFER_TOO_SMALL; }
    memcpy(sig, out, out_len);
    *sig_len = out_len;
    op_end(s, OP_SIGN);
    return CKR_OK;
}

static CK_RV verify(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR sig, CK_ULONG sig_len) {
    struct sk_session *s;
    struct sk_object *o;
    CK_RV rv = op_get(h, OP_VERIFY, &s, &o);
    if (rv != CKR_OK) return rv;
    unsigned char e[32], der[80];
    size_t der_len = sig_len;
    if (!sig || (!data && len)) rv = CKR_ARGUMENTS_BAD;
    else if (P->signature_der ? sig_len > 72 : sig_len != 64) rv = CKR_SIGNATURE_LEN_RANGE;
    else if (P->signature_der) memcpy(der, sig, sig_len);
    else if (!raw_to_der(sig, der, &der_len)) rv = CKR_SIGNATURE_INVALID;
    if (rv == CKR_OK) rv = signing_digest(s, OP_VERIFY, o, data, len, e);
    if (rv == CKR_OK) {
        EVP_PKEY *k = key_pkey(o);
        EVP_PKEY_CTX *c = k ? EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL) : NULL;
        int ok = c && EVP_PKEY_verify_init(c) == 1 && EVP_PKEY_verify(c, der, der_len, e, 32) == 1;
        EVP_PKEY_CTX_free(c);
        rv = ok ? CKR_OK : CKR_SIGNATURE_INVALID;
    }
    op_end(s, OP_VERIFY);
    return rv;
}

static CK_RV sm4(struct sk_session *s, enum sk_op_kind kind, struct sk_object *o, CK_BYTE_PTR in, CK_ULONG len,
                 CK_BYTE_PTR out, CK_ULONG_PTR out_len) {
    if (len % 16) return kind == OP_ENCRYPT ? CKR_DATA_LEN_RANGE : CKR_ENCRYPTED_DATA_LEN_RANGE;
    CK_ATTRIBUTE *v = sk_attr(o, CKA_VALUE);
    if (!v || v->ulValueLen != 16) return CKR_KEY_TYPE_INCONSISTENT;
    int cbc = s->mech[kind] == P->m_sm4_cbc;
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int n1 = 0, n2 = 0;
    int ok = c && EVP_CipherInit_ex(c, cbc ? EVP_sm4_cbc() : EVP_sm4_ecb(), NULL, v->pValue,
                                    cbc ? s->param[kind] : NULL, kind == OP_ENCRYPT) == 1
          && EVP_CIPHER_CTX_set_padding(c, 0) == 1 && EVP_CipherUpdate(c, out, &n1, in, (int)len) == 1
          && EVP_CipherFinal_ex(c, out + n1, &n2) == 1;
    EVP_CIPHER_CTX_free(c);
    *out_len = (CK_ULONG)(n1 + n2);
    return ok ? CKR_OK : CKR_FUNCTION_FAILED;
}

static CK_RV sk_crypt(CK_SESSION_HANDLE h, enum sk_op_kind kind, CK_BYTE_PTR in, CK_ULONG len, CK_BYTE_PTR out,
                   CK_ULONG_PTR out_len) {
    struct sk_session *s;
    struct sk_object *o;
    CK_RV rv = op_get(h, kind, &s, &o);
    if (rv != CKR_OK) return rv;
    if (!out_len || (!in && len)) { op_end(s, kind); return CKR_ARGUMENTS_BAD; }
    int sm2 = s->mech[kind] == P->m_sm2_encrypt;
    CK_ULONG bound = sm2 ? (kind == OP_ENCRYPT ? len + 128 : len) : len;
    if (!out) { *out_len = bound; return CKR_OK; }
    if (sk_attr_bool(o, CKA_PRIVATE, 0) && !sk_user_logged_in(s->slot)) { op_end(s, kind); return CKR_USER_NOT_LOGGED_IN; }
    unsigned char *buf = OPENSSL_malloc(bound + 32);
    if (!buf) { op_end(s, kind); return CKR_HOST_MEMORY; }
    size_t n = bound + 32;
    if (sm2) {
        EVP_PKEY *k = key_pkey(o);
        EVP_PKEY_CTX *c = k ? EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL) : NULL;
        int ok = c && (kind == OP_ENCRYPT ? EVP_PKEY_encrypt_init(c) == 1 && EVP_PKEY_encrypt(c, buf, &n, in, len) == 1
                                          : EVP_PKEY_decrypt_init(c) == 1 && EVP_PKEY_decrypt(c, buf, &n, in, len) == 1);
        EVP_PKEY_CTX_free(c);
        rv = ok ? CKR_OK : kind == OP_DECRYPT ? CKR_ENCRYPTED_DATA_INVALID : CKR_FUNCTION_FAILED;
    } else {
        CK_ULONG m = 0;
        rv = sm4(s, kind, o, in, len, buf, &m);
        n = m;
    }
    if (rv == CKR_OK && *out_len < n) {
        *out_len = n;
        OPENSSL_clear_free(buf, bound + 32);
        return CKR_BUFFER_TOO_SMALL;
    }
    if (rv == CKR_OK) { memcpy(out, buf, n); *out_len = n; }
    OPENSSL_clear_free(buf, bound + 32);
    op_end(s, kind);
    return rv;
}

static CK_RV digest(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR out, CK_ULONG_PTR out_len,
                    int update, int final) {
    struct sk_session *s;
    CK_RV rv = op_get(h, OP_DIGEST, &s, NULL);
    if (rv != CKR_OK) return rv;
    if ((!data && len) || (final && !out_len)) { op_end(s, OP_DIGEST); return CKR_ARGUMENTS_BAD; }
    if (final && !out) { *out_len = 32; return CKR_OK; }
    if (final && *out_len < 32) { *out_len = 32; return CKR_BUFFER_TOO_SMALL; }
    if (update && len && EVP_DigestUpdate(s->digest, data, len) != 1) { op_end(s, OP_DIGEST); return CKR_FUNCTION_FAILED; }
    if (final) {
        unsigned int n = 32;
        EVP_DigestFinal_ex(s->digest, out, &n);
        *out_len = n;
        op_end(s, OP_DIGEST);
    }
    return CKR_OK;
}

/* ---- key generation ---- */

static CK_BBOOL TRUE_ = CK_TRUE, FALSE_ = CK_FALSE;

static CK_RV generate_key_pair(CK_SESSION_HANDLE h, CK_MECHANISM *m, CK_ATTRIBUTE *pt, CK_ULONG pn, CK_ATTRIBUTE *kt,
                               CK_ULONG kn, CK_OBJECT_HANDLE *pub_h, CK_OBJECT_HANDLE *priv_h) {
    struct sk_session *s;
    CK_RV rv = sk_session_get(h, &s);
    if (rv != CKR_OK) return rv;
    if (!m || !pub_h || !priv_h) return CKR_ARGUMENTS_BAD;
    CK_ULONG key_type;
    if (m->mechanism != 0 && m->mechanism == P->m_sm2_keygen) {
        key_type = P->ckk_sm2;
    } else if (m->mechanism == CKM_EC_KEY_PAIR_GEN) {
        const CK_ATTRIBUTE *ep = sk_tmpl_find(pt, pn, CKA_EC_PARAMS);
        if (!ep || ep->ulValueLen != sizeof SK_SM2_OID || memcmp(ep->pValue, SK_SM2_OID, sizeof SK_SM2_OID) != 0) {
            return CKR_TEMPLATE_INCONSISTENT; /* only the SM2 curve */
        }
        key_type = CKK_EC;
    } else {
        return CKR_MECHANISM_INVALID;
    }
    const CK_ATTRIBUTE *x = sk_tmpl_find(kt, kn, CKA_EXTRACTABLE);
    if (x && x->ulValueLen == 1 && *(CK_BBOOL *)x->pValue) return CKR_TEMPLATE_INCONSISTENT;
    const CK_ATTRIBUTE *sens = sk_tmpl_find(kt, kn, CKA_SENSITIVE);
    if (sens && sens->ulValueLen == 1 && !*(CK_BBOOL *)sens->pValue) return CKR_TEMPLATE_INCONSISTENT;

    EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "SM2");
    BIGNUM *d = NULL;
    unsigned char scalar[32], pub[65], der_point[67];
    size_t pub_len = 0;
    int ok = k && EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_PRIV_KEY, &d) == 1 && BN_bn2binpad(d, scalar, 32) == 32
          && EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof pub, &pub_len) == 1
          && pub_len == 65;
    BN_clear_free(d);
    EVP_PKEY_free(k);
    if (!ok) { OPENSSL_cleanse(scalar, 32); return CKR_FUNCTION_FAILED; }
    der_point[0] = 0x04;
    der_point[1] = 0x41;
    memcpy(der_point + 2, pub, 65);

    struct sk_object *po, *ko;
    CK_ULONG pub_class = CKO_PUBLIC_KEY, priv_class = CKO_PRIVATE_KEY;
    rv = sk_object_new(s, pt, pn, pub_h, &po);
    if (rv != CKR_OK) { OPENSSL_cleanse(scalar, 32); return rv; }
    rv = sk_object_new(s, kt, kn, priv_h, &ko);
    if (rv != CKR_OK) { sk_object_free(po, 0); OPENSSL_cleanse(scalar, 32); return rv; }
    sk_attr_set(po, CKA_CLASS, &pub_class, sizeof pub_class);
    sk_attr_set(ko, CKA_CLASS, &priv_class, sizeof priv_class);
    struct sk_object *both[2] = {po, ko};
    for (int i = 0; i < 2; i++) {
        sk_attr_set(both[i], CKA_KEY_TYPE, &key_type, sizeof key_type);
        sk_attr_set(both[i], CKA_EC_PARAMS, SK_SM2_OID, sizeof SK_SM2_OID);
        sk_attr_set(both[i], CKA_EC_POINT, der_point, sizeof der_point);
        sk_attr_set(both[i], CKA_LOCAL, &TRUE_, 1);
        if (!sk_attr(both[i], CKA_TOKEN)) sk_attr_set(both[i], CKA_TOKEN, &FALSE_, 1);
    }
    if (!sk_attr(po, CKA_PRIVATE)) sk_attr_set(po, CKA_PRIVATE, &FALSE_, 1);
    if (!sk_attr(ko, CKA_PRIVATE)) sk_attr_set(ko, CKA_PRIVATE, &TRUE_, 1);
    sk_attr_set(ko, CKA_VALUE, scalar, 32);
    sk_attr_set(ko, CKA_SENSITIVE, &TRUE_, 1);
    sk_attr_set(ko, CKA_ALWAYS_SENSITIVE, &TRUE_, 1);
    sk_attr_set(ko, CKA_EXTRACTABLE, &FALSE_, 1);
    sk_attr_set(ko, CKA_NEVER_EXTRACTABLE, &TRUE_, 1);
    OPENSSL_cleanse(scalar, 32);
    rv = sk_object_commit(po);
    if (rv == CKR_OK) rv = sk_object_commit(ko);
    if (rv != CKR_OK) { sk_object_free(po, 1); sk_object_free(ko, 1); }
    return rv;
}

static CK_RV generate_key(CK_SESSION_HANDLE h, CK_MECHANISM *m, CK_ATTRIBUTE *t, CK_ULONG n, CK_OBJECT_HANDLE *out) {
    struct sk_session *s;
    CK_RV rv = sk_session_get(h, &s);
    if (rv != CKR_OK) return rv;
    if (!m || !out) return CKR_ARGUMENTS_BAD;
    if (m->mechanism == 0 || m->mechanism != P->m_sm4_keygen) return CKR_MECHANISM_INVALID;
    struct sk_object *o;
    rv = sk_object_new(s, t, n, out, &o);
    if (rv != CKR_OK) return rv;
    unsigned char key[16];
    CK_ULONG cls = CKO_SECRET_KEY, len = 16;
    RAND_bytes(key, sizeof key);
    sk_attr_set(o, CKA_CLASS, &cls, sizeof cls);
    sk_attr_set(o, CKA_KEY_TYPE, &P->ckk_sm4, sizeof(CK_ULONG));
    sk_attr_set(o, CKA_VALUE, key, sizeof key);
    sk_attr_set(o, CKA_VALUE_LEN, &len, sizeof len);
    sk_attr_set(o, CKA_LOCAL, &TRUE_, 1);
    OPENSSL_cleanse(key, sizeof key);
    if (!sk_attr(o, CKA_TOKEN)) sk_attr_set(o, CKA_TOKEN, &FALSE_, 1);
    if (!sk_attr(o, CKA_PRIVATE)) sk_attr_set(o, CKA_PRIVATE, &TRUE_, 1);
    if (!sk_attr(o, CKA_SENSITIVE)) sk_attr_set(o, CKA_SENSITIVE, &TRUE_, 1);
    if (!sk_attr(o, CKA_EXTRACTABLE)) sk_attr_set(o, CKA_EXTRACTABLE, &FALSE_, 1);
    rv = sk_object_commit(o);
    if (rv != CKR_OK) sk_object_free(o, 1);
    return rv;
}

/* ---- derivation: ECDH on the SM2 curve, and the SM2 key exchange ---- */

static int point_decode(const unsigned char *v, CK_ULONG len, EC_POINT **out) {
    unsigned char pt[65];
    if (!v || !point_of(v, len, pt)) return 0;
    EC_POINT *q = EC_POINT_new(group());
    if (!q || EC_POINT_oct2point(group(), q, pt, 65, NULL) != 1 || EC_POINT_is_at_infinity(group(), q)) {
        EC_POINT_free(q);
        return 0;
    }
    *out = q;
    return 1;
}

static int coords(const EC_POINT *q, unsigned char xy[64]) {
    unsigned char pt[65];
    if (EC_POINT_point2oct(group(), q, POINT_CONVERSION_UNCOMPRESSED, pt, 65, NULL) != 65) return 0;
    memcpy(xy, pt + 1, 64);
    return 1;
}

/* x̄ = 2^w + (x mod 2^w), w = 127 for the 256-bit order (GB/T 32918.3 §6.1 A4). */
static BIGNUM *x_bar(const unsigned char x[32]) {
    BIGNUM *b = BN_bin2bn(x, 32, NULL);
    if (b) { BN_mask_bits(b, 127); BN_set_bit(b, 127); }
    return b;
}

static CK_RV key_exchange(struct sk_session *s, struct sk_object *base, GMGW_SM2_KEY_EXCHANGE_PARAMS *p,
                          unsigned char *k, CK_ULONG klen) {
    struct sk_object *eph;
    if (sk_object_get(s, p->ephemeralKey, &eph) != CKR_OK || !sk_is_sm2_key(eph)
        || sk_attr_ulong(eph, CKA_CLASS, 0) != CKO_PRIVATE_KEY) return CKR_MECHANISM_PARAM_INVALID;
    CK_ATTRIBUTE *dv = sk_attr(base, CKA_VALUE), *rv_ = sk_attr(eph, CKA_VALUE);
    if (!dv || dv->ulValueLen != 32 || !rv_ || rv_->ulValueLen != 32) return CKR_KEY_TYPE_INCONSISTENT;
    if ((p->ulOwnIdLen && !p->pOwnId) || (p->ulPeerIdLen && !p->pPeerId)) return CKR_MECHANISM_PARAM_INVALID;
    EC_POINT *pb = NULL, *rb = NULL, *u = NULL;
    BIGNUM *d = BN_bin2bn(dv->pValue, 32, NULL), *r = BN_bin2bn(rv_->pValue, 32, NULL), *t = BN_new();
    BIGNUM *x1 = NULL, *x2 = NULL;
    BN_CTX *ctx = BN_CTX_new();
    unsigned char own_pub[65], own_eph[65], peer_pub[65], peer_eph[65], uxy[64];
    CK_RV rv = CKR_FUNCTION_FAILED;
    if (!point_decode(p->pPeerStaticPoint, p->ulPeerStaticPointLen, &pb)
        || !point_decode(p->pPeerEphemeralPoint, p->ulPeerEphemeralPointLen, &rb)) {
        rv = CKR_MECHANISM_PARAM_INVALID;
        goto done;
    }
    point_of(p->pPeerStaticPoint, p->ulPeerStaticPointLen, peer_pub);
    point_of(p->pPeerEphemeralPoint, p->ulPeerEphemeralPointLen, peer_eph);
    if (!key_point(base, own_pub) || !public_of_scalar(rv_->pValue, own_eph)) goto done;
    x1 = x_bar(own_eph + 1);
    x2 = x_bar(peer_eph + 1);
    u = EC_POINT_new(group());
    const BIGNUM *n = EC_GROUP_get0_order(group());
    /* t = (d + x̄1·r) mod n; U = [t](P_peer + [x̄2]R_peer), cofactor 1 */
    if (!d || !r || !t || !ctx || !x1 || !x2 || !u || BN_mod_mul(t, x1, r, n, ctx) != 1
        || BN_mod_add(t, t, d, n, ctx) != 1 || EC_POINT_mul(group(), u, NULL, rb, x2, ctx) != 1
        || EC_POINT_add(group(), u, u, pb, ctx) != 1 || EC_POINT_mul(group(), u, NULL, u, t, ctx) != 1
        || EC_POINT_is_at_infinity(group(), u) || !coords(u, uxy)) goto done;
    unsigned char zo[32], zp[32], kdf_in[128];
    if (p->ulOwnIdLen) sm2_z(p->pOwnId, p->ulOwnIdLen, own_pub, zo); else sm2_z(DEFAULT_ID, 16, own_pub, zo);
    if (p->ulPeerIdLen) sm2_z(p->pPeerId, p->ulPeerIdLen, peer_pub, zp); else sm2_z(DEFAULT_ID, 16, peer_pub, zp);
    const unsigned char *za = p->initiator ? zo : zp, *zb = p->initiator ? zp : zo;
    const unsigned char *ra = p->initiator ? own_eph : peer_eph, *rb_ = p->initiator ? peer_eph : own_eph;
    memcpy(kdf_in, uxy, 64);
    memcpy(kdf_in + 64, za, 32);
    memcpy(kdf_in + 96, zb, 32);
    sm3_kdf(kdf_in, sizeof kdf_in, k, klen);
    OPENSSL_cleanse(kdf_in, sizeof kdf_in);
    if (p->pConfirmation) {
        unsigned char inner[32], tag2 = 0x02, tag3 = 0x03;
        const unsigned char *ip[5] = {uxy, za, zb, ra + 1, rb_ + 1};
        size_t il[5] = {32, 32, 32, 64, 64};
        sm3_parts(inner, 5, ip, il);
        const unsigned char *cp[3] = {&tag2, uxy + 32, inner};
        size_t cl[3] = {1, 32, 32};
        sm3_parts(p->pConfirmation, 3, cp, cl);
        cp[0] = &tag3;
        sm3_parts(p->pConfirmation + 32, 3, cp, cl);
    }
    rv = CKR_OK;
done:
    OPENSSL_cleanse(uxy, sizeof uxy);
    EC_POINT_free(pb); EC_POINT_free(rb); EC_POINT_clear_free(u);
    BN_clear_free(d); BN_clear_free(r); BN_clear_free(t); BN_free(x1); BN_free(x2);
    BN_CTX_free(ctx);
    return rv;
}

static CK_RV derive_key(CK_SESSION_HANDLE h, CK_MECHANISM *m, CK_OBJECT_HANDLE base_h, CK_ATTRIBUTE *t, CK_ULONG n,
                        CK_OBJECT_HANDLE *out) {
    struct sk_session *s;
    struct sk_object *base;
    CK_RV rv = sk_session_get(h, &s);
    if (rv != CKR_OK) return rv;
    if (!m || !out || (n && !t)) return CKR_ARGUMENTS_BAD;
    rv = sk_object_get(s, base_h, &base);
    if (rv != CKR_OK) return CKR_KEY_HANDLE_INVALID;
    if (!sk_is_sm2_key(base) || sk_attr_ulong(base, CKA_CLASS, 0) != CKO_PRIVATE_KEY) return CKR_KEY_TYPE_INCONSISTENT;
    if (!sk_attr_bool(base, CKA_DERIVE, 1)) return CKR_KEY_FUNCTION_NOT_PERMITTED;
    const CK_ATTRIBUTE *vl = sk_tmpl_find(t, n, CKA_VALUE_LEN);
    CK_ULONG len = 0;
    if (vl && vl->ulValueLen == sizeof len) memcpy(&len, vl->pValue, sizeof len);
    unsigned char value[1024];
    if (m->mechanism != 0 && m->mechanism == P->m_sm2_key_exchange) {
        if (m->ulParameterLen != sizeof(GMGW_SM2_KEY_EXCHANGE_PARAMS) || !m->pParameter) return CKR_MECHANISM_PARAM_INVALID;
        if (len == 0 || len > sizeof value) return CKR_TEMPLATE_INCOMPLETE;
        rv = key_exchange(s, base, m->pParameter, value, len);
    } else if (P->ecdh && m->mechanism == CKM_ECDH1_DERIVE) {
        CK_ECDH1_DERIVE_PARAMS *p = m->pParameter;
        if (m->ulParameterLen != sizeof *p || !p || p->kdf != CKD_NULL || p->ulSharedDataLen) return CKR_MECHANISM_PARAM_INVALID;
        EC_POINT *q = NULL, *r = EC_POINT_new(group());
        CK_ATTRIBUTE *dv = sk_attr(base, CKA_VALUE);
        BIGNUM *d = dv && dv->ulValueLen == 32 ? BN_bin2bn(dv->pValue, 32, NULL) : NULL;
        unsigned char xy[64];
        if (len == 0) len = 32;
        if (len > 32) rv = CKR_TEMPLATE_INCONSISTENT;
        else if (!point_decode(p->pPublicData, p->ulPublicDataLen, &q)) rv = CKR_MECHANISM_PARAM_INVALID;
        else if (!d || !r || EC_POINT_mul(group(), r, NULL, q, d, NULL) != 1 || !coords(r, xy)) rv = CKR_FUNCTION_FAILED;
        else { memcpy(value, xy + 32 - len, len); rv = CKR_OK; } /* PKCS#11: the leftmost bytes are truncated */
        OPENSSL_cleanse(xy, sizeof xy);
        EC_POINT_free(q); EC_POINT_clear_free(r); BN_clear_free(d);
    } else {
        return CKR_MECHANISM_INVALID;
    }
    if (rv != CKR_OK) return rv;
    struct sk_object *o;
    rv = sk_object_new(s, t, n, out, &o);
    if (rv != CKR_OK) { OPENSSL_cleanse(value, sizeof value); return rv; }
    CK_ULONG cls = CKO_SECRET_KEY, kt = CKK_GENERIC_SECRET;
    sk_attr_set(o, CKA_CLASS, &cls, sizeof cls);
    if (!sk_attr(o, CKA_KEY_TYPE)) sk_attr_set(o, CKA_KEY_TYPE, &kt, sizeof kt);
    sk_attr_set(o, CKA_VALUE, value, len);
    sk_attr_set(o, CKA_VALUE_LEN, &len, sizeof len);
    OPENSSL_cleanse(value, sizeof value);
    if (!sk_attr(o, CKA_TOKEN)) sk_attr_set(o, CKA_TOKEN, &FALSE_, 1);
    if (!sk_attr(o, CKA_PRIVATE)) sk_attr_set(o, CKA_PRIVATE, &TRUE_, 1);
    if (!sk_attr(o, CKA_SENSITIVE)) sk_attr_set(o, CKA_SENSITIVE, &FALSE_, 1);
    if (!sk_attr(o, CKA_EXTRACTABLE)) sk_attr_set(o, CKA_EXTRACTABLE, &TRUE_, 1);
    rv = sk_object_commit(o);
    if (rv != CKR_OK) sk_object_free(o, 1);
    return rv;
}

/* ---- exported entry points: each holds the module lock ---- */

#define ENTRY(call)                                                              \
    pthread_mutex_lock(&sk_lock);                                                \
    CK_RV rv_ = sk.initialized ? (call) : CKR_CRYPTOKI_NOT_INITIALIZED;          \
    pthread_mutex_unlock(&sk_lock);                                              \
    return rv_

CK_RV c_sign_init(CK_SESSION_HANDLE h, CK_MECHANISM *m, CK_OBJECT_HANDLE k) { ENTRY(op_init(h, OP_SIGN, m, k)); }
CK_RV c_sign(CK_SESSION_HANDLE h, CK_BYTE_PTR d, CK_ULONG l, CK_BYTE_PTR s, CK_ULONG_PTR sl) { ENTRY(sign(h, d, l, s, sl)); }
CK_RV c_verify_init(CK_SESSION_HANDLE h, CK_MECHANISM *m, CK_OBJECT_HANDLE k) { ENTRY(op_init(h, OP_VERIFY, m, k)); }
CK_RV c_verify(CK_SESSION_HANDLE h, CK_BYTE_PTR d, CK_ULONG l, CK_BYTE_PTR s, CK_ULONG sl) { ENTRY(verify(h, d, l, s, sl)); }
CK_RV c_encrypt_init(CK_SESSION_HANDLE h, CK_MECHANISM *m, CK_OBJECT_HANDLE k) { ENTRY(op_init(h, OP_ENCRYPT, m, k)); }
CK_RV c_encrypt(CK_SESSION_HANDLE h, CK_BYTE_PTR i, CK_ULONG l, CK_BYTE_PTR o, CK_ULONG_PTR ol) {
    ENTRY(sk_crypt(h, OP_ENCRYPT, i, l, o, ol));
}
CK_RV c_decrypt_init(CK_SESSION_HANDLE h, CK_MECHANISM *m, CK_OBJECT_HANDLE k) { ENTRY(op_init(h, OP_DECRYPT, m, k)); }
CK_RV c_decrypt(CK_SESSION_HANDLE h, CK_BYTE_PTR i, CK_ULONG l, CK_BYTE_PTR o, CK_ULONG_PTR ol) {
    ENTRY(sk_crypt(h, OP_DECRYPT, i, l, o, ol));
}
CK_RV c_digest_init(CK_SESSION_HANDLE h, CK_MECHANISM *m) { ENTRY(op_init(h, OP_DIGEST, m, 0)); }
CK_RV c_digest(CK_SESSION_HANDLE h, CK_BYTE_PTR d, CK_ULONG l, CK_BYTE_PTR o, CK_ULONG_PTR ol) {
    ENTRY(digest(h, d, l, o, ol, 1, 1));
}
CK_RV c_digest_update(CK_SESSION_HANDLE h, CK_BYTE_PTR d, CK_ULONG l) { ENTRY(digest(h, d, l, NULL, NULL, 1, 0)); }
CK_RV c_digest_final(CK_SESSION_HANDLE h, CK_BYTE_PTR o, CK_ULONG_PTR ol) { ENTRY(digest(h, NULL, 0, o, ol, 0, 1)); }
CK_RV c_generate_key(CK_SESSION_HANDLE h, CK_MECHANISM *m, CK_ATTRIBUTE *t, CK_ULONG n, CK_OBJECT_HANDLE *o) {
    ENTRY(generate_key(h, m, t, n, o));
}
CK_RV c_generate_key_pair(CK_SESSION_HANDLE h, CK_MECHANISM *m, CK_ATTRIBUTE *pt, CK_ULONG pn, CK_ATTRIBUTE *kt,
                          CK_ULONG kn, CK_OBJECT_HANDLE *ph, CK_OBJECT_HANDLE *kh) {
    ENTRY(generate_key_pair(h, m, pt, pn, kt, kn, ph, kh));
}
CK_RV c_derive_key(CK_SESSION_HANDLE h, CK_MECHANISM *m, CK_OBJECT_HANDLE b, CK_ATTRIBUTE *t, CK_ULONG n,
                   CK_OBJECT_HANDLE *o) {
    ENTRY(derive_key(h, m, b, t, n, o));
}
