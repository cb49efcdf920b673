/*
 * gmgw soft smart key: a PKCS#11 module that behaves like a GM/T 0027 smart key (SM2 keys generated inside and
 * never extractable, user PIN with retry counter and lock-out, SO PIN unblock), for tests and demos.
 * This file: library, slots, tokens, PINs, sessions and login. Store layout and switches: docs/pkcs11.md.
 */
#include "softkey.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct sk_state sk;
pthread_mutex_t sk_lock = PTHREAD_MUTEX_INITIALIZER;

#define LOCKED_CALL(expr)                  \
    do {                                   \
        pthread_mutex_lock(&sk_lock);      \
        CK_RV rv_ = sk.initialized ? (expr) : CKR_CRYPTOKI_NOT_INITIALIZED; \
        pthread_mutex_unlock(&sk_lock);    \
        return rv_;                        \
    } while (0)

static void pad(CK_UTF8CHAR *dst, size_t n, const char *src) {
    size_t l = strlen(src);
    memset(dst, ' ', n);
    memcpy(dst, src, l < n ? l : n);
}

static void trim(char *s) {
    size_t l = strlen(s);
    while (l > 0 && (s[l - 1] == '\n' || s[l - 1] == '\r' || s[l - 1] == ' ' || s[l - 1] == '\t')) s[--l] = 0;
}

static int hex_decode(const char *hex, unsigned char *out, size_t n) {
    if (strlen(hex) != 2 * n) return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned int b;
        if (sscanf(hex + 2 * i, "%2x", &b) != 1) return -1;
        out[i] = (unsigned char)b;
    }
    return 0;
}

static void hex_encode(const unsigned char *in, size_t n, char *out) {
    for (size_t i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", in[i]);
}

static void read_config(void) {
    char path[4200];
    snprintf(path, sizeof path, "%s/softkey.conf", sk.store);
    sk.profile = &SK_PROFILE_0X8000;
    sk.slot_count = 2;
    sk.user_pin_max = 6;
    sk.so_pin_max = 10;
    FILE *f = fopen(path, "r");
    const char *env_profile = getenv("GMGW_SOFTKEY_PROFILE");
    char line[512];
    while (f && fgets(line, sizeof line, f)) {
        trim(line);
        char *eq = strchr(line, '=');
        if (line[0] == '#' || !eq) continue;
        *eq = 0;
        char *key = line, *value = eq + 1;
        trim(key);
        while (*value == ' ') value++;
        if (strcmp(key, "profile") == 0) {
            sk.profile = strcmp(value, "luna") == 0 ? &SK_PROFILE_LUNA : &SK_PROFILE_0X8000;
        } else if (strcmp(key, "slots") == 0) {
            long v = atol(value);
            sk.slot_count = v < 1 ? 1 : v > SK_MAX_SLOTS ? SK_MAX_SLOTS : (CK_ULONG)v;
        } else if (strcmp(key, "user_pin_retries") == 0) {
            sk.user_pin_max = atoi(value) < 1 ? 1 : atoi(value);
        } else if (strcmp(key, "so_pin_retries") == 0) {
            sk.so_pin_max = atoi(value) < 1 ? 1 : atoi(value);
        }
    }
    if (f) fclose(f);
    if (env_profile && *env_profile) {
        sk.profile = strcmp(env_profile, "luna") == 0 ? &SK_PROFILE_LUNA : &SK_PROFILE_0X8000;
    }
}

static void load_token(CK_SLOT_ID slot) {
    struct sk_token *t = &sk.slots[slot].token;
    memset(t, 0, sizeof *t);
    snprintf(t->serial, sizeof t->serial, "GMGWSK%010lu", (unsigned long)slot);
    char path[4200];
    snprintf(path, sizeof path, "%s/token.dat", sk.slots[slot].dir);
    FILE *f = fopen(path, "r");
    if (!f) return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        trim(line);
        char *eq = strchr(line, '=');
        if (!eq) continue;
        *eq = 0;
        const char *k = line, *v = eq + 1;
        if (!strcmp(k, "label")) snprintf(t->label, sizeof t->label, "%s", v);
        else if (!strcmp(k, "serial")) snprintf(t->serial, sizeof t->serial, "%s", v);
        else if (!strcmp(k, "so_salt")) hex_decode(v, t->so_salt, 16);
        else if (!strcmp(k, "so_hash")) { t->initialized = hex_decode(v, t->so_hash, 32) == 0; }
        else if (!strcmp(k, "user_salt")) hex_decode(v, t->user_salt, 16);
        else if (!strcmp(k, "user_hash")) t->user_pin_set = hex_decode(v, t->user_hash, 32) == 0;
        else if (!strcmp(k, "user_retries")) t->user_retries = atoi(v);
        else if (!strcmp(k, "so_retries")) t->so_retries = atoi(v);
    }
    fclose(f);
}

