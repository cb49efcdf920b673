/*
 * gmgw soft smart key: the object store. Token objects live as one file per object in the slot directory
 * (obj-<random>.obj, mode 0600: a list of attribute type, length, value); session objects only in memory.
 */
#include "softkey.h"

#include <dirent.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const CK_ATTRIBUTE *sk_tmpl_find(const CK_ATTRIBUTE *t, CK_ULONG n, CK_ATTRIBUTE_TYPE type) {
    for (CK_ULONG i = 0; i < n; i++) {
        if (t[i].type == type) return &t[i];
    }
    return NULL;
}

CK_ATTRIBUTE *sk_attr(struct sk_object *o, CK_ATTRIBUTE_TYPE type) {
    for (CK_ULONG i = 0; i < o->count; i++) {
        if (o->attrs[i].type == type) return &o->attrs[i];
    }
    return NULL;
}

int sk_attr_bool(struct sk_object *o, CK_ATTRIBUTE_TYPE type, int dflt) {
    CK_ATTRIBUTE *a = sk_attr(o, type);
    return a && a->ulValueLen == 1 ? *(CK_BBOOL *)a->pValue != 0 : dflt;
}

CK_ULONG sk_attr_ulong(struct sk_object *o, CK_ATTRIBUTE_TYPE type, CK_ULONG dflt) {
    CK_ATTRIBUTE *a = sk_attr(o, type);
    CK_ULONG v;
    if (!a || a->ulValueLen != sizeof v) return dflt;
    memcpy(&v, a->pValue, sizeof v);
    return v;
}

CK_RV sk_attr_set(struct sk_object *o, CK_ATTRIBUTE_TYPE type, const void *value, CK_ULONG len) {
    void *copy = malloc(len ? len : 1);
    if (!copy) return CKR_HOST_MEMORY;
    if (len) memcpy(copy, value, len);
    CK_ATTRIBUTE *a = sk_attr(o, type);
    if (a) {
        OPENSSL_clear_free(a->pValue, a->ulValueLen);
        a->pValue = copy;
        a->ulValueLen = len;
        return CKR_OK;
    }
    CK_ATTRIBUTE *grown = realloc(o->attrs, (o->count + 1) * sizeof *grown);
    if (!grown) { free(copy); return CKR_HOST_MEMORY; }
    o->attrs = grown;
    o->attrs[o->count].type = type;
    o->attrs[o->count].pValue = copy;
    o->attrs[o->count].ulValueLen = len;
    o->count++;
    return CKR_OK;
}

void sk_object_free(struct sk_object *o, int delete_file) {
    if (delete_file && o->token_object && o->file[0]) unlink(o->file);
    for (CK_ULONG i = 0; i < o->count; i++) OPENSSL_clear_free(o->attrs[i].pValue, o->attrs[i].ulValueLen);
    free(o->attrs);
    EVP_PKEY_free(o->pkey);
    memset(o, 0, sizeof *o);
}

static struct sk_object *slot_alloc(CK_OBJECT_HANDLE *h) {
    for (CK_ULONG i = 1; i <= SK_MAX_OBJECTS; i++) {
        if (!sk.objects[i].used) {
            memset(&sk.objects[i], 0, sizeof sk.objects[i]);
            sk.objects[i].used = 1;
            *h = i;
            return &sk.objects[i];
        }
    }
    return NULL;
}

static int read_exact(FILE *f, void *buf, size_t n) { return fread(buf, 1, n, f) == n; }

void sk_objects_load(CK_SLOT_ID slot) {
    DIR *d = opendir(sk.slots[slot].dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (strncmp(e->d_name, "obj-", 4) != 0 || l < 8 || strcmp(e->d_name + l - 4, ".obj") != 0) continue;
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", sk.slots[slot].dir, e->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        CK_OBJECT_HANDLE h;
        struct sk_object *o = slot_alloc(&h);
        if (!o) { fclose(f); break; }
        o->slot = slot;
        o->token_object = 1;
        snprintf(o->file, sizeof o->file, "%s", path);
        CK_ULONG count;
        int ok = read_exact(f, &count, sizeof count) && count < 256;
        for (CK_ULONG i = 0; ok && i < count; i++) {
            CK_ULONG type, len;
            ok = read_exact(f, &type, sizeof type) && read_exact(f, &len, sizeof len) && len < 65536;
            unsigned char *buf = ok ? malloc(len ? len : 1) : NULL;
            ok = ok && buf && read_exact(f, buf, len) && sk_attr_set(o, type, buf, len) == CKR_OK;
            if (buf) OPENSSL_clear_free(buf, len ? len : 1);
        }
        fclose(f);
        if (!ok) sk_object_free(o, 0); /* a damaged file is skipped, never deleted */
    }
    closedir(d);
}

