// CLuaShim: the C side of Moondesk's Lua host.
//
// Swift cannot call Lua's macros, cannot call variadic luaL_error, and must never be crossed by a longjmp.
// This layer gives Swift plain functions for the macros, and it owns every place where Lua may raise an
// error on Swift's behalf: Swift callbacks return a status to the C trampoline here, and the trampoline raises.
//
// Stack effects are stated as in the Lua manual: [-o, +p, x] (pops o, pushes p, x = errors it may raise).
#ifndef CLUASHIM_H
#define CLUASHIM_H

#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
#include <stdint.h>
#include <stddef.h>

/// Per-state control block: the memory cap, the deadline, cancellation, and what tripped.
/// Owned by the Swift LuaState; the allocator and the hook read it through the state's extra space.
typedef struct mdk_ctl {
    size_t used;              // bytes currently allocated by this state
    size_t cap;               // memory cap in bytes (0 = none)
    size_t peak;              // the most ever allocated
    int strict;               // 1 while Lua code runs: allocations past the cap fail (a Lua memory error)
    int mem_tripped;          // set when an allocation was refused by the cap
    int64_t deadline_ns;      // CLOCK_MONOTONIC deadline (0 = none)
    volatile int cancel;      // set from any thread: the running Lua code is stopped
    volatile int stop_requested; // the watchdog's word to the signal handler: stop this state now
    int stopped;              // 1 = stopped by the deadline, 2 = stopped by cancellation
    int hook_count;           // unused (kept for layout)
    lua_State *volatile running; // the Lua thread executing now (main thread or a coroutine)
    int watch_depth;          // nesting of protected calls/resumes on the OS thread below
    int watched;              // on the watchdog's list (from the first armed call until mdk_unwatch)
    int64_t armed_ns;         // what the watchdog sees (atomic): 0 idle, the deadline (INT64_MAX: none) while a
                              // call runs, -1 while the watchdog signals the call's thread, -2 once it has
    int interruptible;        // register even without a deadline (async runs: cancellation must stop them)
    unsigned long os_thread;  // pthread_t of the OS thread executing the outermost call
    struct mdk_ctl *wd_next;  // the watchdog's list
    char err_source[512];     // where the last error was raised (first Lua frame), set by the message handler
    int err_line;
    void *owner;              // the Swift LuaState (unretained)
    int raise_kind;           // the kind (MDK_KIND_*) of the error Swift asks the trampoline to raise next
    int tag_count;            // errors tagged since the outermost call began
    int err_kind;             // the kind tagged on the error value that ended the last failed call (MDK_KIND_*)
    const void *obj_meta;     // the host objects' metatable (lua_topointer), set when it is made
    struct mdk_pool *pool;    // the state's small blocks (see shim.c), freed by mdk_closestate
} mdk_ctl;

/// Error kinds that travel as data: the error value raised is recorded with its kind (see mdk_tag_error), so a
/// script's own `error("sandbox: x")` is never mistaken for a refusal.
enum {
    MDK_KIND_NONE = 0,
    MDK_KIND_SANDBOX = 1,
    MDK_KIND_SYNTAX = 2,
    MDK_KIND_TRANSIENT = 3,   // a failure that may not happen again (desk.retryable, HTTP 5xx/429, I/O timeout)
};

/// Flags of a host object (mdk_push_object_flags).
enum {
    MDK_OBJ_TABLE = 1,        // a read-only view of a table: the sandbox's `type` says "table"
    MDK_OBJ_MEMO = 2,         // its entries never change: C keeps what __index and __len returned (see shim.c)
    MDK_OBJ_ENTRY = 4,        // an entry of a MDK_OBJ_MEMO object: that memo keeps its one userdata (no weak cache)
    MDK_OBJ_LIST = 8,         // its keys are 1...n (the memo is made with array slots)
    MDK_OBJ_SIZE_SHIFT = 8,   // flags >> this: how many entries the memo is made with room for
};

/// What a Swift callback returns to the trampoline.
enum {
    MDK_ERROR = -1,           // the error value is on top of the stack: the trampoline raises it
    MDK_YIELD = -2,           // an async host function is pending: the trampoline yields the coroutine
};