int sk_save_token(CK_SLOT_ID slot) {
    struct sk_token *t = &sk.slots[slot].token;
    char path[4200], tmp[4210], hex[65];
    snprintf(path, sizeof path, "%s/token.dat", sk.slots[slot].dir);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) return -1;
    fchmod(fileno(f), 0600);
    fprintf(f, "label=%s\nserial=%s\n", t->label, t->serial);
    if (t->initialized) {
        hex_encode(t->so_salt, 16, hex); fprintf(f, "so_salt=%s\n", hex);
        hex_encode(t->so_hash, 32, hex); fprintf(f, "so_hash=%s\n", hex);
    }
    if (t->user_pin_set) {
        hex_encode(t->user_salt, 16, hex); fprintf(f, "user_salt=%s\n", hex);
        hex_encode(t->user_hash, 32, hex); fprintf(f, "user_hash=%s\n", hex);
    }
    fprintf(f, "user_retries=%d\nso_retries=%d\n", t->user_retries, t->so_retries);
    int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
    fclose(f);
    if (bad || rename(tmp, path) != 0) return -1;
    return 0;
}

static void close_slot_sessions(CK_SLOT_ID slot);

/* Presence is the absence of the file "removed" in the slot directory; a change is handled as a real key would be. */
int sk_slot_present(CK_SLOT_ID slot) {
    char path[4200];
    snprintf(path, sizeof path, "%s/removed", sk.slots[slot].dir);
    int present = access(path, F_OK) != 0;
    if (present != sk.slots[slot].present) {
        close_slot_sessions(slot);
        sk_objects_clear_slot(slot, 0);
        sk.slots[slot].login_user = -1;
        if (present) {
            load_token(slot);
            sk_objects_load(slot);
        }
        sk.slots[slot].present = present;
    }
    return present;
}

static void session_reset(struct sk_session *s) {
    free(s->found);
    if (s->digest) EVP_MD_CTX_free(s->digest);
    memset(s, 0, sizeof *s);
}

static void close_slot_sessions(CK_SLOT_ID slot) {
    for (CK_ULONG i = 1; i <= SK_MAX_SESSIONS; i++) {
        if (sk.sessions[i].used && sk.sessions[i].slot == slot) {
            sk_objects_drop_session(i);
            session_reset(&sk.sessions[i]);
        }
    }
}

static int slot_session_count(CK_SLOT_ID slot, int rw_only, int ro_only) {
    int n = 0;
    for (CK_ULONG i = 1; i <= SK_MAX_SESSIONS; i++) {
        struct sk_session *s = &sk.sessions[i];
        if (!s->used || s->slot != slot) continue;
        int rw = (s->flags & CKF_RW_SESSION) != 0;
        if ((rw_only && !rw) || (ro_only && rw)) continue;
        n++;
    }
    return n;
}

CK_RV sk_session_get(CK_SESSION_HANDLE h, struct sk_session **out) {
    if (h == 0 || h > SK_MAX_SESSIONS || !sk.sessions[h].used) return CKR_SESSION_HANDLE_INVALID;
    CK_SLOT_ID slot = sk.sessions[h].slot;
    if (!sk_slot_present(slot)) return CKR_DEVICE_REMOVED;
    if (!sk.sessions[h].used) return CKR_SESSION_HANDLE_INVALID;
    *out = &sk.sessions[h];
    return CKR_OK;
}

int sk_user_logged_in(CK_SLOT_ID slot) {
    return sk.slots[slot].login_user == (int)CKU_USER;
}

/*
 * The store the process chose through gmgw_softkey_set_store (empty: none). PKCS#11 gives C_Initialize no
 * module-specific argument (pReserved must be NULL), so the module exports this call, made before C_Initialize; it
 * wins over GMGW_SOFTKEY_DIR, which stays for scripts and the processes gmgw starts. Guarded by sk_lock.
 */
static char configured_store[sizeof sk.store];

/*
 * Sets the store directory C_Initialize uses (NULL or "": back to GMGW_SOFTKEY_DIR, then the default). Only while
 * the module is not initialised: CKR_CRYPTOKI_ALREADY_INITIALIZED otherwise, CKR_ARGUMENTS_BAD for a relative or too
 * long path.
 */
__attribute__((visibility("default"))) CK_RV gmgw_softkey_set_store(const char *dir) {
    pthread_mutex_lock(&sk_lock);
    CK_RV rv = CKR_OK;
    if (sk.initialized) {
        rv = CKR_CRYPTOKI_ALREADY_INITIALIZED;
    } else if (dir == NULL || *dir == '\0') {
        configured_store[0] = '\0';
    } else if (dir[0] != '/' || strlen(dir) >= sizeof configured_store) {
        rv = CKR_ARGUMENTS_BAD;
    } else {
        snprintf(configured_store, sizeof configured_store, "%s", dir);
    }
    pthread_mutex_unlock(&sk_lock);
    return rv;
}