void sk_objects_clear_slot(CK_SLOT_ID slot, int delete_files) {
    for (CK_ULONG i = 1; i <= SK_MAX_OBJECTS; i++) {
        if (sk.objects[i].used && sk.objects[i].slot == slot) sk_object_free(&sk.objects[i], delete_files);
    }
}

void sk_objects_drop_session(CK_SESSION_HANDLE h) {
    for (CK_ULONG i = 1; i <= SK_MAX_OBJECTS; i++) {
        struct sk_object *o = &sk.objects[i];
        if (o->used && !o->token_object && o->owner == h) sk_object_free(o, 0);
    }
}

static int visible(struct sk_session *s, struct sk_object *o) {
    return o->used && o->slot == s->slot && (!sk_attr_bool(o, CKA_PRIVATE, 0) || sk_user_logged_in(s->slot));
}

CK_RV sk_object_get(struct sk_session *s, CK_OBJECT_HANDLE h, struct sk_object **out) {
    if (h == 0 || h > SK_MAX_OBJECTS || !visible(s, &sk.objects[h])) return CKR_OBJECT_HANDLE_INVALID;
    *out = &sk.objects[h];
    return CKR_OK;
}

CK_RV sk_object_commit(struct sk_object *o) {
    if (!o->token_object) return CKR_OK;
    if (!o->file[0]) {
        unsigned char r[8];
        char hex[17];
        RAND_bytes(r, sizeof r);
        for (int i = 0; i < 8; i++) sprintf(hex + 2 * i, "%02x", r[i]);
        snprintf(o->file, sizeof o->file, "%s/obj-%s.obj", sk.slots[o->slot].dir, hex);
    }
    char tmp[4210];
    snprintf(tmp, sizeof tmp, "%s.tmp", o->file);
    FILE *f = fopen(tmp, "w");
    if (!f) return CKR_DEVICE_ERROR;
    fchmod(fileno(f), 0600);
    int ok = fwrite(&o->count, sizeof o->count, 1, f) == 1;
    for (CK_ULONG i = 0; ok && i < o->count; i++) {
        ok = fwrite(&o->attrs[i].type, sizeof(CK_ULONG), 1, f) == 1
          && fwrite(&o->attrs[i].ulValueLen, sizeof(CK_ULONG), 1, f) == 1
          && (o->attrs[i].ulValueLen == 0 || fwrite(o->attrs[i].pValue, o->attrs[i].ulValueLen, 1, f) == 1);
    }
    ok = ok && fflush(f) == 0 && fsync(fileno(f)) == 0;
    fclose(f);
    if (!ok || rename(tmp, o->file) != 0) { unlink(tmp); return CKR_DEVICE_ERROR; }
    return CKR_OK;
}

