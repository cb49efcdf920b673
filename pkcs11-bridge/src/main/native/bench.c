/*
 * Benchmark helper for docs/benchmarks.md (not part of the soft smart key): signing loops run entirely in C, so JMH
 * can compare the Java bridge with the token's own signing time and with OpenSSL's, in the same run.
 */
#include "ck.h"

#include <dlfcn.h>
#include <openssl/evp.h>

/* n × (C_SignInit + C_Sign) on an open, logged-in session of the already loaded module; returns the failures. */
__attribute__((visibility("default"))) long gmgw_bench_token_sign(const char *module, CK_SESSION_HANDLE session,
        CK_MECHANISM_TYPE mechanism, CK_OBJECT_HANDLE key, const unsigned char *data, CK_ULONG len, long n) {
    void *lib = dlopen(module, RTLD_NOW | RTLD_NOLOAD);
    if (!lib) return -1;
    CK_RV (*get)(CK_FUNCTION_LIST **) = (CK_RV (*)(CK_FUNCTION_LIST **))dlsym(lib, "C_GetFunctionList");
    CK_FUNCTION_LIST *f = NULL;
    if (!get || get(&f) != CKR_OK) { dlclose(lib); return -1; }
    CK_MECHANISM m = {mechanism, NULL, 0};
    unsigned char sig[128];
    long failures = 0;
    for (long i = 0; i < n; i++) {
        CK_ULONG sig_len = sizeof sig;
        if (f->C_SignInit(session, &m, key) != CKR_OK || f->C_Sign(session, (CK_BYTE_PTR)data, len, sig, &sig_len) != CKR_OK) {
            failures++;
        }
    }
    dlclose(lib);
    return failures;
}

/* n SM2 signatures of a 32-byte e with OpenSSL alone, the way the soft key signs (one EVP_PKEY_CTX per signature). */
__attribute__((visibility("default"))) long gmgw_bench_openssl_sign(long n) {
    static EVP_PKEY *key;
    if (!key) key = EVP_PKEY_Q_keygen(NULL, NULL, "SM2");
    if (!key) return -1;
    unsigned char e[32] = {1}, sig[80];
    long failures = 0;
    for (long i = 0; i < n; i++) {
        size_t sig_len = sizeof sig;
        EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
        if (!c || EVP_PKEY_sign_init(c) != 1 || EVP_PKEY_sign(c, sig, &sig_len, e, sizeof e) != 1) failures++;
        EVP_PKEY_CTX_free(c);
    }
    return failures;
}

/* n × (C_DigestInit + C_Digest) of SM3 on a short input: a cheap token call, to size the bridge's own cost per call. */
__attribute__((visibility("default"))) long gmgw_bench_token_digest(const char *module, CK_SESSION_HANDLE session,
        CK_MECHANISM_TYPE mechanism, const unsigned char *data, CK_ULONG len, long n) {
    void *lib = dlopen(module, RTLD_NOW | RTLD_NOLOAD);
    if (!lib) return -1;
    CK_RV (*get)(CK_FUNCTION_LIST **) = (CK_RV (*)(CK_FUNCTION_LIST **))dlsym(lib, "C_GetFunctionList");
    CK_FUNCTION_LIST *f = NULL;
    if (!get || get(&f) != CKR_OK) { dlclose(lib); return -1; }
    CK_MECHANISM m = {mechanism, NULL, 0};
    unsigned char out[64];
    long failures = 0;
    for (long i = 0; i < n; i++) {
        CK_ULONG out_len = sizeof out;
        if (f->C_DigestInit(session, &m) != CKR_OK || f->C_Digest(session, (CK_BYTE_PTR)data, len, out, &out_len) != CKR_OK) {
            failures++;
        }
    }
    dlclose(lib);
    return failures;
}