static CK_RV c_initialize(CK_VOID_PTR args) {
    pthread_mutex_lock(&sk_lock);
    if (sk.initialized) {
        pthread_mutex_unlock(&sk_lock);
        return CKR_CRYPTOKI_ALREADY_INITIALIZED;
    }
    if (args) {
        CK_C_INITIALIZE_ARGS *a = args;
        int some = a->CreateMutex != NULL, all = some && a->DestroyMutex && a->LockMutex && a->UnlockMutex;
        if ((some && !all) || (!some && (a->DestroyMutex || a->LockMutex || a->UnlockMutex)) || a->pReserved) {
            pthread_mutex_unlock(&sk_lock);
            return CKR_ARGUMENTS_BAD;
        }
    }
    memset(&sk, 0, sizeof sk);
    const char *dir = getenv("GMGW_SOFTKEY_DIR");
    snprintf(sk.store, sizeof sk.store, "%s", configured_store[0] ? configured_store
            : dir && *dir ? dir : "/var/lib/gmgw/softkey");
    if (mkdir(sk.store, 0700) != 0 && errno != EEXIST) {
        pthread_mutex_unlock(&sk_lock);
        return CKR_DEVICE_ERROR;
    }
    read_config();
    for (CK_ULONG i = 0; i < sk.slot_count; i++) {
        snprintf(sk.slots[i].dir, sizeof sk.slots[i].dir, "%s/slot%lu", sk.store, (unsigned long)i);
        if (mkdir(sk.slots[i].dir, 0700) != 0 && errno != EEXIST) {
            pthread_mutex_unlock(&sk_lock);
            return CKR_DEVICE_ERROR;
        }
        sk.slots[i].present = -1;
        sk.slots[i].login_user = -1;
    }
    sk.initialized = 1;
    for (CK_ULONG i = 0; i < sk.slot_count; i++) sk_slot_present(i);
    pthread_mutex_unlock(&sk_lock);
    return CKR_OK;
}

static CK_RV c_finalize(CK_VOID_PTR reserved) {
    if (reserved) return CKR_ARGUMENTS_BAD;
    pthread_mutex_lock(&sk_lock);
    if (!sk.initialized) {
        pthread_mutex_unlock(&sk_lock);
        return CKR_CRYPTOKI_NOT_INITIALIZED;
    }
    for (CK_ULONG i = 0; i < sk.slot_count; i++) {
        close_slot_sessions(i);
        sk_objects_clear_slot(i, 0);
    }
    OPENSSL_cleanse(&sk, sizeof sk);
    sk.initialized = 0;
    pthread_mutex_unlock(&sk_lock);
    return CKR_OK;
}

static CK_RV get_info(CK_INFO *info) {
    if (!info) return CKR_ARGUMENTS_BAD;
    memset(info, 0, sizeof *info);
    info->cryptokiVersion.major = 2;
    info->cryptokiVersion.minor = 40;
    pad(info->manufacturerID, 32, "gmgw");
    char d[64];
    snprintf(d, sizeof d, "gmgw soft smart key (%s)", sk.profile->name);
    pad(info->libraryDescription, 32, d);
    info->libraryVersion.major = 1;
    return CKR_OK;
}
static CK_RV c_get_info(CK_INFO *info) { LOCKED_CALL(get_info(info)); }

static CK_RV get_slot_list(CK_BBOOL present_only, CK_SLOT_ID *list, CK_ULONG_PTR count) {
    if (!count) return CKR_ARGUMENTS_BAD;
    CK_SLOT_ID ids[SK_MAX_SLOTS];
    CK_ULONG n = 0;
    for (CK_ULONG i = 0; i < sk.slot_count; i++) {
        if (!present_only || sk_slot_present(i)) ids[n++] = i;
    }
    if (!list) { *count = n; return CKR_OK; }
    if (*count < n) { *count = n; return CKR_BUFFER_TOO_SMALL; }
    memcpy(list, ids, n * sizeof *ids);
    *count = n;
    return CKR_OK;
}
static CK_RV c_get_slot_list(CK_BBOOL p, CK_SLOT_ID *l, CK_ULONG_PTR c) { LOCKED_CALL(get_slot_list(p, l, c)); }

static CK_RV get_slot_info(CK_SLOT_ID slot, CK_SLOT_INFO *info) {
    if (slot >= sk.slot_count) return CKR_SLOT_ID_INVALID;
    if (!info) return CKR_ARGUMENTS_BAD;
    memset(info, 0, sizeof *info);
    char d[80];
    snprintf(d, sizeof d, "gmgw soft smart key reader %lu", (unsigned long)slot);
    pad(info->slotDescription, 64, d);
    pad(info->manufacturerID, 32, "gmgw");
    info->flags = CKF_REMOVABLE_DEVICE | (sk_slot_present(slot) ? CKF_TOKEN_PRESENT : 0);
    info->hardwareVersion.major = 1;
    return CKR_OK;
}
static CK_RV c_get_slot_info(CK_SLOT_ID s, CK_SLOT_INFO *i) { LOCKED_CALL(get_slot_info(s, i)); }