CK_RV sk_object_new(struct sk_session *s, CK_ATTRIBUTE *tmpl, CK_ULONG n, CK_OBJECT_HANDLE *out,
                    struct sk_object **obj) {
    if (n && !tmpl) return CKR_ARGUMENTS_BAD;
    const CK_ATTRIBUTE *t = sk_tmpl_find(tmpl, n, CKA_TOKEN);
    int token = t && t->ulValueLen == 1 && *(CK_BBOOL *)t->pValue;
    const CK_ATTRIBUTE *p = sk_tmpl_find(tmpl, n, CKA_PRIVATE);
    int priv = p && p->ulValueLen == 1 && *(CK_BBOOL *)p->pValue;
    if (token && !(s->flags & CKF_RW_SESSION)) return CKR_SESSION_READ_ONLY;
    if ((token || priv) && !sk_user_logged_in(s->slot)) return CKR_USER_NOT_LOGGED_IN;
    CK_OBJECT_HANDLE h;
    struct sk_object *o = slot_alloc(&h);
    if (!o) return CKR_DEVICE_MEMORY;
    o->slot = s->slot;
    o->token_object = token;
    o->owner = (CK_SESSION_HANDLE)(s - sk.sessions);
    for (CK_ULONG i = 0; i < n; i++) {
        if (!tmpl[i].pValue && tmpl[i].ulValueLen) { sk_object_free(o, 0); return CKR_ATTRIBUTE_VALUE_INVALID; }
        CK_RV rv = sk_attr_set(o, tmpl[i].type, tmpl[i].pValue, tmpl[i].ulValueLen);
        if (rv != CKR_OK) { sk_object_free(o, 0); return rv; }
    }
    *out = h;
    *obj = o;
    return CKR_OK;
}

static CK_BBOOL T = CK_TRUE, F = CK_FALSE;

static CK_RV create_object(CK_SESSION_HANDLE h, CK_ATTRIBUTE *tmpl, CK_ULONG n, CK_OBJECT_HANDLE *out) {
    struct sk_session *s;
    CK_RV rv = sk_session_get(h, &s);
    if (rv != CKR_OK) return rv;
    if (!out) return CKR_ARGUMENTS_BAD;
    const CK_ATTRIBUTE *c = sk_tmpl_find(tmpl, n, CKA_CLASS);
    if (!c || c->ulValueLen != sizeof(CK_ULONG)) return CKR_TEMPLATE_INCOMPLETE;
    CK_ULONG cls;
    memcpy(&cls, c->pValue, sizeof cls);
    if (cls > CKO_SECRET_KEY) return CKR_ATTRIBUTE_VALUE_INVALID;
    const CK_ATTRIBUTE *x = sk_tmpl_find(tmpl, n, CKA_EXTRACTABLE);
    if (cls == CKO_PRIVATE_KEY && x && x->ulValueLen == 1 && *(CK_BBOOL *)x->pValue) {
        return CKR_TEMPLATE_INCONSISTENT; /* GM/T 0027: private keys never leave the key */
    }
    struct sk_object *o;
    rv = sk_object_new(s, tmpl, n, out, &o);
    if (rv != CKR_OK) return rv;
    if (cls == CKO_PRIVATE_KEY || cls == CKO_SECRET_KEY) {
        if (!sk_attr(o, CKA_PRIVATE)) sk_attr_set(o, CKA_PRIVATE, &T, 1);
        if (!sk_attr(o, CKA_SENSITIVE)) sk_attr_set(o, CKA_SENSITIVE, &T, 1);
        if (!sk_attr(o, CKA_EXTRACTABLE)) sk_attr_set(o, CKA_EXTRACTABLE, &F, 1);
        sk_attr_set(o, CKA_LOCAL, &F, 1);
        if (cls == CKO_PRIVATE_KEY) {
            CK_ATTRIBUTE *v = sk_attr(o, CKA_VALUE);
            if (!v || v->ulValueLen != 32 || !sk_is_sm2_key(o)) {
                sk_object_free(o, 0);
                return CKR_TEMPLATE_INCOMPLETE;
            }
            sk_attr_set(o, CKA_SENSITIVE, &T, 1);
            sk_attr_set(o, CKA_EXTRACTABLE, &F, 1);
        }
    }
    if (!sk_attr(o, CKA_PRIVATE)) sk_attr_set(o, CKA_PRIVATE, &F, 1);
    if (!sk_attr(o, CKA_TOKEN)) sk_attr_set(o, CKA_TOKEN, &F, 1);
    rv = sk_object_commit(o);
    if (rv != CKR_OK) sk_object_free(o, 0);
    return rv;
}
CK_RV c_create_object(CK_SESSION_HANDLE h, CK_ATTRIBUTE *t, CK_ULONG n, CK_OBJECT_HANDLE *out) {
    pthread_mutex_lock(&sk_lock);
    CK_RV rv = sk.initialized ? create_object(h, t, n, out) : CKR_CRYPTOKI_NOT_INITIALIZED;
    pthread_mutex_unlock(&sk_lock);
    return rv;
}

