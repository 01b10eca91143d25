// CLuaShim: see include/CLuaShim.h. Every lua_error raised on Swift's behalf is raised here, in C frames only.
#include "CLuaShim.h"
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <pthread.h>
#include <signal.h>
#include <sched.h>

static mdk_dispatch_fn g_dispatch = NULL;
static __thread mdk_ctl *tl_ctl = NULL;      // the state whose Lua code this OS thread is executing
static const char *chunk_path(lua_Debug *ar);
static void mdk_hook(lua_State *L, lua_Debug *ar);
int mdk_error_kind(lua_State *L, int idx);
void mdk_set_dispatch(mdk_dispatch_fn fn) { g_dispatch = fn; }

int64_t mdk_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

mdk_ctl *mdk_ctl_of(lua_State *L) { return *(mdk_ctl **)lua_getextraspace(L); }

// ---- the capped allocator ------------------------------------------------------------------------------
// Allocations past the cap fail only while Lua code runs (ctl->strict). While Swift runs (marshalling values,
// a host function) nothing fails here, so no memory error can longjmp through a Swift frame; the trampoline
// checks the cap when Swift returns and raises the memory error from C.
//
// Blocks of up to 256 bytes (strings, tables, closures, userdata: nearly all of what a script allocates) come from
// the state's own pool: free lists by 16-byte class over 64 KiB slabs, one pointer push or pop each. A state is
// used by one thread at a time, so the pool takes no lock; the collector frees hundreds of blocks in one sweep,
// which glibc's malloc answered with fastbin consolidation. Slabs are kept until the state closes (its cap bounds
// them); larger blocks go to malloc.
#define POOL_MAX 256
#define POOL_CLASSES (POOL_MAX / 16)
#define POOL_SLAB (64 * 1024)

typedef struct mdk_pool {
    void *free[POOL_CLASSES];   // per class, a list threaded through the free blocks
    char *bump, *bump_end;      // the unused rest of the newest slab
    void *slabs;                // every slab, each starting with a pointer to the one before
} mdk_pool;

static inline int pool_class(size_t n) { return (int)((n + 15) >> 4) - 1; }   // 1...256 bytes -> 0...15

static void *pool_take(mdk_pool *p, int k) {
    void *b = p->free[k];
    if (b) { p->free[k] = *(void **)b; return b; }
    size_t size = (size_t)(k + 1) << 4;
    if (p->bump + size > p->bump_end) {
        char *slab = malloc(POOL_SLAB);
        if (slab == NULL) return NULL;
        *(void **)slab = p->slabs;
        p->slabs = slab;
        p->bump = slab + 16;   // blocks stay 16-byte aligned
        p->bump_end = slab + POOL_SLAB;
    }
    b = p->bump;
    p->bump += size;
    return b;
}

static inline void pool_give(mdk_pool *p, void *b, int k) { *(void **)b = p->free[k]; p->free[k] = b; }

// free() for a block of `old` bytes: back to its class's list when small.
static inline void pool_release(mdk_pool *p, void *b, size_t old) {
    if (old <= POOL_MAX) pool_give(p, b, pool_class(old)); else free(b);
}

// realloc(ptr, nsize) for a block of `old` bytes (ptr NULL: old 0), each side from the pool when small.
static void *pool_resize(mdk_pool *p, void *ptr, size_t old, size_t nsize) {
    int from = ptr && old <= POOL_MAX ? pool_class(old) : -1;
    int to = nsize <= POOL_MAX ? pool_class(nsize) : -1;
    if (from < 0 && to < 0) return realloc(ptr, nsize);
    if (ptr && from == to) return ptr;
    void *b = to >= 0 ? pool_take(p, to) : malloc(nsize);
    if (b == NULL) return NULL;
    if (ptr) {
        memcpy(b, ptr, old < nsize ? old : nsize);
        pool_release(p, ptr, old);
    }
    return b;
}

static void *mdk_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    mdk_ctl *c = (mdk_ctl *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        c->used -= old;
        if (ptr != NULL) pool_release(c->pool, ptr, old);
        return NULL;
    }
    if (c->strict && c->cap && nsize > old && c->used - old + nsize > c->cap) {
        c->mem_tripped = 1;
        return NULL;
    }
    void *p = pool_resize(c->pool, ptr, old, nsize);
    if (p == NULL) return NULL;
    c->used = c->used - old + nsize;
    if (c->used > c->peak) c->peak = c->used;
    return p;
}

// ---- the deadline: a watchdog thread and Lua's own signal-safe hook ----------------------------------------
// No hook runs while Lua code is inside its limits, so the VM runs at full speed (a count hook in Lua 5.4
// makes every instruction take the slow path). At the deadline, or on interrupt, the watchdog thread sends
// a signal to the OS thread executing the Lua code, and the handler installs a count hook on the running
// Lua thread with lua_sethook, which Lua documents as safe to call asynchronously (lua.c stops scripts on
// Ctrl-C this way). The hook raises the error at the next instruction, and keeps firing until the stop has
// unwound the script, so pcall cannot swallow it.
// Raises the stop (timeout or cancellation) from the function at `level` of L's stack, naming its line, and keeps
// the hook installed so that every later instruction raises it again. C code that runs long on a script's behalf
// (the pattern matcher) calls it when it sees the stop flag.
int mdk_raise_stop(lua_State *L, int level) {
    mdk_ctl *c = mdk_ctl_of(L);
    int cancelled = c->cancel && !(c->deadline_ns && mdk_now_ns() >= c->deadline_ns);
    c->stopped = cancelled ? 2 : 1;
    lua_sethook(L, mdk_hook, LUA_MASKCOUNT, 1);
    const char *what = cancelled ? "cancelled" : "timeout";
    lua_Debug ar;
    int found = 0;
    for (int lv = level; lua_getstack(L, lv, &ar); lv++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) { found = 1; break; }
    }
    if (found) lua_pushfstring(L, "%s:%d: %s", chunk_path(&ar), ar.currentline, what);
    else lua_pushstring(L, what);
    return lua_error(L);
}