static CK_RV get_token_info(CK_SLOT_ID slot, CK_TOKEN_INFO *info) {
    if (slot >= sk.slot_count) return CKR_SLOT_ID_INVALID;
    if (!info) return CKR_ARGUMENTS_BAD;
    if (!sk_slot_present(slot)) return CKR_TOKEN_NOT_PRESENT;
    struct sk_token *t = &sk.slots[slot].token;
    memset(info, 0, sizeof *info);
    pad(info->label, 32, t->label);
    pad(info->manufacturerID, 32, "gmgw");
    char model[32];
    snprintf(model, sizeof model, "softkey-%s", sk.profile->name);
    pad(info->model, 16, model);
    pad(info->serialNumber, 16, t->serial);
    CK_FLAGS f = CKF_RNG | CKF_LOGIN_REQUIRED;
    if (t->initialized) f |= CKF_TOKEN_INITIALIZED;
    if (t->user_pin_set) {
        f |= CKF_USER_PIN_INITIALIZED;
        if (t->user_retries < sk.user_pin_max) f |= CKF_USER_PIN_COUNT_LOW;
        if (t->user_retries == 1) f |= CKF_USER_PIN_FINAL_TRY;
        if (t->user_retries <= 0) f |= CKF_USER_PIN_LOCKED;
    }
    if (t->initialized) {
        if (t->so_retries < sk.so_pin_max) f |= CKF_SO_PIN_COUNT_LOW;
        if (t->so_retries == 1) f |= CKF_SO_PIN_FINAL_TRY;
        if (t->so_retries <= 0) f |= CKF_SO_PIN_LOCKED;
    }
    info->flags = f;
    info->ulMaxSessionCount = SK_MAX_SESSIONS;
    info->ulSessionCount = slot_session_count(slot, 0, 0);
    info->ulMaxRwSessionCount = SK_MAX_SESSIONS;
    info->ulRwSessionCount = slot_session_count(slot, 1, 0);
    info->ulMaxPinLen = SK_PIN_MAX;
    info->ulMinPinLen = SK_PIN_MIN;
    info->ulTotalPublicMemory = info->ulFreePublicMemory = CK_UNAVAILABLE_INFORMATION;
    info->ulTotalPrivateMemory = info->ulFreePrivateMemory = CK_UNAVAILABLE_INFORMATION;
    info->hardwareVersion.major = 1;
    info->firmwareVersion.major = 1;
    return CKR_OK;
}
static CK_RV c_get_token_info(CK_SLOT_ID s, CK_TOKEN_INFO *i) { LOCKED_CALL(get_token_info(s, i)); }

static CK_RV get_mechanism_list(CK_SLOT_ID slot, CK_MECHANISM_TYPE *list, CK_ULONG_PTR count) {
    if (slot >= sk.slot_count) return CKR_SLOT_ID_INVALID;
    if (!count) return CKR_ARGUMENTS_BAD;
    CK_MECHANISM_TYPE m[32];
    CK_ULONG n = (CK_ULONG)sk_mechanisms(m);
    if (!list) { *count = n; return CKR_OK; }
    if (*count < n) { *count = n; return CKR_BUFFER_TOO_SMALL; }
    memcpy(list, m, n * sizeof *m);
    *count = n;
    return CKR_OK;
}
static CK_RV c_get_mechanism_list(CK_SLOT_ID s, CK_MECHANISM_TYPE *l, CK_ULONG_PTR c) {
    LOCKED_CALL(get_mechanism_list(s, l, c));
}

static CK_RV get_mechanism_info(CK_SLOT_ID slot, CK_MECHANISM_TYPE m, CK_MECHANISM_INFO *info) {
    if (slot >= sk.slot_count) return CKR_SLOT_ID_INVALID;
    if (!info) return CKR_ARGUMENTS_BAD;
    return sk_mechanism_info(m, info);
}
static CK_RV c_get_mechanism_info(CK_SLOT_ID s, CK_MECHANISM_TYPE m, CK_MECHANISM_INFO *i) {
    LOCKED_CALL(get_mechanism_info(s, m, i));
}

static void pin_hash(const unsigned char salt[16], CK_BYTE_PTR pin, CK_ULONG len, unsigned char out[32]) {
    sk_sm3(salt, 16, pin, len, out);
}