static CK_RV destroy_object(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE oh) {
    struct sk_session *s;
    struct sk_object *o;
    CK_RV rv = sk_session_get(h, &s);
    if (rv == CKR_OK) rv = sk_object_get(s, oh, &o);
    if (rv != CKR_OK) return rv;
    if (o->token_object && !(s->flags & CKF_RW_SESSION)) return CKR_SESSION_READ_ONLY;
    sk_object_free(o, 1);
    return CKR_OK;
}
CK_RV c_destroy_object(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o) {
    pthread_mutex_lock(&sk_lock);
    CK_RV rv = sk.initialized ? destroy_object(h, o) : CKR_CRYPTOKI_NOT_INITIALIZED;
    pthread_mutex_unlock(&sk_lock);
    return rv;
}

static int is_secret_value(struct sk_object *o, CK_ATTRIBUTE_TYPE type) {
    CK_ULONG cls = sk_attr_ulong(o, CKA_CLASS, CKO_DATA);
    if (type != CKA_VALUE || (cls != CKO_PRIVATE_KEY && cls != CKO_SECRET_KEY)) return 0;
    return cls == CKO_PRIVATE_KEY || sk_attr_bool(o, CKA_SENSITIVE, 1) || !sk_attr_bool(o, CKA_EXTRACTABLE, 0);
}

static CK_RV get_attribute_value(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE oh, CK_ATTRIBUTE *t, CK_ULONG n) {
    struct sk_session *s;
    struct sk_object *o;
    CK_RV rv = sk_session_get(h, &s);
    if (rv == CKR_OK) rv = sk_object_get(s, oh, &o);
    if (rv != CKR_OK) return rv;
    if (n && !t) return CKR_ARGUMENTS_BAD;
    CK_RV result = CKR_OK;
    for (CK_ULONG i = 0; i < n; i++) {
        CK_ATTRIBUTE *a = sk_attr(o, t[i].type);
        if (is_secret_value(o, t[i].type)) {
            t[i].ulValueLen = CK_UNAVAILABLE_INFORMATION;
            result = CKR_ATTRIBUTE_SENSITIVE;
        } else if (!a) {
            t[i].ulValueLen = CK_UNAVAILABLE_INFORMATION;
            if (result == CKR_OK) result = CKR_ATTRIBUTE_TYPE_INVALID;
        } else if (!t[i].pValue) {
            t[i].ulValueLen = a->ulValueLen;
        } else if (t[i].ulValueLen < a->ulValueLen) {
            t[i].ulValueLen = CK_UNAVAILABLE_INFORMATION;
            if (result == CKR_OK) result = CKR_BUFFER_TOO_SMALL;
        } else {
            memcpy(t[i].pValue, a->pValue, a->ulValueLen);
            t[i].ulValueLen = a->ulValueLen;
        }
    }
    return result;
}
CK_RV c_get_attribute_value(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o, CK_ATTRIBUTE *t, CK_ULONG n) {
    pthread_mutex_lock(&sk_lock);
    CK_RV rv = sk.initialized ? get_attribute_value(h, o, t, n) : CKR_CRYPTOKI_NOT_INITIALIZED;
    pthread_mutex_unlock(&sk_lock);
    return rv;
}

/* Only names may change (CKA_LABEL, CKA_ID, CKA_SUBJECT): usage flags and sensitivity are fixed at creation. */
static CK_RV set_attribute_value(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE oh, CK_ATTRIBUTE *t, CK_ULONG n) {
    struct sk_session *s;
    struct sk_object *o;
    CK_RV rv = sk_session_get(h, &s);
    if (rv == CKR_OK) rv = sk_object_get(s, oh, &o);
    if (rv != CKR_OK) return rv;
    if (n && !t) return CKR_ARGUMENTS_BAD;
    if (o->token_object && !(s->flags & CKF_RW_SESSION)) return CKR_SESSION_READ_ONLY;
    for (CK_ULONG i = 0; i < n; i++) {
        if (t[i].type != CKA_LABEL && t[i].type != CKA_ID && t[i].type != CKA_SUBJECT) return CKR_ATTRIBUTE_READ_ONLY;
        if (!t[i].pValue && t[i].ulValueLen) return CKR_ATTRIBUTE_VALUE_INVALID;
    }
    for (CK_ULONG i = 0; i < n; i++) {
        rv = sk_attr_set(o, t[i].type, t[i].pValue, t[i].ulValueLen);
        if (rv != CKR_OK) return rv;
    }
    return sk_object_commit(o);
}
CK_RV c_set_attribute_value(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o, CK_ATTRIBUTE *t, CK_ULONG n) {
    pthread_mutex_lock(&sk_lock);
    CK_RV rv = sk.initialized ? set_attribute_value(h, o, t, n) : CKR_CRYPTOKI_NOT_INITIALIZED;
    pthread_mutex_unlock(&sk_lock);
    return rv;
}