static void mdk_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    mdk_ctl *c = mdk_ctl_of(L);
    if (!c->stop_requested && !c->cancel) return;
    mdk_raise_stop(L, 0);
}

mdk_ctl *mdk_thread_ctl(void) { return tl_ctl; }

int mdk_thread_should_stop(void) {
    mdk_ctl *c = tl_ctl;
    return c && (c->stop_requested || c->cancel);
}

int mdk_stop_requested(lua_State *L) {
    mdk_ctl *c = mdk_ctl_of(L);
    return c->stop_requested || c->cancel || c->stopped;
}

static __thread int tl_unblocked = 0;        // our signal is unblocked on this thread (libdispatch blocks signals)
static pthread_mutex_t wd_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wd_cv;
static mdk_ctl *wd_list = NULL;
static pthread_once_t wd_once = PTHREAD_ONCE_INIT;
static int wd_signal_number = 0;

// Arming a deadline is an atomic store, without the mutex: every state that ever had a deadline stays on
// wd_list (until it is freed), and a call publishes its deadline in ctl->armed_ns. The watchdog sleeps until
// the earliest deadline it saw and publishes that time in wd_wake_at; a call whose deadline is later needs
// no wake-up (the watchdog rescans when it wakes), so only a call that is due earlier takes the mutex to
// signal. The watchdog scans again after publishing wd_wake_at: a call that compared its deadline with the
// previous value stored it before that scan (both sides sequentially consistent), so none is missed.
#define WD_IDLE 0
#define WD_NO_DEADLINE INT64_MAX   // armed for interruption only
#define WD_STOPPING (-1)           // the watchdog is signalling this state's thread
#define WD_STOPPED (-2)
static int64_t wd_wake_at = INT64_MAX;
static int wd_pending = 0;                   // a wake-up was asked for (under wd_mu)

static void wd_on_signal(int sig) {
    (void)sig;
    mdk_ctl *c = tl_ctl;
    if (c && c->stop_requested && c->running) lua_sethook(c->running, mdk_hook, LUA_MASKCOUNT, 1);
}

static void wd_wake(void) {
    pthread_mutex_lock(&wd_mu);
    wd_pending = 1;
    pthread_cond_signal(&wd_cv);
    pthread_mutex_unlock(&wd_mu);
}

// Stops the expired or cancelled states; returns the earliest deadline still ahead (INT64_MAX if none).
static int64_t wd_scan_locked(int64_t now) {
    int64_t next = INT64_MAX;
    for (mdk_ctl *c = wd_list; c; c = c->wd_next) {
        int64_t armed = __atomic_load_n(&c->armed_ns, __ATOMIC_SEQ_CST);
        if (armed <= WD_IDLE) continue;
        if (armed <= now || __atomic_load_n(&c->cancel, __ATOMIC_SEQ_CST)) {
            // The claim keeps the call from ending (wd_leave waits) while its thread is being signalled.
            if (__atomic_compare_exchange_n(&c->armed_ns, &armed, WD_STOPPING, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
                c->stop_requested = 1;
                pthread_kill((pthread_t)c->os_thread, wd_signal_number);
                __atomic_store_n(&c->armed_ns, WD_STOPPED, __ATOMIC_SEQ_CST);
            }
        } else if (armed < next) {
            next = armed;
        }
    }
    return next;
}

static void *wd_main(void *arg) {
    (void)arg;
    pthread_mutex_lock(&wd_mu);
    for (;;) {
        wd_pending = 0;
        int64_t next = wd_scan_locked(mdk_now_ns());
        __atomic_store_n(&wd_wake_at, next, __ATOMIC_SEQ_CST);
        int64_t again = wd_scan_locked(mdk_now_ns());
        if (again < next) __atomic_store_n(&wd_wake_at, next = again, __ATOMIC_SEQ_CST);
        if (wd_pending) continue;
        if (next == INT64_MAX) {
            pthread_cond_wait(&wd_cv, &wd_mu);
        } else {
            struct timespec ts = { (time_t)(next / 1000000000LL), (long)(next % 1000000000LL) };
            pthread_cond_timedwait(&wd_cv, &wd_mu, &ts);
        }
    }
    return NULL;
}

static void wd_start(void) {
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&wd_cv, &attr);
    wd_signal_number = SIGRTMIN + 6;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = wd_on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(wd_signal_number, &sa, NULL);
    pthread_t thread;
    pthread_attr_t tattr;
    pthread_attr_init(&tattr);
    pthread_attr_setdetachstate(&tattr, PTHREAD_CREATE_DETACHED);
    pthread_create(&thread, &tattr, wd_main, NULL);
}