/* Checks a PIN against its hash and counts a failure; the last failure locks (CKR_PIN_LOCKED). */
static CK_RV check_pin(CK_SLOT_ID slot, int so, CK_BYTE_PTR pin, CK_ULONG len) {
    struct sk_token *t = &sk.slots[slot].token;
    int *retries = so ? &t->so_retries : &t->user_retries;
    if (*retries <= 0) return CKR_PIN_LOCKED;
    if (!pin && len) return CKR_ARGUMENTS_BAD;
    unsigned char h[32];
    pin_hash(so ? t->so_salt : t->user_salt, pin, len, h);
    int ok = CRYPTO_memcmp(h, so ? t->so_hash : t->user_hash, 32) == 0;
    int max = so ? sk.so_pin_max : sk.user_pin_max;
    if (ok) {
        if (*retries != max) { *retries = max; sk_save_token(slot); }
        return CKR_OK;
    }
    (*retries)--;
    if (sk_save_token(slot) != 0) return CKR_DEVICE_ERROR;
    return *retries <= 0 ? CKR_PIN_LOCKED : CKR_PIN_INCORRECT;
}

static CK_RV set_pin(CK_SLOT_ID slot, int so, CK_BYTE_PTR pin, CK_ULONG len) {
    if (len < SK_PIN_MIN || len > SK_PIN_MAX) return CKR_PIN_LEN_RANGE;
    if (!pin) return CKR_ARGUMENTS_BAD;
    struct sk_token *t = &sk.slots[slot].token;
    unsigned char *salt = so ? t->so_salt : t->user_salt;
    if (RAND_bytes(salt, 16) != 1) return CKR_FUNCTION_FAILED;
    pin_hash(salt, pin, len, so ? t->so_hash : t->user_hash);
    if (so) { t->so_retries = sk.so_pin_max; t->initialized = 1; }
    else { t->user_retries = sk.user_pin_max; t->user_pin_set = 1; }
    return CKR_OK;
}

static CK_RV init_token(CK_SLOT_ID slot, CK_BYTE_PTR pin, CK_ULONG len, CK_BYTE_PTR label) {
    if (slot >= sk.slot_count) return CKR_SLOT_ID_INVALID;
    if (!label) return CKR_ARGUMENTS_BAD;
    if (!sk_slot_present(slot)) return CKR_TOKEN_NOT_PRESENT;
    if (slot_session_count(slot, 0, 0) > 0) return CKR_SESSION_EXISTS;
    struct sk_token *t = &sk.slots[slot].token;
    if (t->initialized) {
        CK_RV rv = check_pin(slot, 1, pin, len);
        if (rv != CKR_OK) return rv;
    } else {
        CK_RV rv = set_pin(slot, 1, pin, len);
        if (rv != CKR_OK) return rv;
    }
    sk_objects_clear_slot(slot, 1);
    char l[33];
    memcpy(l, label, 32);
    l[32] = 0;
    trim(l);
    snprintf(t->label, sizeof t->label, "%s", l);
    t->user_pin_set = 0;
    t->user_retries = 0;
    unsigned char serial[5];
    RAND_bytes(serial, sizeof serial);
    snprintf(t->serial, sizeof t->serial, "GMGW%02X%02X%02X%02X%02X%02lu", serial[0], serial[1], serial[2], serial[3],
             serial[4], (unsigned long)slot % 100);
    return sk_save_token(slot) == 0 ? CKR_OK : CKR_DEVICE_ERROR;
}
static CK_RV c_init_token(CK_SLOT_ID s, CK_BYTE_PTR p, CK_ULONG l, CK_BYTE_PTR lab) { LOCKED_CALL(init_token(s, p, l, lab)); }

static CK_RV init_pin(CK_SESSION_HANDLE h, CK_BYTE_PTR pin, CK_ULONG len) {
    struct sk_session *s;
    CK_RV rv = sk_session_get(h, &s);
    if (rv != CKR_OK) return rv;
    if (sk.slots[s->slot].login_user != (int)CKU_SO || !(s->flags & CKF_RW_SESSION)) return CKR_USER_NOT_LOGGED_IN;
    rv = set_pin(s->slot, 0, pin, len);
    if (rv != CKR_OK) return rv;
    return sk_save_token(s->slot) == 0 ? CKR_OK : CKR_DEVICE_ERROR;
}
static CK_RV c_init_pin(CK_SESSION_HANDLE h, CK_BYTE_PTR p, CK_ULONG l) { LOCKED_CALL(init_pin(h, p, l)); }