static CK_RV find_init(CK_SESSION_HANDLE h, CK_ATTRIBUTE *t, CK_ULONG n) {
    struct sk_session *s;
    CK_RV rv = sk_session_get(h, &s);
    if (rv != CKR_OK) return rv;
    if (n && !t) return CKR_ARGUMENTS_BAD;
    if (s->active[OP_FIND]) return CKR_OPERATION_ACTIVE;
    s->found = calloc(SK_MAX_FOUND, sizeof *s->found);
    if (!s->found) return CKR_HOST_MEMORY;
    s->found_count = s->found_pos = 0;
    for (CK_ULONG i = 1; i <= SK_MAX_OBJECTS; i++) {
        struct sk_object *o = &sk.objects[i];
        if (!visible(s, o)) continue;
        int match = 1;
        for (CK_ULONG j = 0; match && j < n; j++) {
            CK_ATTRIBUTE *a = sk_attr(o, t[j].type);
            match = a && a->ulValueLen == t[j].ulValueLen
                 && (a->ulValueLen == 0 || memcmp(a->pValue, t[j].pValue, a->ulValueLen) == 0);
        }
        if (match) s->found[s->found_count++] = i;
    }
    s->active[OP_FIND] = 1;
    return CKR_OK;
}
CK_RV c_find_objects_init(CK_SESSION_HANDLE h, CK_ATTRIBUTE *t, CK_ULONG n) {
    pthread_mutex_lock(&sk_lock);
    CK_RV rv = sk.initialized ? find_init(h, t, n) : CKR_CRYPTOKI_NOT_INITIALIZED;
    pthread_mutex_unlock(&sk_lock);
    return rv;
}

static CK_RV find(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE *out, CK_ULONG max, CK_ULONG_PTR count) {
    struct sk_session *s;
    CK_RV rv = sk_session_get(h, &s);
    if (rv != CKR_OK) return rv;
    if (!s->active[OP_FIND]) return CKR_OPERATION_NOT_INITIALIZED;
    if (!count || (!out && max)) return CKR_ARGUMENTS_BAD;
    CK_ULONG n = 0;
    while (n < max && s->found_pos < s->found_count) out[n++] = s->found[s->found_pos++];
    *count = n;
    return CKR_OK;
}
CK_RV c_find_objects(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE *o, CK_ULONG m, CK_ULONG_PTR c) {
    pthread_mutex_lock(&sk_lock);
    CK_RV rv = sk.initialized ? find(h, o, m, c) : CKR_CRYPTOKI_NOT_INITIALIZED;
    pthread_mutex_unlock(&sk_lock);
    return rv;
}

static CK_RV find_final(CK_SESSION_HANDLE h) {
    struct sk_session *s;
    CK_RV rv = sk_session_get(h, &s);
    if (rv != CKR_OK) return rv;
    if (!s->active[OP_FIND]) return CKR_OPERATION_NOT_INITIALIZED;
    free(s->found);
    s->found = NULL;
    s->active[OP_FIND] = 0;
    return CKR_OK;
}
CK_RV c_find_objects_final(CK_SESSION_HANDLE h) {
    pthread_mutex_lock(&sk_lock);
    CK_RV rv = sk.initialized ? find_final(h) : CKR_CRYPTOKI_NOT_INITIALIZED;
    pthread_mutex_unlock(&sk_lock);
    return rv;
}