// Arms the outermost protected call on this OS thread.
static void wd_enter(mdk_ctl *c, lua_State *L, lua_State **prev_running, mdk_ctl **prev_tl) {
    *prev_running = c->running;
    *prev_tl = tl_ctl;
    tl_ctl = c;
    c->running = L;
    if (c->watch_depth++ > 0) return;
    // A call without a deadline is not armed; only a deadline or an interrupt needs the watchdog, and
    // `interrupt` reaches a call through c->interruptible.
    if (!c->deadline_ns && !c->interruptible) return;
    if (!c->watched) {                       // once per state: join the watchdog's list
        pthread_once(&wd_once, wd_start);
        pthread_mutex_lock(&wd_mu);
        c->wd_next = wd_list;
        wd_list = c;
        c->watched = 1;
        pthread_mutex_unlock(&wd_mu);
    }
    if (!tl_unblocked) {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, wd_signal_number);
        pthread_sigmask(SIG_UNBLOCK, &set, NULL);
        tl_unblocked = 1;
    }
    c->os_thread = (unsigned long)pthread_self();
    c->stop_requested = 0;
    int64_t deadline = c->deadline_ns ? c->deadline_ns : WD_NO_DEADLINE;
    __atomic_store_n(&c->armed_ns, deadline, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&c->cancel, __ATOMIC_SEQ_CST)) {
        c->stop_requested = 1;               // interrupted before it started: stop at the first instruction
        lua_sethook(L, mdk_hook, LUA_MASKCOUNT, 1);
    } else if (deadline < __atomic_load_n(&wd_wake_at, __ATOMIC_SEQ_CST)) {
        wd_wake();
    }
}

static void wd_leave(mdk_ctl *c, lua_State *prev_running, mdk_ctl *prev_tl) {
    if (--c->watch_depth == 0 && c->watched) {
        int64_t armed = __atomic_load_n(&c->armed_ns, __ATOMIC_SEQ_CST);
        while (armed != WD_IDLE) {
            if (armed == WD_STOPPING) {      // the watchdog is signalling this thread: a few instructions
                sched_yield();
                armed = __atomic_load_n(&c->armed_ns, __ATOMIC_SEQ_CST);
                continue;
            }
            if (__atomic_compare_exchange_n(&c->armed_ns, &armed, WD_IDLE, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) break;
        }
    }
    c->running = prev_running;
    tl_ctl = prev_tl;
    // A stop inside a nested call (a module's body, a user coroutine) must go on stopping the caller.
    if (c->stopped && prev_running) lua_sethook(prev_running, mdk_hook, LUA_MASKCOUNT, 1);
}

void mdk_interrupt(mdk_ctl *c) {
    __atomic_store_n(&c->cancel, 1, __ATOMIC_SEQ_CST);
    // A call not armed yet sees `cancel` when it arms (wd_enter); an armed one is stopped by the watchdog.
    if (__atomic_load_n(&c->armed_ns, __ATOMIC_SEQ_CST) > WD_IDLE) wd_wake();
}

void mdk_unwatch(mdk_ctl *c) {
    pthread_mutex_lock(&wd_mu);
    if (c->watched) {
        for (mdk_ctl **p = &wd_list; *p; p = &(*p)->wd_next) {
            if (*p == c) { *p = c->wd_next; break; }
        }
        c->watched = 0;
    }
    pthread_mutex_unlock(&wd_mu);
}

void mdk_set_timeout(mdk_ctl *ctl, double seconds) {
    ctl->deadline_ns = seconds > 0 ? mdk_now_ns() + (int64_t)(seconds * 1e9) : 0;
}

static int mdk_panic(lua_State *L) {
    // Unreachable by design: every call into Lua is protected. Say so loudly rather than longjmp into nowhere.
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "moondesk: unprotected Lua error (a bug in Moondesk): %s\n", msg ? msg : "?");
    abort();
}

lua_State *mdk_newstate(mdk_ctl *ctl) {
    ctl->pool = calloc(1, sizeof(mdk_pool));
    if (ctl->pool == NULL) return NULL;
    lua_State *L = lua_newstate(mdk_alloc, ctl);
    if (L == NULL) { free(ctl->pool); ctl->pool = NULL; return NULL; }
    *(mdk_ctl **)lua_getextraspace(L) = ctl;
    lua_atpanic(L, mdk_panic);
    lua_pushcfunction(L, mdk_msgh);   // resident at slot 1 for mdk_pcall
    return L;
}

void mdk_closestate(lua_State *L) {
    mdk_ctl *c = mdk_ctl_of(L);
    lua_close(L);
    mdk_pool *p = c->pool;
    c->pool = NULL;
    if (p == NULL) return;
    for (void *slab = p->slabs; slab != NULL;) {
        void *before = *(void **)slab;
        free(slab);
        slab = before;
    }
    free(p);
}

// ---- errors: location and message handler ----------------------------------------------------------------
// The full path of a frame's chunk (short_src is cut at 60 characters).
static const char *chunk_path(lua_Debug *ar) {
    const char *src = ar->source ? ar->source : "?";
    return (*src == '@' || *src == '=') ? src + 1 : ar->short_src;
}

int mdk_where(lua_State *co, int level, mdk_ctl *ctl) {
    lua_Debug ar;
    for (int lv = level; lua_getstack(co, lv, &ar); lv++) {
        if (!lua_getinfo(co, "Sl", &ar)) continue;
        if (ar.source && ar.source[0] == '@' && ar.source[1] == '[') continue;   // internal chunks: "[sandbox]", "[moondesk]"
        if (ar.currentline > 0) {
            const char *src = ar.source ? ar.source : "?";
            if (*src == '@' || *src == '=') src++;
            strncpy(ctl->err_source, src, sizeof(ctl->err_source) - 1);
            ctl->err_source[sizeof(ctl->err_source) - 1] = '\0';
            ctl->err_line = ar.currentline;
            return 1;
        }
    }
    return 0;
}