/// Operations the trampoline asks Swift to perform.
enum {
    MDK_OP_CALL = 0,          // call a HostFunction (target = retained HostFunction)
    MDK_OP_INDEX = 1,         // __index of a host object (target = retained object)
    MDK_OP_LEN = 2,           // __len of a host object
    MDK_OP_TOSTRING = 3,      // __tostring of a host object
    MDK_OP_RELEASE = 4,       // __gc of a boxed Swift reference: release it
    MDK_OP_NEXT = 5,          // the iterator of __pairs: (object, key) -> next key, value (or nothing)
    MDK_OP_NEWINDEX = 6,      // __newindex of a host object
};

/// Swift's single entry point: perform `op` on `target` with the arguments on L's stack.
/// Returns the number of results pushed, MDK_ERROR or MDK_YIELD. Never raises.
typedef int (*mdk_dispatch_fn)(lua_State *L, int op, void *target);
void mdk_set_dispatch(mdk_dispatch_fn fn);

/// A new state whose allocator and hook use `ctl`. NULL if out of memory.
lua_State *mdk_newstate(mdk_ctl *ctl);
/// Closes a state made by mdk_newstate and frees its small-block pool.
void mdk_closestate(lua_State *L);
mdk_ctl *mdk_ctl_of(lua_State *L);
int64_t mdk_now_ns(void);
void mdk_set_timeout(mdk_ctl *ctl, double seconds);
/// Stops the Lua code running in the state of `ctl` as soon as possible (safe from any thread).
void mdk_interrupt(mdk_ctl *ctl);
/// Forgets a control block (call before freeing it).
void mdk_unwatch(mdk_ctl *ctl);   // seconds <= 0: no deadline

/// lua_pcall with Moondesk's message handler (traceback + error location). [-(nargs+1), +(nresults|1), -]
int mdk_pcall(lua_State *L, int nargs, int nresults);
/// The fast path of LuaState's calls. Pushes the function kept at registry slot `ref`; returns the top before it.
/// [-0, +1, -]
int mdk_push_ref(lua_State *L, int ref);
/// mdk_pcall; for the outermost call (`outermost` != 0) first applies the limits (cap in bytes, 0 = none;
/// timeout in seconds, <= 0 = none) and clears what the last call tripped, then restarts a stopped collector.
/// [-(nargs+1), +(nresults|1), -]
int mdk_call_limited(lua_State *L, int nargs, int nresults, int outermost, size_t cap, double timeout);
/// 1 and the number at idx in *out when the value there is a number, else 0. [-0, +0, -]
int mdk_number_at(lua_State *L, int idx, lua_Number *out);
/// lua_resume of `co` from `from`, with allocations strict while it runs. [-nargs, +nres on co, -]
int mdk_resume(lua_State *co, lua_State *from, int nargs, int *nres);
/// Closes a suspended or dead coroutine (lua_closethread / lua_resetthread). [-0, +0, -]
int mdk_closethread(lua_State *co, lua_State *from);
/// Loads a text chunk (binary chunks are refused). [-0, +1, -]
int mdk_loadtext(lua_State *L, const char *buf, size_t len, const char *chunkname);
/// Loads bytecode `mdk_dump` made in this process (never bytes from a script). [-0, +1, -]
int mdk_loadbinary(lua_State *L, const char *buf, size_t len, const char *chunkname);
/// The bytecode of the Lua function on top of the stack, debug information kept (so messages keep their
/// lines), in a malloc'd buffer the caller frees; NULL when it cannot be dumped. [-0, +0, -]
unsigned char *mdk_dump(lua_State *L, size_t *size);
/// The message handler used by mdk_pcall, exposed for coroutine drivers. [-1, +1, m]
int mdk_msgh(lua_State *L);
/// Traceback of a coroutine `co` from level `level`, pushed on L. [-0, +1, m]
void mdk_traceback(lua_State *L, lua_State *co, const char *msg, int level);
/// Location of the first Lua frame of `co` from `level` into ctl->err_source/err_line; 1 if found.
int mdk_where(lua_State *co, int level, mdk_ctl *ctl);

