/* Internal state of the gmgw soft smart key: profiles, slots, sessions and objects. */
#ifndef GMGW_SOFTKEY_H
#define GMGW_SOFTKEY_H

#include "ck.h"
#include <openssl/evp.h>
#include <pthread.h>

#define SK_MAX_SLOTS 8
#define SK_MAX_SESSIONS 256
#define SK_MAX_OBJECTS 4096
#define SK_MAX_FOUND 4096
#define SK_PIN_MIN 4
#define SK_PIN_MAX 64

/* Vendor constants of one profile; a code of 0 means the token does not offer that mechanism. */
struct sk_profile {
    const char *name;
    CK_ULONG ckk_sm2, ckk_sm4;
    CK_ULONG m_sm2_keygen, m_sm2_sign_e, m_sm2_sign_sm3, m_sm2_encrypt, m_sm3;
    CK_ULONG m_sm4_keygen, m_sm4_ecb, m_sm4_cbc, m_sm2_key_exchange;
    int signature_der; /* 1: DER SEQUENCE{r,s}; 0: r||s, 32 bytes each */
    int ecdh;          /* offers CKM_ECDH1_DERIVE on SM2 keys */
};

struct sk_token {
    int initialized;
    char label[33];
    char serial[17];
    unsigned char so_salt[16], so_hash[32];
    unsigned char user_salt[16], user_hash[32];
    int user_pin_set;
    int user_retries, so_retries;
};

struct sk_slot {
    char dir[4096];
    struct sk_token token;
    int present;          /* last observed presence */
    int login_user;       /* CKU_USER or CKU_SO logged in, -1 none */
};

struct sk_object {
    int used;
    CK_SLOT_ID slot;
    int token_object;
    CK_SESSION_HANDLE owner; /* session of a session object */
    char file[4200];
    CK_ULONG count;
    CK_ATTRIBUTE *attrs;
    EVP_PKEY *pkey; /* cached SM2 key built from the attributes */
};

enum sk_op_kind { OP_FIND, OP_SIGN, OP_VERIFY, OP_ENCRYPT, OP_DECRYPT, OP_DIGEST, OP_COUNT };

struct sk_session {
    int used;
    CK_SLOT_ID slot;
    CK_FLAGS flags;
    int active[OP_COUNT];
    CK_MECHANISM_TYPE mech[OP_COUNT];
    CK_OBJECT_HANDLE key[OP_COUNT];
    unsigned char param[OP_COUNT][256];
    CK_ULONG param_len[OP_COUNT];
    CK_OBJECT_HANDLE *found;
    CK_ULONG found_count, found_pos;
    EVP_MD_CTX *digest;
};

struct sk_state {
    int initialized;
    char store[3800];
    const struct sk_profile *profile;
    CK_ULONG slot_count;
    int user_pin_max, so_pin_max;
    struct sk_slot slots[SK_MAX_SLOTS];
    struct sk_session sessions[SK_MAX_SESSIONS + 1];
    struct sk_object objects[SK_MAX_OBJECTS + 1];
};

extern struct sk_state sk;
extern pthread_mutex_t sk_lock;

/* module.c */
int sk_slot_present(CK_SLOT_ID slot);
CK_RV sk_session_get(CK_SESSION_HANDLE h, struct sk_session **out);
int sk_user_logged_in(CK_SLOT_ID slot);
int sk_save_token(CK_SLOT_ID slot);

/* store.c */
void sk_objects_load(CK_SLOT_ID slot);
void sk_objects_clear_slot(CK_SLOT_ID slot, int delete_files);
void sk_objects_drop_session(CK_SESSION_HANDLE h);
CK_RV sk_object_get(struct sk_session *s, CK_OBJECT_HANDLE h, struct sk_object **out);
CK_ATTRIBUTE *sk_attr(struct sk_object *o, CK_ATTRIBUTE_TYPE type);
int sk_attr_bool(struct sk_object *o, CK_ATTRIBUTE_TYPE type, int dflt);
CK_ULONG sk_attr_ulong(struct sk_object *o, CK_ATTRIBUTE_TYPE type, CK_ULONG dflt);
CK_RV sk_attr_set(struct sk_object *o, CK_ATTRIBUTE_TYPE type, const void *value, CK_ULONG len);
CK_RV sk_object_new(struct sk_session *s, CK_ATTRIBUTE *tmpl, CK_ULONG n, CK_OBJECT_HANDLE *out,
                    struct sk_object **obj);
CK_RV sk_object_commit(struct sk_object *o);
void sk_object_free(struct sk_object *o, int delete_file);
const CK_ATTRIBUTE *sk_tmpl_find(const CK_ATTRIBUTE *t, CK_ULONG n, CK_ATTRIBUTE_TYPE type);

/* mech.c */
int sk_mechanisms(CK_MECHANISM_TYPE *out);
CK_RV sk_mechanism_info(CK_MECHANISM_TYPE m, CK_MECHANISM_INFO *info);
int sk_is_sm2_key(struct sk_object *o);
void sk_sm3(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen, unsigned char out[32]);
extern const unsigned char SK_SM2_OID[10];

/* The soft smart key's two vendor profiles, selected by GMGW_SOFTKEY_PROFILE or profile= in softkey.conf. */
extern const struct sk_profile SK_PROFILE_0X8000, SK_PROFILE_LUNA;

#endif