// Describes a table error object shallowly: {code = 1, message = "x"}. [-0, +1, m]
static const char *describe_table(lua_State *L, int idx) {
    luaL_Buffer b;
    int shown = 0;
    idx = lua_absindex(L, idx);
    luaL_buffinit(L, &b);
    luaL_addstring(&b, "error object {");
    lua_pushnil(L);
    while (lua_next(L, idx) != 0) {
        if (shown < 6 && (lua_type(L, -2) == LUA_TSTRING || lua_type(L, -2) == LUA_TNUMBER)) {
            int vt = lua_type(L, -1);
            lua_pushvalue(L, -2);   // key copy, so tostring does not change the key lua_next needs
            const char *k = lua_tostring(L, -1);
            lua_pop(L, 1);
            char piece[160];
            if (vt == LUA_TSTRING)
                snprintf(piece, sizeof piece, "%s%s = \"%.80s\"", shown ? ", " : "", k, lua_tostring(L, -1));
            else if (vt == LUA_TNUMBER && lua_isinteger(L, -1))
                snprintf(piece, sizeof piece, "%s%s = %lld", shown ? ", " : "", k, (long long)lua_tointeger(L, -1));
            else if (vt == LUA_TNUMBER)
                snprintf(piece, sizeof piece, "%s%s = %.14g", shown ? ", " : "", k, lua_tonumber(L, -1));
            else if (vt == LUA_TBOOLEAN)
                snprintf(piece, sizeof piece, "%s%s = %s", shown ? ", " : "", k, lua_toboolean(L, -1) ? "true" : "false");
            else
                snprintf(piece, sizeof piece, "%s%s = <%s>", shown ? ", " : "", k, luaL_typename(L, -1));
            // luaL_Buffer may keep a box on the stack: add the piece after popping the value.
            lua_pop(L, 1);
            luaL_addstring(&b, piece);
            shown++;
        } else {
            lua_pop(L, 1);
        }
    }
    luaL_addstring(&b, "}");
    luaL_pushresult(&b);
    return lua_tostring(L, -1);
}

// The message for any error value: strings as they are; tables described; __tostring used when it works.
static const char *error_message(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    int t = lua_type(L, idx);
    if (t == LUA_TSTRING) return lua_tostring(L, idx);
    if (luaL_getmetafield(L, idx, "__tostring") != LUA_TNIL) {
        lua_pushvalue(L, idx);
        if (lua_pcall(L, 1, 1, 0) == LUA_OK && lua_type(L, -1) == LUA_TSTRING) return lua_tostring(L, -1);
        const char *inner = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : luaL_typename(L, -1);
        return lua_pushfstring(L, "error object of type %s whose __tostring failed: %s", luaL_typename(L, idx), inner);
    }
    if (t == LUA_TNUMBER) {
        lua_pushvalue(L, idx);
        return lua_tostring(L, -1);
    }
    if (t == LUA_TTABLE) return describe_table(L, idx);
    return lua_pushfstring(L, "error object is a %s value", luaL_typename(L, idx));
}

int mdk_msgh(lua_State *L) {
    mdk_ctl *c = mdk_ctl_of(L);
    c->err_kind = mdk_error_kind(L, 1);
    mdk_where(L, 1, c);
    const char *msg = error_message(L, 1);
    luaL_traceback(L, L, msg, 1);
    return 1;
}

void mdk_traceback(lua_State *L, lua_State *co, const char *msg, int level) {
    luaL_traceback(L, co, msg, level);
}

// ---- protected calls and coroutines ------------------------------------------------------------------------
int mdk_pcall(lua_State *L, int nargs, int nresults) {
    mdk_ctl *c = mdk_ctl_of(L);
    int base = lua_gettop(L) - nargs;
    // The main thread keeps the message handler at stack slot 1 (see mdk_newstate): no insert/remove per call.
    int resident = lua_tocfunction(L, 1) == mdk_msgh && base > 1;
    if (!resident) {
        lua_pushcfunction(L, mdk_msgh);
        lua_insert(L, base);
    }
    int strict = c->strict;
    c->strict = 1;
    c->err_source[0] = '\0';
    c->err_line = 0;
    c->err_kind = MDK_KIND_NONE;
    lua_State *prev_running; mdk_ctl *prev_tl;
    wd_enter(c, L, &prev_running, &prev_tl);
    int status = lua_pcall(L, nargs, nresults, resident ? 1 : base);
    wd_leave(c, prev_running, prev_tl);
    c->strict = strict;
    if (!resident) lua_remove(L, base);
    return status;
}

// ---- the call fast path: a Swift->Lua call makes three calls into C, however many Lua steps it takes -------
int mdk_push_ref(lua_State *L, int ref) {
    int top = lua_gettop(L);
    lua_checkstack(L, 24);
    lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
    return top;
}

int mdk_call_limited(lua_State *L, int nargs, int nresults, int outermost, size_t cap, double timeout) {
    mdk_ctl *c = mdk_ctl_of(L);
    if (outermost) {                  // LuaState.arm, in C
        c->cap = cap;
        c->deadline_ns = timeout > 0 ? mdk_now_ns() + (int64_t)(timeout * 1e9) : 0;
        c->cancel = 0;
        if (c->stop_requested || c->stopped) {   // only a stop installs the hook
            c->stop_requested = 0;
            c->stopped = 0;
            lua_sethook(L, NULL, 0, 0);
        }
        c->mem_tripped = 0;
    }
    int status = mdk_pcall(L, nargs, nresults);
    if (outermost) {                  // LuaState.disarm, in C
        c->deadline_ns = 0;
        mdk_gc_restart(L);
        if (c->mem_tripped) {         // collect what the script left, keeping the cap for the error message
            size_t kept = c->cap;
            c->cap = 0;
            lua_gc(L, LUA_GCCOLLECT);
            c->cap = kept;
        }
    }
    return status;
}

int mdk_number_at(lua_State *L, int idx, lua_Number *out) {
    if (lua_type(L, idx) != LUA_TNUMBER) return 0;
    *out = lua_tonumberx(L, idx, NULL);
    return 1;
}