static CK_RV set_pin_call(CK_SESSION_HANDLE h, CK_BYTE_PTR old, CK_ULONG old_len, CK_BYTE_PTR pin, CK_ULONG len) {
    struct sk_session *s;
    CK_RV rv = sk_session_get(h, &s);
    if (rv != CKR_OK) return rv;
    if (!(s->flags & CKF_RW_SESSION)) return CKR_SESSION_READ_ONLY;
    int so = sk.slots[s->slot].login_user == (int)CKU_SO;
    if (!so && !sk.slots[s->slot].token.user_pin_set) return CKR_USER_PIN_NOT_INITIALIZED;
    rv = check_pin(s->slot, so, old, old_len);
    if (rv != CKR_OK) return rv;
    rv = set_pin(s->slot, so, pin, len);
    if (rv != CKR_OK) return rv;
    return sk_save_token(s->slot) == 0 ? CKR_OK : CKR_DEVICE_ERROR;
}
static CK_RV c_set_pin(CK_SESSION_HANDLE h, CK_BYTE_PTR o, CK_ULONG ol, CK_BYTE_PTR n, CK_ULONG nl) {
    LOCKED_CALL(set_pin_call(h, o, ol, n, nl));
}

static CK_RV open_session(CK_SLOT_ID slot, CK_FLAGS flags, CK_SESSION_HANDLE *out) {
    if (slot >= sk.slot_count) return CKR_SLOT_ID_INVALID;
    if (!out) return CKR_ARGUMENTS_BAD;
    if (!(flags & CKF_SERIAL_SESSION)) return CKR_SESSION_PARALLEL_NOT_SUPPORTED;
    if (!sk_slot_present(slot)) return CKR_TOKEN_NOT_PRESENT;
    if (!sk.slots[slot].token.initialized) return CKR_TOKEN_NOT_RECOGNIZED;
    if (!(flags & CKF_RW_SESSION) && sk.slots[slot].login_user == (int)CKU_SO) return CKR_SESSION_READ_WRITE_SO_EXISTS;
    for (CK_ULONG i = 1; i <= SK_MAX_SESSIONS; i++) {
        if (!sk.sessions[i].used) {
            memset(&sk.sessions[i], 0, sizeof sk.sessions[i]);
            sk.sessions[i].used = 1;
            sk.sessions[i].slot = slot;
            sk.sessions[i].flags = flags & (CKF_RW_SESSION | CKF_SERIAL_SESSION);
            *out = i;
            return CKR_OK;
        }
    }
    return CKR_SESSION_COUNT;
}
static CK_RV c_open_session(CK_SLOT_ID s, CK_FLAGS f, CK_VOID_PTR app, CK_VOID_PTR notify, CK_SESSION_HANDLE *out) {
    (void)app;
    (void)notify;
    LOCKED_CALL(open_session(s, f, out));
}

static CK_RV close_session(CK_SESSION_HANDLE h) {
    if (h == 0 || h > SK_MAX_SESSIONS || !sk.sessions[h].used) return CKR_SESSION_HANDLE_INVALID;
    CK_SLOT_ID slot = sk.sessions[h].slot;
    sk_objects_drop_session(h);
    session_reset(&sk.sessions[h]);
    if (slot_session_count(slot, 0, 0) == 0) sk.slots[slot].login_user = -1;
    return CKR_OK;
}
static CK_RV c_close_session(CK_SESSION_HANDLE h) { LOCKED_CALL(close_session(h)); }

static CK_RV close_all(CK_SLOT_ID slot) {
    if (slot >= sk.slot_count) return CKR_SLOT_ID_INVALID;
    close_slot_sessions(slot);
    sk.slots[slot].login_user = -1;
    return CKR_OK;
}
static CK_RV c_close_all_sessions(CK_SLOT_ID s) { LOCKED_CALL(close_all(s)); }

static CK_RV session_info(CK_SESSION_HANDLE h, CK_SESSION_INFO *info) {
    struct sk_session *s;
    CK_RV rv = sk_session_get(h, &s);
    if (rv != CKR_OK) return rv;
    if (!info) return CKR_ARGUMENTS_BAD;
    int rw = (s->flags & CKF_RW_SESSION) != 0, who = sk.slots[s->slot].login_user;
    info->slotID = s->slot;
    info->flags = s->flags;
    info->ulDeviceError = 0;
    info->state = who == (int)CKU_SO ? CKS_RW_SO_FUNCTIONS
                : who == (int)CKU_USER ? (rw ? CKS_RW_USER_FUNCTIONS : CKS_RO_USER_FUNCTIONS)
                : (rw ? CKS_RW_PUBLIC_SESSION : CKS_RO_PUBLIC_SESSION);
    return CKR_OK;
}
static CK_RV c_get_session_info(CK_SESSION_HANDLE h, CK_SESSION_INFO *i) { LOCKED_CALL(session_info(h, i)); }

