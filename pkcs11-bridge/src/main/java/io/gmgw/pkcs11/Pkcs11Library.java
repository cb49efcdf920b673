package io.gmgw.pkcs11;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A PKCS#11 module bound with Java's FFM API: the module's {@code C_GetFunctionList} table is read once and each
 * function gmgw uses becomes a downcall handle. Layouts are those of Linux x86-64 (CK_ULONG = 8 bytes, natural
 * alignment; CK_FUNCTION_LIST entries 8 bytes apart after the padded version). Every non-OK CK_RV becomes a
 * {@link Pkcs11Exception} naming the function. Thread-safe as far as the module is (it is initialised with
 * CKF_OS_LOCKING_OK).
 *
 * <p>The module is native code trusted with keys, not with the JVM's memory: every length it reports (slot and
 * mechanism counts, attribute values, object handles, output lengths) is checked against a bound before anything is
 * allocated for it and against the buffer it was given after the call, and a module that breaks a bound is a
 * {@link Pkcs11Exception} naming the function and the length, never an OutOfMemoryError. After {@link #close()} the
 * library is unloaded and every call is a {@link Pkcs11Exception} instead of a jump into unmapped code; close waits
 * for calls in progress.
 */
public final class Pkcs11Library implements AutoCloseable {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final ValueLayout.OfLong ULONG = ValueLayout.JAVA_LONG;
    private static final AddressLayout PTR = ValueLayout.ADDRESS;
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

    // Offsets in CK_FUNCTION_LIST (PKCS#11 2.40 §5.2 order).
    private static final long INITIALIZE = 8, FINALIZE = 16, GET_INFO = 24, GET_SLOT_LIST = 40, GET_SLOT_INFO = 48,
            GET_TOKEN_INFO = 56, GET_MECHANISM_LIST = 64, GET_MECHANISM_INFO = 72, INIT_TOKEN = 80, INIT_PIN = 88,
            SET_PIN = 96, OPEN_SESSION = 104, CLOSE_SESSION = 112, CLOSE_ALL_SESSIONS = 120, GET_SESSION_INFO = 128,
            LOGIN = 152, LOGOUT = 160, CREATE_OBJECT = 168, DESTROY_OBJECT = 184, GET_ATTRIBUTE_VALUE = 200,
            SET_ATTRIBUTE_VALUE = 208, FIND_OBJECTS_INIT = 216, FIND_OBJECTS = 224, FIND_OBJECTS_FINAL = 232,
            ENCRYPT_INIT = 240, ENCRYPT = 248, DECRYPT_INIT = 272, DECRYPT = 280, DIGEST_INIT = 304, DIGEST = 312,
            SIGN_INIT = 344, SIGN = 352, VERIFY_INIT = 392, VERIFY = 400, GENERATE_KEY = 472,
            GENERATE_KEY_PAIR = 480, DERIVE_KEY = 504, GENERATE_RANDOM = 520;
    private static final long FUNCTION_LIST_SIZE = 552;

    /** Bounds on what a module may report (see the class comment). Generous for any real token, far below harm. */
    static final long MAX_SLOTS = 4096, MAX_MECHANISMS = 4096, MAX_OBJECTS = 65_536,
            MAX_ATTRIBUTE_LENGTH = 1 << 20, MAX_OUTPUT_LENGTH = 1 << 16;
    private static final int FIND_BATCH = 64;
    /** The soft smart key's store call (module.c). */
    static final String SOFT_KEY_SET_STORE = "gmgw_softkey_set_store";

    private final Path path;
    private final Arena arena;
    private final MemorySegment functions;
    private final MethodHandle cInitialize, cFinalize, cGetInfo, cGetSlotList, cGetSlotInfo, cGetTokenInfo,
            cGetMechanismList, cGetMechanismInfo, cInitToken, cInitPin, cSetPin, cOpenSession, cCloseSession,
            cCloseAllSessions, cGetSessionInfo, cLogin, cLogout, cCreateObject, cDestroyObject, cGetAttributeValue,
            cSetAttributeValue, cFindObjectsInit, cFindObjects, cFindObjectsFinal, cEncryptInit, cEncrypt,
            cDecryptInit, cDecrypt, cDigestInit, cDigest, cSignInit, cSign, cVerifyInit, cVerify, cGenerateKey,
            cGenerateKeyPair, cDeriveKey, cGenerateRandom;
    /** gmgw's soft smart key's own call (docs/pkcs11.md), null for every other module. */
    private final MethodHandle softKeySetStore;
    private volatile boolean initialized;
    /** Calls hold the read lock; {@link #close()} takes the write lock, so it never unloads under a running call. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lifecycle

    /** A call in progress: holds the read lock until closed. */
    private final class Call implements AutoCloseable {
        @Override
        public void close() {
            lifecycle.readLock().unlock();
        }
    }

    private Pkcs11Library(Path path) {
        this(path, Arena.ofShared(), null);
    }

    /**
     * Binds {@code functionList} (a CK_FUNCTION_LIST) whose code stays valid while {@code arena} is open; the library
     * closes the arena. With a null list, the module at {@code path} is loaded into {@code arena} and asked for its
     * list (C_GetFunctionList).
     */
    private Pkcs11Library(Path path, Arena arena, MemorySegment functionList) {
        this.path = path;
        this.arena = arena;
        MethodHandle setStore = null;
        try {
            if (functionList != null) {
                functions = functionList.reinterpret(FUNCTION_LIST_SIZE);
            } else {
                SymbolLookup lookup = SymbolLookup.libraryLookup(path, arena);
                setStore = lookup.find(SOFT_KEY_SET_STORE).map(a -> LINKER.downcallHandle(a,
                        FunctionDescriptor.of(ULONG, PTR))).orElse(null);
                MemorySegment getFunctionList = lookup.find("C_GetFunctionList").orElseThrow(() ->
                        new Pkcs11LoadException(path + " is not a PKCS#11 module: it has no C_GetFunctionList symbol"));
                MethodHandle gfl = LINKER.downcallHandle(getFunctionList, FunctionDescriptor.of(ULONG, PTR));
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment out = a.allocate(PTR);
                    long rv = (long) gfl.invokeExact(out);
                    check("C_GetFunctionList", rv);
                    MemorySegment list = out.get(PTR, 0);
                    if (list.equals(MemorySegment.NULL)) {
                        throw new Pkcs11LoadException(path + " returned no function list from C_GetFunctionList");
                    }
                    functions = list.reinterpret(FUNCTION_LIST_SIZE);
                }
            }
        } catch (IllegalArgumentException e) {
            arena.close();
            throw new Pkcs11LoadException("cannot load PKCS#11 module " + path + ": " + e.getMessage()
                    + " (check the path, that it is a 64-bit Linux library and that its dependencies are installed)", e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new Pkcs11LoadException("cannot load PKCS#11 module " + path + ": " + t, t);
        }
        softKeySetStore = setStore;
        cInitialize = fn(INITIALIZE, PTR);
        cFinalize = fn(FINALIZE, PTR);
        cGetInfo = fn(GET_INFO, PTR);
        cGetSlotList = fn(GET_SLOT_LIST, BYTE, PTR, PTR);
        cGetSlotInfo = fn(GET_SLOT_INFO, ULONG, PTR);
        cGetTokenInfo = fn(GET_TOKEN_INFO, ULONG, PTR);
        cGetMechanismList = fn(GET_MECHANISM_LIST, ULONG, PTR, PTR);
        cGetMechanismInfo = fn(GET_MECHANISM_INFO, ULONG, ULONG, PTR);
        cInitToken = fn(INIT_TOKEN, ULONG, PTR, ULONG, PTR);
        cInitPin = fn(INIT_PIN, ULONG, PTR, ULONG);
        cSetPin = fn(SET_PIN, ULONG, PTR, ULONG, PTR, ULONG);
        cOpenSession = fn(OPEN_SESSION, ULONG, ULONG, PTR, PTR, PTR);
        cCloseSession = fn(CLOSE_SESSION, ULONG);
        cCloseAllSessions = fn(CLOSE_ALL_SESSIONS, ULONG);
        cGetSessionInfo = fn(GET_SESSION_INFO, ULONG, PTR);
        cLogin = fn(LOGIN, ULONG, ULONG, PTR, ULONG);
        cLogout = fn(LOGOUT, ULONG);
        cCreateObject = fn(CREATE_OBJECT, ULONG, PTR, ULONG, PTR);
        cDestroyObject = fn(DESTROY_OBJECT, ULONG, ULONG);
        cGetAttributeValue = fn(GET_ATTRIBUTE_VALUE, ULONG, ULONG, PTR, ULONG);
        cSetAttributeValue = fn(SET_ATTRIBUTE_VALUE, ULONG, ULONG, PTR, ULONG);
        cFindObjectsInit = fn(FIND_OBJECTS_INIT, ULONG, PTR, ULONG);
        cFindObjects = fn(FIND_OBJECTS, ULONG, PTR, ULONG, PTR);
        cFindObjectsFinal = fn(FIND_OBJECTS_FINAL, ULONG);
        cEncryptInit = fn(ENCRYPT_INIT, ULONG, PTR, ULONG);
        cEncrypt = fn(ENCRYPT, ULONG, PTR, ULONG, PTR, PTR);
        cDecryptInit = fn(DECRYPT_INIT, ULONG, PTR, ULONG);
        cDecrypt = fn(DECRYPT, ULONG, PTR, ULONG, PTR, PTR);
        cDigestInit = fn(DIGEST_INIT, ULONG, PTR);
        cDigest = fn(DIGEST, ULONG, PTR, ULONG, PTR, PTR);
        cSignInit = fn(SIGN_INIT, ULONG, PTR, ULONG);
        cSign = fn(SIGN, ULONG, PTR, ULONG, PTR, PTR);
        cVerifyInit = fn(VERIFY_INIT, ULONG, PTR, ULONG);
        cVerify = fn(VERIFY, ULONG, PTR, ULONG, PTR, ULONG);
        cGenerateKey = fn(GENERATE_KEY, ULONG, PTR, PTR, ULONG, PTR);
        cGenerateKeyPair = fn(GENERATE_KEY_PAIR, ULONG, PTR, PTR, ULONG, PTR, ULONG, PTR, PTR);
        cDeriveKey = fn(DERIVE_KEY, ULONG, PTR, ULONG, PTR, ULONG, PTR);
        cGenerateRandom = fn(GENERATE_RANDOM, ULONG, PTR, ULONG);
    }

    /** Loads a module (does not initialise it). */
    public static Pkcs11Library load(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new Pkcs11LoadException("PKCS#11 module " + path + " does not exist; give the path of the vendor's .so"
                    + " (module-path=... in the pkcs11: URI or --module)");
        }
        return new Pkcs11Library(path.toAbsolutePath().normalize());
    }

    /**
     * A library over a function table built in this process (the tests' misbehaving modules, made of upcalls), named
     * {@code name} in messages. Not initialised.
     */
    static Pkcs11Library bind(Path name, Arena arena, MemorySegment functionList) {
        return new Pkcs11Library(name, arena, functionList);
    }

    public Path path() {
        return path;
    }

    /** Starts a call: fails with a clear exception once the library is closed, else holds it open until the call ends. */
    private Call enter() {
        lifecycle.readLock().lock();
        if (closed) {
            lifecycle.readLock().unlock();
            throw new Pkcs11Exception("C_*", CkRv.CRYPTOKI_NOT_INITIALIZED, "the PKCS#11 module " + path + " was closed"
                    + " and unloaded; a token, key or session of it was used afterwards. Open the module again"
                    + " (Pkcs11Module.open) and find the key anew", true) {
                private static final long serialVersionUID = 1L;
            };
        }
        return new Call();
    }

    /** A length the module reported: refused past {@code max} (CK_ULONG is unsigned: huge values read negative). */
    private long bounded(String function, String what, long reported, long max) {
        if (Long.compareUnsigned(reported, max) > 0) {
            throw Pkcs11Exception.moduleFault(function, "the PKCS#11 module " + path + " reported " + what + " of "
                    + Long.toUnsignedString(reported) + ", more than the " + max + " gmgw accepts: the module is faulty"
                    + " (or not built for 64-bit Linux, where CK_ULONG has 8 bytes); report it to its vendor");
        }
        return reported;
    }

    /** After a call that filled {@code capacity} units: the count the module wrote back must fit in them. */
    private long filled(String function, String what, long reported, long capacity) {
        if (Long.compareUnsigned(reported, capacity) > 0) {
            throw Pkcs11Exception.moduleFault(function, "the PKCS#11 module " + path + " reported " + what + " of "
                    + Long.toUnsignedString(reported) + " after being given room for " + capacity + ": the module is"
                    + " faulty; report it to its vendor");
        }
        return reported;
    }

    private MethodHandle fn(long offset, java.lang.foreign.MemoryLayout... args) {
        MemorySegment address = functions.get(PTR, offset);
        if (address.equals(MemorySegment.NULL)) {
            return null;
        }
        return LINKER.downcallHandle(address, FunctionDescriptor.of(ULONG, args));
    }

    private static void check(String function, long rv) {
        if (rv != CkRv.OK) {
            throw new Pkcs11Exception(function, rv);
        }
    }

    private static MethodHandle need(MethodHandle h, String name) {
        if (h == null) {
            throw new Pkcs11Exception(name, CkRv.FUNCTION_NOT_SUPPORTED);
        }
        return h;
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    // ---- general ----

    /**
     * Points gmgw's soft smart key at the store directory {@code store} for its next C_Initialize (null: back to
     * {@code GMGW_SOFTKEY_DIR}, then {@code /var/lib/gmgw/softkey}). PKCS#11 gives C_Initialize no module-specific
     * argument, so the soft key exports this call; other modules do not have it, and for them nothing is done.
     *
     * @return false when this module is not the soft smart key
     * @throws Pkcs11Exception CKR_CRYPTOKI_ALREADY_INITIALIZED while the module is initialised (in this process)
     */
    public boolean configureSoftKeyStore(Path store) {
        if (softKeySetStore == null) {
            return false;
        }
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            MemorySegment dir = store == null ? MemorySegment.NULL
                    : a.allocateFrom(store.toAbsolutePath().normalize().toString());
            check(SOFT_KEY_SET_STORE, (long) softKeySetStore.invokeExact(dir));
            return true;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** C_Initialize with CKF_OS_LOCKING_OK: the module may be called from many threads. */
    public void initialize() {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            MemorySegment args = a.allocate(48, 8);
            args.set(ULONG, 32, Ck.CKF_OS_LOCKING_OK);
            long rv = (long) cInitialize.invokeExact(args);
            check("C_Initialize", rv);
            initialized = true;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void finalizeModule() {
        try (Call _ = enter()) {
            long rv = (long) cFinalize.invokeExact(MemorySegment.NULL);
            initialized = false;
            check("C_Finalize", rv);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public boolean initialized() {
        return initialized;
    }

    public ModuleInfo info() {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            MemorySegment i = a.allocate(88, 8);
            long rv = (long) cGetInfo.invokeExact(i);
            check("C_GetInfo", rv);
            return new ModuleInfo(version(i, 0), text(i, 2, 32), text(i, 48, 32), version(i, 80));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public long[] slots(boolean tokenPresent) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            MemorySegment count = a.allocate(ULONG);
            for (int attempt = 0; ; attempt++) {
                long rv = (long) cGetSlotList.invokeExact((byte) (tokenPresent ? 1 : 0), MemorySegment.NULL, count);
                check("C_GetSlotList", rv);
                long n = bounded("C_GetSlotList", "a slot count", count.get(ULONG, 0), MAX_SLOTS);
                MemorySegment list = a.allocate(ULONG, Math.max(1, n));
                count.set(ULONG, 0, n);
                rv = (long) cGetSlotList.invokeExact((byte) (tokenPresent ? 1 : 0), list, count);
                if (rv == CkRv.BUFFER_TOO_SMALL && attempt < 3) {
                    continue; // a slot appeared in between
                }
                check("C_GetSlotList", rv);
                return list.asSlice(0, filled("C_GetSlotList", "a slot count", count.get(ULONG, 0), n) * 8)
                        .toArray(ULONG);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public SlotInfo slotInfo(long slot) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            MemorySegment i = a.allocate(112, 8);
            long rv = (long) cGetSlotInfo.invokeExact(slot, i);
            check("C_GetSlotInfo", rv);
            return new SlotInfo(slot, text(i, 0, 64), text(i, 64, 32), i.get(ULONG, 96));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public TokenInfo tokenInfo(long slot) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            MemorySegment i = a.allocate(208, 8);
            long rv = (long) cGetTokenInfo.invokeExact(slot, i);
            check("C_GetTokenInfo", rv);
            return new TokenInfo(slot, text(i, 0, 32), text(i, 32, 32), text(i, 64, 16), text(i, 80, 16),
                    i.get(ULONG, 96), i.get(ULONG, 112), i.get(ULONG, 104), i.get(ULONG, 144), i.get(ULONG, 136));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public long[] mechanisms(long slot) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            MemorySegment count = a.allocate(ULONG);
            long rv = (long) cGetMechanismList.invokeExact(slot, MemorySegment.NULL, count);
            check("C_GetMechanismList", rv);
            long n = bounded("C_GetMechanismList", "a mechanism count", count.get(ULONG, 0), MAX_MECHANISMS);
            MemorySegment list = a.allocate(ULONG, Math.max(1, n));
            count.set(ULONG, 0, n);
            rv = (long) cGetMechanismList.invokeExact(slot, list, count);
            check("C_GetMechanismList", rv);
            return list.asSlice(0, filled("C_GetMechanismList", "a mechanism count", count.get(ULONG, 0), n) * 8)
                    .toArray(ULONG);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public MechanismInfo mechanismInfo(long slot, long mechanism) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            MemorySegment i = a.allocate(24, 8);
            long rv = (long) cGetMechanismInfo.invokeExact(slot, mechanism, i);
            check("C_GetMechanismInfo", rv);
            return new MechanismInfo(mechanism, i.get(ULONG, 0), i.get(ULONG, 8), i.get(ULONG, 16));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- tokens, PINs, sessions ----

    /** C_InitToken: wipes the token and sets its SO PIN (first time) or checks it; the label is padded to 32 bytes. */
    public void initToken(long slot, char[] soPin, String label) {
        byte[] l = label.getBytes(StandardCharsets.UTF_8);
        if (l.length > 32) {
            throw new IllegalArgumentException("a token label has at most 32 bytes: " + label);
        }
        byte[] padded = new byte[32];
        Arrays.fill(padded, (byte) ' ');
        System.arraycopy(l, 0, padded, 0, l.length);
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            MemorySegment pin = secret(a, soPin);
            try {
                long rv = (long) need(cInitToken, "C_InitToken").invokeExact(slot, pin, pin.byteSize(),
                        a.allocateFrom(BYTE, padded));
                check("C_InitToken", rv);
            } finally {
                pin.fill((byte) 0);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** C_InitPIN (needs the SO logged in): sets the user PIN and resets its retry counter. */
    public void initPin(long session, char[] userPin) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            MemorySegment pin = secret(a, userPin);
            try {
                long rv = (long) need(cInitPin, "C_InitPIN").invokeExact(session, pin, pin.byteSize());
                check("C_InitPIN", rv);
            } finally {
                pin.fill((byte) 0);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void setPin(long session, char[] oldPin, char[] newPin) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            MemorySegment o = secret(a, oldPin);
            MemorySegment n = secret(a, newPin);
            try {
                long rv = (long) need(cSetPin, "C_SetPIN").invokeExact(session, o, o.byteSize(), n, n.byteSize());
                check("C_SetPIN", rv);
            } finally {
                o.fill((byte) 0);
                n.fill((byte) 0);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public long openSession(long slot, boolean readWrite) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            MemorySegment h = a.allocate(ULONG);
            long flags = Ck.CKF_SERIAL_SESSION | (readWrite ? Ck.CKF_RW_SESSION : 0);
            long rv = (long) cOpenSession.invokeExact(slot, flags, MemorySegment.NULL, MemorySegment.NULL, h);
            check("C_OpenSession", rv);
            return h.get(ULONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void closeSession(long session) {
        try (Call _ = enter()) {
            long rv = (long) cCloseSession.invokeExact(session);
            check("C_CloseSession", rv);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void closeAllSessions(long slot) {
        try (Call _ = enter()) {
            long rv = (long) cCloseAllSessions.invokeExact(slot);
            check("C_CloseAllSessions", rv);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public SessionInfo sessionInfo(long session) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            MemorySegment i = a.allocate(32, 8);
            long rv = (long) cGetSessionInfo.invokeExact(session, i);
            check("C_GetSessionInfo", rv);
            return new SessionInfo(i.get(ULONG, 0), i.get(ULONG, 8), i.get(ULONG, 16), i.get(ULONG, 24));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** C_Login; the PIN is copied to native memory as UTF-8 and wiped there after the call. */
    public void login(long session, long userType, char[] pin) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            MemorySegment p = secret(a, pin);
            try {
                long rv = (long) cLogin.invokeExact(session, userType, p, p.byteSize());
                check("C_Login", rv);
            } finally {
                p.fill((byte) 0);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void logout(long session) {
        try (Call _ = enter()) {
            long rv = (long) cLogout.invokeExact(session);
            check("C_Logout", rv);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- objects ----

    public long createObject(long session, List<Attribute> template) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            MemorySegment h = a.allocate(ULONG);
            long rv = (long) cCreateObject.invokeExact(session, template(a, template), (long) template.size(), h);
            check("C_CreateObject", rv);
            return h.get(ULONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void destroyObject(long session, long object) {
        try (Call _ = enter()) {
            long rv = (long) cDestroyObject.invokeExact(session, object);
            check("C_DestroyObject", rv);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * One attribute's value, or null when the object has no such attribute. A sensitive value is a
     * {@link Pkcs11Exception} with CKR_ATTRIBUTE_SENSITIVE.
     */
    public byte[] attribute(long session, long object, long type) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            MemorySegment attr = a.allocate(24, 8);
            attr.set(ULONG, 0, type);
            attr.set(PTR, 8, MemorySegment.NULL);
            long rv = (long) cGetAttributeValue.invokeExact(session, object, attr, 1L);
            long len = attr.get(ULONG, 16);
            if (rv == CkRv.ATTRIBUTE_TYPE_INVALID || (rv == CkRv.OK && len == Ck.UNAVAILABLE)) {
                return null;
            }
            check("C_GetAttributeValue", rv);
            String what = "an attribute value length (attribute 0x" + Long.toHexString(type) + ")";
            bounded("C_GetAttributeValue", what, len, MAX_ATTRIBUTE_LENGTH);
            MemorySegment value = a.allocate(Math.max(1, len));
            attr.set(PTR, 8, value);
            attr.set(ULONG, 16, len);
            rv = (long) cGetAttributeValue.invokeExact(session, object, attr, 1L);
            try {
                check("C_GetAttributeValue", rv);
                return value.asSlice(0, filled("C_GetAttributeValue", what, attr.get(ULONG, 16), len)).toArray(BYTE);
            } finally {
                value.fill((byte) 0);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void setAttributes(long session, long object, List<Attribute> template) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            long rv = (long) cSetAttributeValue.invokeExact(session, object, template(a, template), (long) template.size());
            check("C_SetAttributeValue", rv);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public long[] findObjects(long session, List<Attribute> template) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            long rv = (long) cFindObjectsInit.invokeExact(session, template(a, template), (long) template.size());
            check("C_FindObjectsInit", rv);
            List<Long> found = new ArrayList<>();
            try {
                MemorySegment handles = a.allocate(ULONG, FIND_BATCH);
                MemorySegment count = a.allocate(ULONG);
                while (true) {
                    rv = (long) cFindObjects.invokeExact(session, handles, (long) FIND_BATCH, count);
                    check("C_FindObjects", rv);
                    long n = filled("C_FindObjects", "an object count", count.get(ULONG, 0), FIND_BATCH);
                    for (long i = 0; i < n; i++) {
                        found.add(handles.getAtIndex(ULONG, i));
                    }
                    bounded("C_FindObjects", "a total of objects matching one search", found.size(), MAX_OBJECTS);
                    if (n < FIND_BATCH) {
                        break;
                    }
                }
            } finally {
                long frv = (long) cFindObjectsFinal.invokeExact(session);
                if (frv != CkRv.OK && !found.isEmpty()) {
                    check("C_FindObjectsFinal", frv);
                }
            }
            return found.stream().mapToLong(Long::longValue).toArray();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- keys ----

    /** C_GenerateKeyPair: {public handle, private handle}. */
    public long[] generateKeyPair(long session, Mechanism mechanism, List<Attribute> publicTemplate,
            List<Attribute> privateTemplate) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            MemorySegment pub = a.allocate(ULONG);
            MemorySegment priv = a.allocate(ULONG);
            long rv = (long) cGenerateKeyPair.invokeExact(session, mechanism.write(a), template(a, publicTemplate),
                    (long) publicTemplate.size(), template(a, privateTemplate), (long) privateTemplate.size(), pub, priv);
            check("C_GenerateKeyPair", rv);
            return new long[] {pub.get(ULONG, 0), priv.get(ULONG, 0)};
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public long generateKey(long session, Mechanism mechanism, List<Attribute> template) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            MemorySegment h = a.allocate(ULONG);
            long rv = (long) need(cGenerateKey, "C_GenerateKey").invokeExact(session, mechanism.write(a),
                    template(a, template), (long) template.size(), h);
            check("C_GenerateKey", rv);
            return h.get(ULONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public long deriveKey(long session, Mechanism mechanism, long baseKey, List<Attribute> template) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            return deriveKey(a, session, mechanism.write(a), baseKey, template);
        }
    }

    /** C_DeriveKey with a mechanism already written into {@code arena} (so output fields of its parameter can be read). */
    public long deriveKey(Arena arena, long session, MemorySegment mechanism, long baseKey, List<Attribute> template) {
        try (Call _ = enter()) {
            MemorySegment h = arena.allocate(ULONG);
            long rv = (long) need(cDeriveKey, "C_DeriveKey").invokeExact(session, mechanism, baseKey,
                    template(arena, template), (long) template.size(), h);
            check("C_DeriveKey", rv);
            return h.get(ULONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Writes a mechanism into {@code arena}, for {@link #deriveKey(Arena, long, MemorySegment, long, List)}. */
    public static MemorySegment write(Arena arena, Mechanism mechanism) {
        return mechanism.write(arena);
    }

    // ---- cryptographic operations (single part) ----

    public byte[] sign(long session, Mechanism mechanism, long key, byte[] data) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            long rv = (long) cSignInit.invokeExact(session, mechanism.write(a), key);
            check("C_SignInit", rv);
            return output(a, cSign, "C_Sign", session, data, 128);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** True when the signature verifies; false on CKR_SIGNATURE_INVALID; other codes throw. */
    public boolean verify(long session, Mechanism mechanism, long key, byte[] data, byte[] signature) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            long rv = (long) cVerifyInit.invokeExact(session, mechanism.write(a), key);
            check("C_VerifyInit", rv);
            rv = (long) cVerify.invokeExact(session, bytes(a, data), (long) data.length, bytes(a, signature),
                    (long) signature.length);
            if (rv == CkRv.SIGNATURE_INVALID || rv == CkRv.SIGNATURE_LEN_RANGE) {
                return false;
            }
            check("C_Verify", rv);
            return true;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public byte[] encrypt(long session, Mechanism mechanism, long key, byte[] data) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            long rv = (long) cEncryptInit.invokeExact(session, mechanism.write(a), key);
            check("C_EncryptInit", rv);
            return output(a, cEncrypt, "C_Encrypt", session, data, data.length + 256);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public byte[] decrypt(long session, Mechanism mechanism, long key, byte[] data) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            long rv = (long) cDecryptInit.invokeExact(session, mechanism.write(a), key);
            check("C_DecryptInit", rv);
            return output(a, cDecrypt, "C_Decrypt", session, data, data.length + 32);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public byte[] digest(long session, Mechanism mechanism, byte[] data) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            long rv = (long) cDigestInit.invokeExact(session, mechanism.write(a));
            check("C_DigestInit", rv);
            return output(a, cDigest, "C_Digest", session, data, 64);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public byte[] random(long session, int length) {
        try (Call _ = enter(); Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(Math.max(1, length));
            long rv = (long) cGenerateRandom.invokeExact(session, out, (long) length);
            check("C_GenerateRandom", rv);
            return out.asSlice(0, length).toArray(BYTE);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * The single-part output convention: try a buffer of {@code guess}, and once more with the size the module asks
     * for, which may not exceed the larger of {@link #MAX_OUTPUT_LENGTH} and the input's length plus 4 KiB.
     */
    private byte[] output(Arena a, MethodHandle h, String name, long session, byte[] data, long guess)
            throws Throwable {
        MemorySegment in = bytes(a, data);
        MemorySegment len = a.allocate(ULONG);
        len.set(ULONG, 0, guess);
        MemorySegment out = a.allocate(guess);
        long capacity = guess;
        try {
            long rv = (long) h.invokeExact(session, in, (long) data.length, out, len);
            if (rv == CkRv.BUFFER_TOO_SMALL) {
                capacity = bounded(name, "an output length", len.get(ULONG, 0),
                        Math.max(MAX_OUTPUT_LENGTH, data.length + 4096L));
                out.fill((byte) 0);
                out = a.allocate(Math.max(1, capacity));
                len.set(ULONG, 0, capacity);
                rv = (long) h.invokeExact(session, in, (long) data.length, out, len);
            }
            check(name, rv);
            return out.asSlice(0, filled(name, "an output length", len.get(ULONG, 0), capacity)).toArray(BYTE);
        } finally {
            if (!name.equals("C_Encrypt")) {
                in.fill((byte) 0);
            }
            out.fill((byte) 0);
        }
    }

    // ---- memory helpers ----

    private static MemorySegment bytes(Arena a, byte[] data) {
        return data.length == 0 ? a.allocate(1) : a.allocateFrom(BYTE, data);
    }

    /** A PIN as UTF-8 in native memory; the intermediate heap bytes are wiped. */
    private static MemorySegment secret(Arena a, char[] pin) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pin));
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        Arrays.fill(b.array(), (byte) 0);
        MemorySegment s = a.allocate(Math.max(1, bytes.length));
        MemorySegment.copy(bytes, 0, s, BYTE, 0, bytes.length);
        Arrays.fill(bytes, (byte) 0);
        return s.asSlice(0, bytes.length);
    }

    private static MemorySegment template(Arena a, List<Attribute> template) {
        if (template.isEmpty()) {
            return MemorySegment.NULL;
        }
        MemorySegment t = a.allocate(24L * template.size(), 8);
        for (int i = 0; i < template.size(); i++) {
            Attribute at = template.get(i);
            byte[] v = at.value();
            t.set(ULONG, 24L * i, at.type());
            t.set(PTR, 24L * i + 8, v.length == 0 ? MemorySegment.NULL : a.allocateFrom(BYTE, v));
            t.set(ULONG, 24L * i + 16, v.length);
            Arrays.fill(v, (byte) 0);
        }
        return t;
    }

    private static String text(MemorySegment s, long offset, int length) {
        byte[] b = s.asSlice(offset, length).toArray(BYTE);
        int end = b.length;
        while (end > 0 && (b[end - 1] == ' ' || b[end - 1] == 0)) {
            end--;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    private static String version(MemorySegment s, long offset) {
        return Byte.toUnsignedInt(s.get(BYTE, offset)) + "." + Byte.toUnsignedInt(s.get(BYTE, offset + 1));
    }

    /**
     * Finalises the module if this process initialised it, then unloads it; waits for calls in progress. Every call
     * afterwards throws a {@link Pkcs11Exception} (the code behind the downcall handles is gone). Closing twice is
     * harmless.
     */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            try {
                if (initialized) {
                    finalizeModule();
                }
            } finally {
                closed = true;
                arena.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "Pkcs11Library[" + path + "]";
    }
}