int mdk_resume(lua_State *co, lua_State *from, int nargs, int *nres) {
    mdk_ctl *c = mdk_ctl_of(co);
    int strict = c->strict;
    c->strict = 1;
    lua_State *prev_running; mdk_ctl *prev_tl;
    wd_enter(c, co, &prev_running, &prev_tl);
    int status = lua_resume(co, from, nargs, nres);
    wd_leave(c, prev_running, prev_tl);
    c->strict = strict;
    if (status != LUA_OK && status != LUA_YIELD) {
        c->err_source[0] = '\0';
        c->err_line = 0;
        c->err_kind = mdk_error_kind(co, -1);
        mdk_where(co, 0, c);
    }
    return status;
}

int mdk_closethread(lua_State *co, lua_State *from) {
#if LUA_VERSION_RELEASE_NUM >= 50406
    return lua_closethread(co, from);
#else
    (void)from;
    return lua_resetthread(co);
#endif
}

int mdk_loadtext(lua_State *L, const char *buf, size_t len, const char *chunkname) {
    return luaL_loadbufferx(L, buf, len, chunkname, "t");
}

int mdk_loadbinary(lua_State *L, const char *buf, size_t len, const char *chunkname) {
    return luaL_loadbufferx(L, buf, len, chunkname, "b");
}

typedef struct { unsigned char *data; size_t size, capacity; } mdk_dump_buffer;

static int mdk_dump_writer(lua_State *L, const void *p, size_t size, void *ud) {
    (void)L;
    mdk_dump_buffer *b = (mdk_dump_buffer *)ud;
    if (b->size + size > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 4096;
        while (capacity < b->size + size) capacity *= 2;
        unsigned char *grown = realloc(b->data, capacity);
        if (grown == NULL) return 1;
        b->data = grown;
        b->capacity = capacity;
    }
    memcpy(b->data + b->size, p, size);
    b->size += size;
    return 0;
}

unsigned char *mdk_dump(lua_State *L, size_t *size) {
    mdk_dump_buffer b = { NULL, 0, 0 };
    if (lua_dump(L, mdk_dump_writer, &b, 0) != 0) {
        free(b.data);
        return NULL;
    }
    *size = b.size;
    return b.data;
}

// ---- the trampoline: Swift returns, C raises ---------------------------------------------------------------
// Prefixes a string error with the position of the first Lua frame that is the user's (the sandbox's own
// prelude, chunk "@[sandbox]", is skipped so `require` errors name the line that called require).
static int raise_with_location(lua_State *L) {
    mdk_ctl *c = mdk_ctl_of(L);
    int kind = c->raise_kind;
    c->raise_kind = MDK_KIND_NONE;
    if (lua_type(L, -1) == LUA_TSTRING) {
        lua_Debug ar;
        for (int level = 1; lua_getstack(L, level, &ar); level++) {
            if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0) continue;
            if (ar.source && ar.source[0] == '@' && ar.source[1] == '[') continue;   // internal chunks: "[sandbox]", "[moondesk]"
            lua_pushfstring(L, "%s:%d: ", chunk_path(&ar), ar.currentline);
            lua_insert(L, -2);
            lua_concat(L, 2);
            break;
        }
    }
    if (kind != MDK_KIND_NONE) mdk_tag_error(L, -1, kind);
    return lua_error(L);
}

static int async_continue(lua_State *L, int status, lua_KContext ctx) {
    (void)status;
    int base = (int)ctx;                  // arguments of the original call end here
    if (lua_toboolean(L, base + 1)) return lua_gettop(L) - (base + 1);
    lua_pushvalue(L, base + 2);
    return raise_with_location(L);
}

static int trampoline(lua_State *L, int op, void *target) {
    mdk_ctl *c = mdk_ctl_of(L);
    int strict = c->strict;
    c->strict = 0;
    int n = g_dispatch(L, op, target);
    if (n == MDK_ERROR) {
        c->strict = strict;
        // A host function that gave up because the call is being stopped (mdk_thread_should_stop) ends in the
        // stop itself, so the call is reported as a timeout (or cancellation), not as the function's error.
        if (c->stop_requested || c->cancel) { lua_pop(L, 1); return mdk_raise_stop(L, 1); }
        return raise_with_location(L);
    }
    if (strict && c->cap && c->used > c->cap) {
        c->mem_tripped = 1;
        lua_pushliteral(L, "not enough memory");
        c->strict = strict;
        return lua_error(L);
    }
    c->strict = strict;
    if (n == MDK_YIELD) return lua_yieldk(L, 0, (lua_KContext)lua_gettop(L), async_continue);
    return n;
}

static int box_gc(lua_State *L) {
    void **box = (void **)lua_touserdata(L, 1);
    if (box && *box) {
        g_dispatch(L, MDK_OP_RELEASE, *box);
        *box = NULL;
    }
    return 0;
}

static const char *FN_BOX = "moondesk.hostfunction";
static const char *OBJ_META = "moondesk.object";
static const char *ARRAY_META = "moondesk.array";

static int hostcall(lua_State *L) {
    void **box = (void **)lua_touserdata(L, lua_upvalueindex(1));
    return trampoline(L, MDK_OP_CALL, *box);
}