/// Pushes a C closure that calls Swift with MDK_OP_CALL and the retained `fn` (released by __gc). [-0, +1, m]
void mdk_push_hostfunction(lua_State *L, void *fn);
/// Pushes a full userdata holding the retained Swift object `obj`, with the host-object metatable. [-0, +1, m]
void mdk_push_object(lua_State *L, void *obj);
/// The same, with MDK_OBJ_* flags. The same object pushed twice is the same userdata (a weak cache, or for a
/// MDK_OBJ_ENTRY its parent's memo), so views compare equal and key weak tables; the extra retain of a cached push
/// is released. [-0, +1, m]
void mdk_push_object_flags(lua_State *L, void *obj, int flags);
/// The Swift object held by the host-object userdata at idx, or NULL. [-0, +0, -]
void *mdk_to_object(lua_State *L, int idx);
/// The retained HostFunction inside a Moondesk host-function closure at idx, or NULL. [-0, +0, -]
void *mdk_to_hostfunction(lua_State *L, int idx);
/// Pushes the metatable that marks an empty table as an array (so `[]` survives a round trip). [-0, +1, m]
void mdk_push_array_marker(lua_State *L);
/// 1 if the table at idx carries the array marker. [-0, +0, -]
int mdk_has_array_marker(lua_State *L, int idx);

// Lua's macros as functions.
void mdk_pop(lua_State *L, int n);
void mdk_newtable(lua_State *L);
const char *mdk_tolstring(lua_State *L, int idx, size_t *len);   // strings only: never converts numbers
lua_Number mdk_tonumber(lua_State *L, int idx);
lua_Integer mdk_tointeger(lua_State *L, int idx);
int mdk_isinteger(lua_State *L, int idx);
void mdk_pushcfunction(lua_State *L, lua_CFunction f);
void mdk_insert(lua_State *L, int idx);
void mdk_remove(lua_State *L, int idx);
void mdk_replace(lua_State *L, int idx);
int mdk_upvalueindex(int i);
int mdk_registryindex(void);
void mdk_pushglobaltable(lua_State *L);
int mdk_isyieldable(lua_State *L);
void mdk_gc_restart(lua_State *L);   // lua_gc is variadic
void mdk_gc_collect(lua_State *L);

/// Records that the error value at idx is of `kind` (MDK_KIND_*) until mdk_clear_tags. [-0, +0, m]
void mdk_tag_error(lua_State *L, int idx, int kind);
/// The kind recorded for the error value at idx, or MDK_KIND_NONE. [-0, +0, -]
int mdk_error_kind(lua_State *L, int idx);
/// Forgets every tagged error (at the start of an outermost call). [-0, +0, m]
void mdk_clear_tags(lua_State *L);

/// Raises the stop (timeout or cancellation) naming the line of the first Lua frame from `level`, and keeps the
/// hook raising it. For C code that runs long on a script's behalf and sees mdk_stop_requested. [-0, +1, v]
int mdk_raise_stop(lua_State *L, int level);
/// 1 when the state whose Lua code this OS thread runs is being stopped: for long Swift work a host function
/// does on a script's behalf (desk.json.decode), which then gives up. [-0, +0, -]
int mdk_thread_should_stop(void);
/// 1 when the running call is being stopped (deadline or interrupt) or was stopped. [-0, +0, -]
int mdk_stop_requested(lua_State *L);
/// Sets string.find, match, gmatch and gsub of the table at `idx` to the matcher of patterns.c, which stops at
/// the deadline, and wraps string.rep so an empty string repeated any number of times is "" at once. [-0, +0, m]
void mdk_install_patterns(lua_State *L, int idx);
/// string.find(s, p) ~= nil for Swift (desk.strings): 1 found, 0 not found, -1 a malformed pattern (the message
/// in mdk_pattern_error), -2 the call running on this thread is being stopped. Never raises. [-0, +0, -]
int mdk_pattern_find(const char *s, size_t ls, const char *p, size_t lp);
/// The message of this thread's last malformed pattern in mdk_pattern_find. [-0, +0, -]
const char *mdk_pattern_error(void);
/// The limits of the call this OS thread runs, or NULL. [-0, +0, -]
mdk_ctl *mdk_thread_ctl(void);

/// Sets table.move of the table library at `idx` to one that stops at the deadline. [-0, +0, m]
void mdk_install_table_guards(lua_State *L, int idx);

/// Opens the libraries the sandbox starts from: base, string, table, math, utf8, coroutine, os, debug; and sets
/// the global `__mdk_type` (a `type` that names table views "table") for the sandbox prelude to take. [-0, +0, m]
void mdk_open_sandbox_libs(lua_State *L);

#endif