static CK_RV login(CK_SESSION_HANDLE h, CK_USER_TYPE user, CK_BYTE_PTR pin, CK_ULONG len) {
    struct sk_session *s;
    CK_RV rv = sk_session_get(h, &s);
    if (rv != CKR_OK) return rv;
    if (user != CKU_SO && user != CKU_USER) return CKR_USER_TYPE_INVALID;
    struct sk_slot *slot = &sk.slots[s->slot];
    if (slot->login_user == (int)user) return CKR_USER_ALREADY_LOGGED_IN;
    if (slot->login_user >= 0) return CKR_USER_ANOTHER_ALREADY_LOGGED_IN;
    if (user == CKU_USER && !slot->token.user_pin_set) return CKR_USER_PIN_NOT_INITIALIZED;
    if (user == CKU_SO && slot_session_count(s->slot, 0, 1) > 0) return CKR_SESSION_READ_ONLY_EXISTS;
    rv = check_pin(s->slot, user == CKU_SO, pin, len);
    if (rv == CKR_OK) slot->login_user = (int)user;
    return rv;
}
static CK_RV c_login(CK_SESSION_HANDLE h, CK_USER_TYPE u, CK_BYTE_PTR p, CK_ULONG l) { LOCKED_CALL(login(h, u, p, l)); }

static CK_RV logout(CK_SESSION_HANDLE h) {
    struct sk_session *s;
    CK_RV rv = sk_session_get(h, &s);
    if (rv != CKR_OK) return rv;
    if (sk.slots[s->slot].login_user < 0) return CKR_USER_NOT_LOGGED_IN;
    sk.slots[s->slot].login_user = -1;
    return CKR_OK;
}
static CK_RV c_logout(CK_SESSION_HANDLE h) { LOCKED_CALL(logout(h)); }

static CK_RV random_bytes(CK_SESSION_HANDLE h, CK_BYTE_PTR out, CK_ULONG len) {
    struct sk_session *s;
    CK_RV rv = sk_session_get(h, &s);
    if (rv != CKR_OK) return rv;
    if (!out && len) return CKR_ARGUMENTS_BAD;
    return len == 0 || RAND_bytes(out, (int)len) == 1 ? CKR_OK : CKR_FUNCTION_FAILED;
}
static CK_RV c_generate_random(CK_SESSION_HANDLE h, CK_BYTE_PTR o, CK_ULONG l) { LOCKED_CALL(random_bytes(h, o, l)); }

static CK_RV seed_random(CK_SESSION_HANDLE h, CK_BYTE_PTR seed, CK_ULONG len) {
    struct sk_session *s;
    CK_RV rv = sk_session_get(h, &s);
    if (rv != CKR_OK) return rv;
    if (!seed && len) return CKR_ARGUMENTS_BAD;
    RAND_add(seed, (int)len, 0.0);
    return CKR_OK;
}
static CK_RV c_seed_random(CK_SESSION_HANDLE h, CK_BYTE_PTR s, CK_ULONG l) { LOCKED_CALL(seed_random(h, s, l)); }

static CK_RV not_supported(void) { return CKR_FUNCTION_NOT_SUPPORTED; }

/* mech.c and store.c entry points */
CK_RV c_create_object(CK_SESSION_HANDLE, CK_ATTRIBUTE *, CK_ULONG, CK_OBJECT_HANDLE *);
CK_RV c_destroy_object(CK_SESSION_HANDLE, CK_OBJECT_HANDLE);
CK_RV c_get_attribute_value(CK_SESSION_HANDLE, CK_OBJECT_HANDLE, CK_ATTRIBUTE *, CK_ULONG);
CK_RV c_set_attribute_value(CK_SESSION_HANDLE, CK_OBJECT_HANDLE, CK_ATTRIBUTE *, CK_ULONG);
CK_RV c_find_objects_init(CK_SESSION_HANDLE, CK_ATTRIBUTE *, CK_ULONG);
CK_RV c_find_objects(CK_SESSION_HANDLE, CK_OBJECT_HANDLE *, CK_ULONG, CK_ULONG_PTR);
CK_RV c_find_objects_final(CK_SESSION_HANDLE);
CK_RV c_encrypt_init(CK_SESSION_HANDLE, CK_MECHANISM *, CK_OBJECT_HANDLE);
CK_RV c_encrypt(CK_SESSION_HANDLE, CK_BYTE_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG_PTR);
CK_RV c_decrypt_init(CK_SESSION_HANDLE, CK_MECHANISM *, CK_OBJECT_HANDLE);
CK_RV c_decrypt(CK_SESSION_HANDLE, CK_BYTE_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG_PTR);
CK_RV c_digest_init(CK_SESSION_HANDLE, CK_MECHANISM *);
CK_RV c_digest(CK_SESSION_HANDLE, CK_BYTE_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG_PTR);
CK_RV c_digest_update(CK_SESSION_HANDLE, CK_BYTE_PTR, CK_ULONG);
CK_RV c_digest_final(CK_SESSION_HANDLE, CK_BYTE_PTR, CK_ULONG_PTR);
CK_RV c_sign_init(CK_SESSION_HANDLE, CK_MECHANISM *, CK_OBJECT_HANDLE);
CK_RV c_sign(CK_SESSION_HANDLE, CK_BYTE_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG_PTR);
CK_RV c_verify_init(CK_SESSION_HANDLE, CK_MECHANISM *, CK_OBJECT_HANDLE);
CK_RV c_verify(CK_SESSION_HANDLE, CK_BYTE_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG);
CK_RV c_generate_key(CK_SESSION_HANDLE, CK_MECHANISM *, CK_ATTRIBUTE *, CK_ULONG, CK_OBJECT_HANDLE *);
CK_RV c_generate_key_pair(CK_SESSION_HANDLE, CK_MECHANISM *, CK_ATTRIBUTE *, CK_ULONG, CK_ATTRIBUTE *, CK_ULONG,
                          CK_OBJECT_HANDLE *, CK_OBJECT_HANDLE *);