void mdk_push_hostfunction(lua_State *L, void *fn) {
    void **box = (void **)lua_newuserdatauv(L, sizeof(void *), 0);
    *box = fn;
    if (luaL_newmetatable(L, FN_BOX)) {
        lua_pushcfunction(L, box_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushliteral(L, "locked");
        lua_setfield(L, -2, "__metatable");
    }
    lua_setmetatable(L, -2);
    lua_pushcclosure(L, hostcall, 1);
}

void *mdk_to_hostfunction(lua_State *L, int idx) {
    if (lua_tocfunction(L, idx) != hostcall) return NULL;
    if (lua_getupvalue(L, idx, 1) == NULL) return NULL;
    void **box = (void **)lua_touserdata(L, -1);
    lua_pop(L, 1);
    return box ? *box : NULL;
}

// A host object's userdata: the retained Swift object, its MDK_OBJ_* flags, and for a MDK_OBJ_MEMO object its
// length once asked (-1 before).
typedef struct { void *obj; int flags; lua_Integer len; } obj_box;

// The box of the host object at idx, or NULL: its metatable compared by address, not looked up by name (this
// runs on every read of a view).
static obj_box *to_box(lua_State *L, int idx) {
    void *p = lua_touserdata(L, idx);
    if (p == NULL || !lua_getmetatable(L, idx)) return NULL;
    const void *meta = lua_topointer(L, -1);
    lua_pop(L, 1);
    return meta != NULL && meta == mdk_ctl_of(L)->obj_meta ? (obj_box *)p : NULL;
}

static void *object_box(lua_State *L, int idx) {
    obj_box *box = to_box(L, idx);
    return box ? box->obj : NULL;
}

// ---- memoised reads of objects whose entries never change (a node's view of the state) --------------------
// Every read of a view would otherwise be a call into Swift (the key and the value converted, a dictionary
// lookup). A MDK_OBJ_MEMO object keeps a table as its user value: what __index returned is stored there (an
// absent entry as the ABSENT marker) and read back by the VM's own table lookup, so Swift converts each entry
// once.
static char ABSENT;

// Pushes the memo of the object at idx (a userdata with box), made on the first read with room for its entries.
static void push_memo(lua_State *L, int idx, obj_box *box) {
    if (lua_getiuservalue(L, idx, 1) == LUA_TTABLE) return;
    lua_pop(L, 1);
    int size = box->flags >> MDK_OBJ_SIZE_SHIFT;
    if (box->flags & MDK_OBJ_LIST) lua_createtable(L, size, 0); else lua_createtable(L, 0, size);
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, idx, 1);
}

static int memo_index(lua_State *L, obj_box *box) {
    lua_settop(L, 2);
    int kt = lua_type(L, 2);
    if (kt != LUA_TSTRING && kt != LUA_TNUMBER) return trampoline(L, MDK_OP_INDEX, box->obj);
    push_memo(L, 1, box);                              // [3]
    lua_pushvalue(L, 2);
    if (lua_rawget(L, 3) != LUA_TNIL) {               // [4]
        if (lua_touserdata(L, 4) == &ABSENT) lua_pushnil(L);
        return 1;
    }
    lua_pop(L, 1);
    int n = trampoline(L, MDK_OP_INDEX, box->obj);
    if (n == 1) {
        lua_pushvalue(L, 2);
        if (lua_isnil(L, -2)) lua_pushlightuserdata(L, &ABSENT); else lua_pushvalue(L, -2);
        lua_rawset(L, 3);
    }
    return n;
}

static int obj_index(lua_State *L) {
    obj_box *box = to_box(L, 1);
    if (box && (box->flags & MDK_OBJ_MEMO)) return memo_index(L, box);
    return trampoline(L, MDK_OP_INDEX, box ? box->obj : NULL);
}
static int obj_len(lua_State *L) {
    obj_box *box = to_box(L, 1);
    if (box && (box->flags & MDK_OBJ_MEMO) && box->len >= 0) { lua_pushinteger(L, box->len); return 1; }
    int n = trampoline(L, MDK_OP_LEN, box ? box->obj : NULL);
    if (box && (box->flags & MDK_OBJ_MEMO) && n == 1 && lua_isinteger(L, -1)) box->len = lua_tointeger(L, -1);
    return n;
}
static int obj_tostring(lua_State *L) { return trampoline(L, MDK_OP_TOSTRING, object_box(L, 1)); }
static int obj_newindex(lua_State *L) { return trampoline(L, MDK_OP_NEWINDEX, object_box(L, 1)); }
static int obj_next(lua_State *L) {
    lua_settop(L, 2);
    obj_box *box = to_box(L, 1);
    int n = trampoline(L, MDK_OP_NEXT, box ? box->obj : NULL);
    if (n == 0) { lua_pushnil(L); return 1; }
    if (n == 2 && box && (box->flags & MDK_OBJ_MEMO)) {
        // [3] key, [4] value: the entry the memo already holds wins (one userdata per nested view), else it is kept
        int kt = lua_type(L, 3);
        if (kt != LUA_TSTRING && kt != LUA_TNUMBER) return 2;
        push_memo(L, 1, box);                          // [5]
        lua_pushvalue(L, 3);
        if (lua_rawget(L, 5) != LUA_TNIL && lua_touserdata(L, 6) != &ABSENT) {
            lua_replace(L, 4);
        } else {
            lua_pop(L, 1);
            lua_pushvalue(L, 3);
            lua_pushvalue(L, 4);
            lua_rawset(L, 5);
        }
        lua_settop(L, 4);
    }
    return n;
}
static int obj_pairs(lua_State *L) {
    lua_pushcfunction(L, obj_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

static const char *OBJ_CACHE = "moondesk.objects";

static int obj_gc(lua_State *L) {
    obj_box *box = (obj_box *)lua_touserdata(L, 1);
    if (box && box->obj) {
        g_dispatch(L, MDK_OP_RELEASE, box->obj);
        box->obj = NULL;
    }
    return 0;
}

// Sets the host-object metatable on the userdata on top (made once per state; its address is kept for to_box).
static void set_object_meta(lua_State *L) {
    if (luaL_newmetatable(L, OBJ_META)) {
        lua_pushcfunction(L, obj_index);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, obj_newindex);
        lua_setfield(L, -2, "__newindex");
        lua_pushcfunction(L, obj_len);
        lua_setfield(L, -2, "__len");
        lua_pushcfunction(L, obj_pairs);
        lua_setfield(L, -2, "__pairs");
        lua_pushcfunction(L, obj_tostring);
        lua_setfield(L, -2, "__tostring");
        lua_pushcfunction(L, obj_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushliteral(L, "locked");
        lua_setfield(L, -2, "__metatable");
        mdk_ctl_of(L)->obj_meta = lua_topointer(L, -1);
    }
    lua_setmetatable(L, -2);
}

// Pushes a new userdata holding obj (retained by the caller), with its flags and the host-object metatable.
static void push_new_box(lua_State *L, void *obj, int flags) {
    obj_box *box = (obj_box *)lua_newuserdatauv(L, sizeof(obj_box), (flags & MDK_OBJ_MEMO) ? 1 : 0);
    box->obj = obj;
    box->flags = flags;
    box->len = -1;
    set_object_meta(L);
}

void mdk_push_object_flags(lua_State *L, void *obj, int flags) {
    lua_checkstack(L, 4);
    if (flags & MDK_OBJ_ENTRY) { push_new_box(L, obj, flags); return; }   // its parent's memo keeps it
    if (luaL_getsubtable(L, LUA_REGISTRYINDEX, OBJ_CACHE) == 0) {   // new: make its values weak
        lua_createtable(L, 0, 1);
        lua_pushliteral(L, "v");
        lua_setfield(L, -2, "__mode");
        lua_setmetatable(L, -2);
    }
    if (lua_rawgetp(L, -1, obj) == LUA_TUSERDATA) {
        lua_remove(L, -2);
        g_dispatch(L, MDK_OP_RELEASE, obj);   // the cached userdata already holds a retain
        return;
    }
    lua_pop(L, 1);
    push_new_box(L, obj, flags);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, -3, obj);
    lua_remove(L, -2);
}

void mdk_push_object(lua_State *L, void *obj) { mdk_push_object_flags(L, obj, 0); }

void *mdk_to_object(lua_State *L, int idx) { return object_box(L, idx); }

void mdk_push_array_marker(lua_State *L) {
    if (luaL_newmetatable(L, ARRAY_META)) {
        lua_pushliteral(L, "array");
        lua_setfield(L, -2, "__name");
    }
}

int mdk_has_array_marker(lua_State *L, int idx) {
    if (!lua_getmetatable(L, idx)) return 0;
    luaL_getmetatable(L, ARRAY_META);
    int same = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return same;
}

// ---- the macros ------------------------------------------------------------------------------------------
void mdk_pop(lua_State *L, int n) { lua_pop(L, n); }
void mdk_newtable(lua_State *L) { lua_newtable(L); }
const char *mdk_tolstring(lua_State *L, int idx, size_t *len) {
    if (lua_type(L, idx) != LUA_TSTRING) return NULL;
    return lua_tolstring(L, idx, len);
}
lua_Number mdk_tonumber(lua_State *L, int idx) { return lua_tonumberx(L, idx, NULL); }
lua_Integer mdk_tointeger(lua_State *L, int idx) { return lua_tointegerx(L, idx, NULL); }
int mdk_isinteger(lua_State *L, int idx) { return lua_isinteger(L, idx); }
void mdk_pushcfunction(lua_State *L, lua_CFunction f) { lua_pushcfunction(L, f); }
void mdk_insert(lua_State *L, int idx) { lua_insert(L, idx); }
void mdk_remove(lua_State *L, int idx) { lua_remove(L, idx); }
void mdk_replace(lua_State *L, int idx) { lua_replace(L, idx); }
int mdk_upvalueindex(int i) { return lua_upvalueindex(i); }
int mdk_registryindex(void) { return LUA_REGISTRYINDEX; }
void mdk_pushglobaltable(lua_State *L) { lua_pushglobaltable(L); }
int mdk_isyieldable(lua_State *L) { return lua_isyieldable(L); }

// ---- coroutine.resume and coroutine.wrap, as lcorolib.c has them, plus tracking of the running thread ----
// The watchdog's signal handler must install its hook on the Lua thread that is executing, so the sandbox's
// resume records which coroutine runs, and re-arms the stop on the caller when a stopped coroutine returns.
static int co_auxresume(lua_State *L, lua_State *co, int narg) {
    int status, nres;
    if (!lua_checkstack(co, narg)) {
        lua_pushliteral(L, "too many arguments to resume");
        return -1;
    }
    lua_xmove(L, co, narg);
    mdk_ctl *c = mdk_ctl_of(L);
    lua_State *prev = c->running;
    c->running = co;
    status = lua_resume(co, L, narg, &nres);
    c->running = prev;
    if (c->stopped) lua_sethook(L, mdk_hook, LUA_MASKCOUNT, 1);
    if (status == LUA_OK || status == LUA_YIELD) {
        if (!lua_checkstack(L, nres + 1)) {
            lua_pop(co, nres);
            lua_pushliteral(L, "too many results to resume");
            return -1;
        }
        lua_xmove(co, L, nres);
        return nres;
    }
    lua_xmove(co, L, 1);
    return -1;
}

static int co_resume(lua_State *L) {
    lua_State *co = lua_tothread(L, 1);
    luaL_argexpected(L, co, 1, "coroutine");
    int r = co_auxresume(L, co, lua_gettop(L) - 1);
    if (r < 0) {
        lua_pushboolean(L, 0);
        lua_insert(L, -2);
        return 2;
    }
    lua_pushboolean(L, 1);
    lua_insert(L, -(r + 1));
    return r + 1;
}

static int co_auxwrap(lua_State *L) {
    lua_State *co = lua_tothread(L, lua_upvalueindex(1));
    int r = co_auxresume(L, co, lua_gettop(L));
    if (r < 0) {
        int stat = lua_status(co);
        if (stat != LUA_OK && stat != LUA_YIELD) {
            stat = mdk_closethread(co, L);
            lua_xmove(co, L, 1);
        }
        if (stat != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
            luaL_where(L, 1);
            lua_insert(L, -2);
            lua_concat(L, 2);
        }
        return lua_error(L);
    }
    return r;
}

static int co_wrap(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_State *NL = lua_newthread(L);
    lua_pushvalue(L, 1);
    lua_xmove(L, NL, 1);
    lua_pushcclosure(L, co_auxwrap, 1);
    return 1;
}

// `type` for the sandbox: a read-only table view (a host object flagged MDK_OBJ_TABLE) is a "table", so node code
// written for plain tables (`type(v) == "table"`) works on the lazy state.
static int sandbox_type(lua_State *L) {
    int t = lua_type(L, 1);
    luaL_argcheck(L, t != LUA_TNONE, 1, "value expected");
    if (t == LUA_TUSERDATA) {
        obj_box *box = to_box(L, 1);
        if (box && (box->flags & MDK_OBJ_TABLE)) { lua_pushliteral(L, "table"); return 1; }
    }
    lua_pushstring(L, lua_typename(L, t));
    return 1;
}

// `setmetatable` for the sandbox: a metatable with a `__gc` field is refused. Lua runs finalizers with hooks off,
// at any allocation and when the state closes, so a finalizer that loops could never be stopped by a deadline.
static int sandbox_setmetatable(lua_State *L) {
    int t = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    if (t == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        int has_gc = lua_rawget(L, 2) != LUA_TNIL;
        lua_pop(L, 1);
        if (has_gc) {
            luaL_where(L, 1);
            lua_pushliteral(L, "__gc metamethods are not allowed (finalizers run outside every time limit)");
            lua_concat(L, 2);
            mdk_tag_error(L, -1, MDK_KIND_SANDBOX);
            return lua_error(L);
        }
    }
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) return luaL_error(L, "cannot change a protected metatable");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

// `stopping()` for the sandbox prelude: true once the running call is being stopped (its xpcall message
// handlers are then skipped, so a handler that loops or errors cannot hold the stop back).
static int sandbox_stopping(lua_State *L) {
    lua_pushboolean(L, mdk_stop_requested(L));
    return 1;
}

// `tag(message, kind)` for the sandbox prelude: records a refusal or syntax error before it is raised.
static int sandbox_tag(lua_State *L) {
    mdk_tag_error(L, 1, (int)luaL_checkinteger(L, 2));
    return 0;
}

static int open_sandbox_libs(lua_State *L) {
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    mdk_install_patterns(L, -1);      // find, match, gmatch, gsub that stop at the deadline (patterns.c)
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    mdk_install_table_guards(L, -1);  // table.move that stops at the deadline (patterns.c)
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
    luaL_requiref(L, LUA_COLIBNAME, luaopen_coroutine, 1);
    lua_pushcfunction(L, co_resume);
    lua_setfield(L, -2, "resume");
    lua_pushcfunction(L, co_wrap);
    lua_setfield(L, -2, "wrap");
    luaL_requiref(L, LUA_OSLIBNAME, luaopen_os, 1);
    luaL_requiref(L, LUA_DBLIBNAME, luaopen_debug, 1);   // only traceback survives the sandbox
    lua_pushcfunction(L, sandbox_type);
    lua_setglobal(L, "__mdk_type");
    lua_pushcfunction(L, sandbox_tag);
    lua_setglobal(L, "__mdk_tag");
    lua_pushcfunction(L, sandbox_setmetatable);
    lua_setglobal(L, "__mdk_setmetatable");
    lua_pushcfunction(L, sandbox_stopping);
    lua_setglobal(L, "__mdk_stopping");
    lua_settop(L, 0);
    return 0;
}

void mdk_open_sandbox_libs(lua_State *L) {
    lua_pushcfunction(L, open_sandbox_libs);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) lua_pop(L, 1);
}