CK_RV c_derive_key(CK_SESSION_HANDLE, CK_MECHANISM *, CK_OBJECT_HANDLE, CK_ATTRIBUTE *, CK_ULONG, CK_OBJECT_HANDLE *);

CK_RV C_GetFunctionList(CK_FUNCTION_LIST **list);

static CK_FUNCTION_LIST functions = {
    .version = {2, 40},
    .C_Initialize = c_initialize,
    .C_Finalize = c_finalize,
    .C_GetInfo = c_get_info,
    .C_GetFunctionList = C_GetFunctionList,
    .C_GetSlotList = c_get_slot_list,
    .C_GetSlotInfo = c_get_slot_info,
    .C_GetTokenInfo = c_get_token_info,
    .C_GetMechanismList = c_get_mechanism_list,
    .C_GetMechanismInfo = c_get_mechanism_info,
    .C_InitToken = c_init_token,
    .C_InitPIN = c_init_pin,
    .C_SetPIN = c_set_pin,
    .C_OpenSession = c_open_session,
    .C_CloseSession = c_close_session,
    .C_CloseAllSessions = c_close_all_sessions,
    .C_GetSessionInfo = c_get_session_info,
    .C_GetOperationState = not_supported,
    .C_SetOperationState = not_supported,
    .C_Login = c_login,
    .C_Logout = c_logout,
    .C_CreateObject = c_create_object,
    .C_CopyObject = not_supported,
    .C_DestroyObject = c_destroy_object,
    .C_GetObjectSize = not_supported,
    .C_GetAttributeValue = c_get_attribute_value,
    .C_SetAttributeValue = c_set_attribute_value,
    .C_FindObjectsInit = c_find_objects_init,
    .C_FindObjects = c_find_objects,
    .C_FindObjectsFinal = c_find_objects_final,
    .C_EncryptInit = c_encrypt_init,
    .C_Encrypt = c_encrypt,
    .C_EncryptUpdate = not_supported,
    .C_EncryptFinal = not_supported,
    .C_DecryptInit = c_decrypt_init,
    .C_Decrypt = c_decrypt,
    .C_DecryptUpdate = not_supported,
    .C_DecryptFinal = not_supported,
    .C_DigestInit = c_digest_init,
    .C_Digest = c_digest,
    .C_DigestUpdate = c_digest_update,
    .C_DigestKey = not_supported,
    .C_DigestFinal = c_digest_final,
    .C_SignInit = c_sign_init,
    .C_Sign = c_sign,
    .C_SignUpdate = not_supported,
    .C_SignFinal = not_supported,
    .C_SignRecoverInit = not_supported,
    .C_SignRecover = not_supported,
    .C_VerifyInit = c_verify_init,
    .C_Verify = c_verify,
    .C_VerifyUpdate = not_supported,
    .C_VerifyFinal = not_supported,
    .C_VerifyRecoverInit = not_supported,
    .C_VerifyRecover = not_supported,
    .C_DigestEncryptUpdate = not_supported,
    .C_DecryptDigestUpdate = not_supported,
    .C_SignEncryptUpdate = not_supported,
    .C_DecryptVerifyUpdate = not_supported,
    .C_GenerateKey = c_generate_key,
    .C_GenerateKeyPair = c_generate_key_pair,
    .C_WrapKey = not_supported,
    .C_UnwrapKey = not_supported,
    .C_DeriveKey = c_derive_key,
    .C_SeedRandom = c_seed_random,
    .C_GenerateRandom = c_generate_random,
    .C_GetFunctionStatus = not_supported,
    .C_CancelFunction = not_supported,
    .C_WaitForSlotEvent = not_supported,
};

__attribute__((visibility("default"))) CK_RV C_GetFunctionList(CK_FUNCTION_LIST **list) {
    if (!list) return CKR_ARGUMENTS_BAD;
    *list = &functions;
    return CKR_OK;
}