void mdk_gc_restart(lua_State *L) { if (!lua_gc(L, LUA_GCISRUNNING)) lua_gc(L, LUA_GCRESTART); }
void mdk_gc_collect(lua_State *L) { lua_gc(L, LUA_GCCOLLECT); }

// ---- error kinds as data --------------------------------------------------------------------------------
// The registry table "moondesk.tags" maps an error value raised on the runtime's behalf (a sandbox refusal, a
// syntax error in a required file) to its kind, so the host classifies the error that ends a call by what was
// raised, not by parsing its text.
static const char *TAGS = "moondesk.tags";

void mdk_tag_error(lua_State *L, int idx, int kind) {
    idx = lua_absindex(L, idx);
    lua_checkstack(L, 3);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, TAGS);
    lua_pushvalue(L, idx);
    lua_pushinteger(L, kind);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    mdk_ctl_of(L)->tag_count++;
}

int mdk_error_kind(lua_State *L, int idx) {
    if (lua_isnoneornil(L, idx)) return MDK_KIND_NONE;
    idx = lua_absindex(L, idx);
    lua_checkstack(L, 2);
    if (lua_getfield(L, LUA_REGISTRYINDEX, TAGS) != LUA_TTABLE) { lua_pop(L, 1); return MDK_KIND_NONE; }
    lua_pushvalue(L, idx);
    lua_rawget(L, -2);
    int kind = (int)lua_tointeger(L, -1);
    lua_pop(L, 2);
    return kind;
}

void mdk_clear_tags(lua_State *L) {
    mdk_ctl *c = mdk_ctl_of(L);
    if (c->tag_count == 0) return;
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, TAGS);
    c->tag_count = 0;
}
