// Lua's string patterns (string.find, match, gmatch, gsub) for the sandbox, written here so that a deadline holds
// inside them. Lua's own matcher is C that never returns to the VM, so a backtracking pattern on a long subject
// (("a"):rep(3000):find(("a-"):rep(4) .. "b") takes hours) cannot be stopped by the count hook. This one follows
// the Lua 5.4 manual (§6.4.1) item for item and counts its steps: every 1,024 steps it looks at the state's stop
// flag (set by the watchdog at the deadline or on interrupt) and raises the same `timeout` the hook raises.
#include "CLuaShim.h"
#include <string.h>
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <pthread.h>

#define PM_MAXCAPTURES 32
#define PM_MAXDEPTH 200
#define CAP_OPEN (-1)        // a capture whose ')' has not been matched yet
#define CAP_POSITION (-2)    // a position capture "()"

typedef struct {
    const char *s0, *s_end;  // the subject
    const char *p_end;       // the end of the pattern
    lua_State *L;
    mdk_ctl *ctl;
    unsigned steps;
    int depth;               // nesting of do_match (bounded: "pattern too complex")
    int level;               // captures opened so far
    struct { const char *at; ptrdiff_t len; } cap[PM_MAXCAPTURES];
    jmp_buf *escape;         // mdk_pattern_find: errors and the stop jump here (C frames only) instead of raising
    char *err;
    size_t errlen;
} pm_state;

int mdk_raise_stop(lua_State *L, int level);

// A malformed pattern: a Lua error at the caller's line, or for mdk_pattern_find the message and a jump back.
static int pm_error(pm_state *m, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    if (m->escape) {
        vsnprintf(m->err, m->errlen, fmt, ap);
        va_end(ap);
        longjmp(*m->escape, 1);
    }
    luaL_where(m->L, 1);
    lua_pushvfstring(m->L, fmt, ap);
    va_end(ap);
    lua_concat(m->L, 2);
    return lua_error(m->L);
}

// The deadline check: a volatile read per 1,024 steps.
static void pm_tick(pm_state *m) {
    if ((++m->steps & 1023u) == 0 && m->ctl && (m->ctl->stop_requested || m->ctl->cancel)) {
        if (m->escape) longjmp(*m->escape, 2);
        mdk_raise_stop(m->L, 1);
    }
}

// The classes of each byte (the C library's, as Lua's matcher uses them), looked up once: class_matches runs
// for nearly every byte of every subject.
enum { K_A = 1, K_C = 2, K_D = 4, K_G = 8, K_L = 16, K_P = 32, K_S = 64, K_U = 128, K_W = 256, K_X = 512 };
static unsigned short byte_classes[256];
static unsigned short class_bits[256];   // for a class letter (either case): its bit; 0 for any other byte
static pthread_once_t classes_once = PTHREAD_ONCE_INIT;

static void make_classes(void) {
    for (int c = 0; c < 256; c++) {
        byte_classes[c] = (isalpha(c) ? K_A : 0) | (iscntrl(c) ? K_C : 0) | (isdigit(c) ? K_D : 0) |
                          (isgraph(c) ? K_G : 0) | (islower(c) ? K_L : 0) | (ispunct(c) ? K_P : 0) |
                          (isspace(c) ? K_S : 0) | (isupper(c) ? K_U : 0) | (isalnum(c) ? K_W : 0) |
                          (isxdigit(c) ? K_X : 0);
    }
    const char *letters = "acdglpsuwx";
    for (int i = 0; letters[i]; i++) {
        class_bits[(unsigned char)letters[i]] = (unsigned short)(1u << i);
        class_bits[toupper((unsigned char)letters[i])] = (unsigned short)(1u << i);
    }
}

static int class_matches(int c, int cl) {
    unsigned short bit = class_bits[cl];
    if (bit == 0) {
        if (cl == 'z' || cl == 'Z') return (c == 0) == (cl == 'z');   // deprecated in 5.2, still in Debian's build (LUA_COMPAT)
        return cl == c;                                              // %. %% %- ...: the character itself
    }
    int r = (byte_classes[c] & bit) != 0;
    return (cl & 0x20) ? r : !r;   // cl is a class letter: ASCII, upper case negates
}

// The end of the single-character item at p (after "%x", "[...]" or one character).
static const char *item_end(pm_state *m, const char *p) {
    char c = *p++;
    if (c == '%') {
        if (p >= m->p_end) pm_error(m, "malformed pattern (ends with '%%')");
        return p + 1;
    }
    if (c == '[') {
        if (p < m->p_end && *p == '^') p++;
        do {                              // the first character of a set is itself, even ']'
            if (p >= m->p_end) pm_error(m, "malformed pattern (missing ']')");
            c = *p++;
            if (c == '%' && p < m->p_end) p++;
        } while (p >= m->p_end || *p != ']');
        return p + 1;
    }
    return p;
}

// Does c belong to the set [p .. close], p at '[' and close at its ']'?
static int set_matches(int c, const char *p, const char *close) {
    int want = 1;
    p++;
    if (*p == '^') { want = 0; p++; }
    while (p < close) {
        if (*p == '%' && p + 1 < close) {
            if (class_matches(c, (unsigned char)p[1])) return want;
            p += 2;
        } else if (p + 2 < close && p[1] == '-') {
            if ((unsigned char)p[0] <= c && c <= (unsigned char)p[2]) return want;
            p += 3;
        } else {
            if ((unsigned char)*p == c) return want;
            p++;
        }
    }
    return !want;
}

static int single_matches(pm_state *m, const char *s, const char *p, const char *ep) {
    if (s >= m->s_end) return 0;
    int c = (unsigned char)*s;
    switch (*p) {
        case '.': return 1;
        case '%': return class_matches(c, (unsigned char)p[1]);
        case '[': return set_matches(c, p, ep - 1);
        default: return (unsigned char)*p == c;
    }
}

static const char *do_match(pm_state *m, const char *s, const char *p);

static const char *match_balance(pm_state *m, const char *s, const char *p) {
    if (p + 1 >= m->p_end) pm_error(m, "malformed pattern (missing arguments to '%%b')");
    if (s >= m->s_end || *s != p[0]) return NULL;
    char open = p[0], close = p[1];
    int depth = 1;
    while (++s < m->s_end) {
        pm_tick(m);
        if (*s == close) { if (--depth == 0) return s + 1; }
        else if (*s == open) depth++;
    }
    return NULL;
}

static int capture_index(pm_state *m, int l) {
    l -= '1';
    if (l < 0 || l >= m->level || m->cap[l].len == CAP_OPEN) return pm_error(m, "invalid capture index %%%d", l + 1);
    return l;
}

static const char *match_backref(pm_state *m, const char *s, int l) {
    l = capture_index(m, l);
    size_t len = (size_t)m->cap[l].len;
    if ((size_t)(m->s_end - s) >= len && memcmp(m->cap[l].at, s, len) == 0) return s + len;
    return NULL;
}

static const char *open_capture(pm_state *m, const char *s, const char *p, ptrdiff_t what) {
    if (m->level >= PM_MAXCAPTURES) pm_error(m, "too many captures");
    m->cap[m->level].at = s;
    m->cap[m->level].len = what;
    m->level++;
    const char *r = do_match(m, s, p);
    if (r == NULL) m->level--;
    return r;
}

static const char *close_capture(pm_state *m, const char *s, const char *p) {
    int l = -1;
    for (int i = m->level - 1; i >= 0; i--) if (m->cap[i].len == CAP_OPEN) { l = i; break; }
    if (l < 0) pm_error(m, "invalid pattern capture");
    m->cap[l].len = s - m->cap[l].at;
    const char *r = do_match(m, s, p);
    if (r == NULL) m->cap[l].len = CAP_OPEN;
    return r;
}

// Longest run of the item first, then shorter ones.
static const char *greedy(pm_state *m, const char *s, const char *p, const char *ep) {
    ptrdiff_t n = 0;
    while (single_matches(m, s + n, p, ep)) { n++; pm_tick(m); }
    for (; n >= 0; n--) {
        pm_tick(m);
        const char *r = do_match(m, s + n, ep + 1);
        if (r) return r;
    }
    return NULL;
}

// Shortest run of the item first, then longer ones.
static const char *lazy(pm_state *m, const char *s, const char *p, const char *ep) {
    for (;;) {
        pm_tick(m);
        const char *r = do_match(m, s, ep + 1);
        if (r) return r;
        if (!single_matches(m, s, p, ep)) return NULL;
        s++;
    }
}

static const char *do_match(pm_state *m, const char *s, const char *p) {
    if (++m->depth > PM_MAXDEPTH) pm_error(m, "pattern too complex");
    for (;;) {
        pm_tick(m);
        if (p >= m->p_end) break;
        if (*p == '(') {
            s = p + 1 < m->p_end && p[1] == ')' ? open_capture(m, s, p + 2, CAP_POSITION) : open_capture(m, s, p + 1, CAP_OPEN);
            goto done;
        }
        if (*p == ')') { s = close_capture(m, s, p + 1); goto done; }
        if (*p == '$' && p + 1 == m->p_end) { if (s != m->s_end) s = NULL; goto done; }
        if (*p == '%' && p + 1 < m->p_end) {
            char k = p[1];
            if (k == 'b') {
                s = match_balance(m, s, p + 2);
                if (s == NULL) goto done;
                p += 4;
                continue;
            }
            if (k == 'f') {
                p += 2;
                if (p >= m->p_end || *p != '[') pm_error(m, "missing '[' after '%%f' in pattern");
                const char *ep = item_end(m, p);
                int prev = s == m->s0 ? 0 : (unsigned char)s[-1];
                int cur = s < m->s_end ? (unsigned char)*s : 0;
                if (!set_matches(prev, p, ep - 1) && set_matches(cur, p, ep - 1)) { p = ep; continue; }
                s = NULL;
                goto done;
            }
            if (isdigit((unsigned char)k)) {
                s = match_backref(m, s, (unsigned char)k);
                if (s == NULL) goto done;
                p += 2;
                continue;
            }
        }
        {
            const char *ep = item_end(m, p);
            char q = ep < m->p_end ? *ep : '\0';
            if (!single_matches(m, s, p, ep)) {
                if (q == '*' || q == '?' || q == '-') { p = ep + 1; continue; }   // zero repetitions
                s = NULL;
                goto done;
            }
            if (q == '?') {
                const char *r = do_match(m, s + 1, ep + 1);
                if (r) { s = r; goto done; }
                p = ep + 1;
                continue;
            }
            if (q == '+') { s = greedy(m, s + 1, p, ep); goto done; }
            if (q == '*') { s = greedy(m, s, p, ep); goto done; }
            if (q == '-') { s = lazy(m, s, p, ep); goto done; }
            s++;
            p = ep;
        }
    }
done:
    m->depth--;
    return s;
}

// ---- captures to Lua values --------------------------------------------------------------------------------
static void push_capture(pm_state *m, int i, const char *s, const char *e) {
    if (i >= m->level) {
        if (i != 0) pm_error(m, "invalid capture index %%%d", i + 1);
        lua_pushlstring(m->L, s, (size_t)(e - s));      // no captures: the whole match
        return;
    }
    ptrdiff_t len = m->cap[i].len;
    if (len == CAP_OPEN) pm_error(m, "unfinished capture");
    if (len == CAP_POSITION) lua_pushinteger(m->L, (lua_Integer)(m->cap[i].at - m->s0) + 1);
    else lua_pushlstring(m->L, m->cap[i].at, (size_t)len);
}

// Pushes the captures (or the whole match when `whole` and there are none); returns how many.
static int push_captures(pm_state *m, const char *s, const char *e, int whole) {
    int n = (m->level == 0 && whole) ? 1 : m->level;
    luaL_checkstack(m->L, n, "too many captures");
    for (int i = 0; i < n; i++) push_capture(m, i, s, e);
    return n;
}

// A matcher over s for p, stopped by ctl (NULL: never); L raises its errors (NULL: mdk_pattern_find's escape).
static void pm_start(pm_state *m, lua_State *L, mdk_ctl *ctl, const char *s, size_t ls, const char *p, size_t lp) {
    pthread_once(&classes_once, make_classes);
    m->L = L;
    m->ctl = ctl;
    m->s0 = s;
    m->s_end = s + ls;
    m->p_end = p + lp;
    m->steps = 0;
    m->depth = 0;
    m->level = 0;
    m->escape = NULL;
}

static void pm_init(pm_state *m, lua_State *L, const char *s, size_t ls, const char *p, size_t lp) {
    pm_start(m, L, mdk_ctl_of(L), s, ls, p, lp);
}

static void pm_reset(pm_state *m) { m->level = 0; m->depth = 0; }

// A 1-based (maybe negative) position as an offset; past the end gives len + 1.
static size_t start_offset(lua_Integer pos, size_t len) {
    if (pos > 0) return (size_t)pos - 1;
    if (pos == 0 || (size_t)-pos > len) return 0;
    return len - (size_t)-pos;
}

static int has_specials(const char *p, size_t lp) {
    for (size_t i = 0; i < lp; i++) if (strchr("^$*+?.([%-", p[i])) return 1;
    return 0;
}

static const char *find_plain(const char *s, size_t ls, const char *p, size_t lp) {
    if (lp == 0) return s;
    if (lp > ls) return NULL;
    for (const char *at = s; at + lp <= s + ls; at++) {
        at = memchr(at, *p, (size_t)(s + ls - at) - lp + 1);
        if (at == NULL) return NULL;
        if (memcmp(at, p, lp) == 0) return at;
    }
    return NULL;
}

// The end of the pattern's first item when every match must start with one character of it (a character, '.',
// a class or a set, not followed by '*', '?' or '-'), else NULL: a search then skips the positions that character
// cannot match without entering do_match. The pattern is checked as do_match would check it.
static const char *required_first(pm_state *m, const char *p) {
    if (p >= m->p_end) return NULL;
    char c = *p;
    if (c == '(' || c == ')' || (c == '$' && p + 1 == m->p_end)) return NULL;
    if (c == '%' && p + 1 < m->p_end && (p[1] == 'b' || p[1] == 'f' || isdigit((unsigned char)p[1]))) return NULL;
    const char *ep = item_end(m, p);
    if (ep < m->p_end && (*ep == '*' || *ep == '?' || *ep == '-')) return NULL;
    return ep;
}

// The first match of p (its '^' already taken off: `anchored`) from `at` on: its start, its end in *end; NULL
// when there is none. Positions where the required first item cannot match are skipped without do_match.
static const char *pm_search(pm_state *m, const char *at, const char *p, int anchored, const char **end) {
    const char *first = anchored ? NULL : required_first(m, p);
    do {
        if (first && !single_matches(m, at, p, first)) { pm_tick(m); continue; }
        pm_reset(m);
        const char *e = do_match(m, at, p);
        if (e != NULL) { *end = e; return at; }
        pm_tick(m);
    } while (at++ < m->s_end && !anchored);
    return NULL;
}

static int find_or_match(lua_State *L, int find) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    if (init > ls) { luaL_pushfail(L); return 1; }
    if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
        const char *at = find_plain(s + init, ls - init, p, lp);
        if (at == NULL) { luaL_pushfail(L); return 1; }
        lua_pushinteger(L, (lua_Integer)(at - s) + 1);
        lua_pushinteger(L, (lua_Integer)(at - s + lp));
        return 2;
    }
    pm_state m;
    int anchored = lp > 0 && *p == '^';
    if (anchored) { p++; lp--; }
    pm_init(&m, L, s, ls, p, lp);
    const char *e;
    const char *at = pm_search(&m, s + init, p, anchored, &e);
    if (at == NULL) { luaL_pushfail(L); return 1; }
    if (find) {
        lua_pushinteger(L, (lua_Integer)(at - s) + 1);
        lua_pushinteger(L, (lua_Integer)(e - s));
        return push_captures(&m, NULL, NULL, 0) + 2;
    }
    return push_captures(&m, at, e, 1);
}

static __thread char pattern_error[160];
const char *mdk_pattern_error(void) { return pattern_error; }

int mdk_pattern_find(const char *s, size_t ls, const char *p, size_t lp) {
    if (!has_specials(p, lp)) return find_plain(s, ls, p, lp) != NULL;
    int anchored = lp > 0 && *p == '^';
    if (anchored) { p++; lp--; }
    pm_state m;
    jmp_buf escape;
    pm_start(&m, NULL, mdk_thread_ctl(), s, ls, p, lp);
    m.escape = &escape;
    m.err = pattern_error;
    m.errlen = sizeof pattern_error;
    int jumped = setjmp(escape);
    if (jumped) return -jumped;
    const char *e;
    return pm_search(&m, s, p, anchored, &e) != NULL;
}

static int str_find(lua_State *L) { return find_or_match(L, 1); }
static int str_match(lua_State *L) { return find_or_match(L, 0); }

// ---- gmatch ------------------------------------------------------------------------------------------------
typedef struct {
    pm_state m;
    const char *at;          // where the next search starts
    const char *last;        // end of the last match (an empty match there is skipped)
} gmatch_state;

static int gmatch_next(lua_State *L) {
    gmatch_state *g = (gmatch_state *)lua_touserdata(L, lua_upvalueindex(3));
    size_t ls, lp;
    // the subject and pattern stay alive as upvalues 1 and 2; refresh the state's pointers to them
    const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
    const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
    ptrdiff_t at = g->at - g->m.s0, last = g->last ? g->last - g->m.s0 : -1;
    pm_init(&g->m, L, s, ls, p, lp);
    g->at = s + at;
    g->last = last >= 0 ? s + last : NULL;
    const char *first = g->at <= g->m.s_end ? required_first(&g->m, p) : NULL;
    for (; g->at <= g->m.s_end; g->at++) {
        if (first && !single_matches(&g->m, g->at, p, first)) { pm_tick(&g->m); continue; }
        pm_reset(&g->m);
        const char *e = do_match(&g->m, g->at, p);
        if (e != NULL && e != g->last) {
            const char *start = g->at;
            g->at = g->last = e;
            return push_captures(&g->m, start, e, 1);
        }
        pm_tick(&g->m);
    }
    return 0;
}

static int str_gmatch(lua_State *L) {
    size_t ls;
    const char *s = luaL_checklstring(L, 1, &ls);
    luaL_checkstring(L, 2);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    if (init > ls) init = ls + 1;
    lua_settop(L, 2);
    gmatch_state *g = (gmatch_state *)lua_newuserdatauv(L, sizeof(gmatch_state), 0);
    g->m.s0 = s;
    g->at = s + init;
    g->last = NULL;
    lua_pushcclosure(L, gmatch_next, 3);
    return 1;
}

// ---- gsub --------------------------------------------------------------------------------------------------
static void add_replacement_text(pm_state *m, luaL_Buffer *b, const char *s, const char *e, int repl) {
    size_t len;
    const char *r = lua_tolstring(m->L, repl, &len);
    const char *end = r + len;
    while (r < end) {
        const char *pct = memchr(r, '%', (size_t)(end - r));
        if (pct == NULL) { luaL_addlstring(b, r, (size_t)(end - r)); break; }
        luaL_addlstring(b, r, (size_t)(pct - r));
        pct++;
        if (pct >= end) pm_error(m, "invalid use of '%%' in replacement string");
        if (*pct == '%') luaL_addchar(b, '%');
        else if (*pct == '0') luaL_addlstring(b, s, (size_t)(e - s));
        else if (isdigit((unsigned char)*pct)) {
            push_capture(m, *pct - '1', s, e);
            luaL_tolstring(m->L, -1, NULL);      // a position capture becomes its number's text
            lua_remove(m->L, -2);
            luaL_addvalue(b);
        } else pm_error(m, "invalid use of '%%' in replacement string");
        r = pct + 1;
    }
}

// Adds the replacement of the match s..e; returns 1 when it changed the text.
static int add_replacement(pm_state *m, luaL_Buffer *b, const char *s, const char *e, int kind) {
    lua_State *L = m->L;
    if (kind == LUA_TSTRING || kind == LUA_TNUMBER) {
        add_replacement_text(m, b, s, e, 3);
        return 1;
    }
    if (kind == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        int n = push_captures(m, s, e, 1);
        lua_call(L, n, 1);
    } else {
        push_capture(m, 0, s, e);
        lua_gettable(L, 3);
    }
    if (!lua_toboolean(L, -1)) {                  // nil or false: keep the original text
        lua_pop(L, 1);
        luaL_addlstring(b, s, (size_t)(e - s));
        return 0;
    }
    if (!lua_isstring(L, -1)) return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    luaL_addvalue(b);
    return 1;
}

static int str_gsub(lua_State *L) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    int kind = lua_type(L, 3);
    lua_Integer max = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    luaL_argexpected(L, kind == LUA_TNUMBER || kind == LUA_TSTRING || kind == LUA_TFUNCTION || kind == LUA_TTABLE, 3,
                     "string/function/table");
    int anchored = lp > 0 && *p == '^';
    if (anchored) { p++; lp--; }
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    pm_state m;
    pm_init(&m, L, s, ls, p, lp);
    const char *at = s, *last = NULL;
    lua_Integer n = 0;
    int changed = 0;
    const char *first = n < max ? required_first(&m, p) : NULL;
    while (n < max) {
        pm_reset(&m);
        const char *e = first && !single_matches(&m, at, p, first) ? NULL : do_match(&m, at, p);
        if (e != NULL && e != last) {
            n++;
            changed |= add_replacement(&m, &b, at, e, kind);
            at = last = e;
        } else if (at < m.s_end) {
            luaL_addchar(&b, *at++);
        } else break;
        pm_tick(&m);
        if (anchored) break;
    }
    if (!changed) lua_pushvalue(L, 1);
    else {
        luaL_addlstring(&b, at, (size_t)(m.s_end - at));
        luaL_pushresult(&b);
    }
    lua_pushinteger(L, n);
    return 2;
}

// ---- the other C loops a script can make unbounded -------------------------------------------------------
// string.rep of an empty string (and separator) n times is Lua's loop of n empty copies: ("").rep("", 2^62)
// allocates nothing, so no memory cap ends it. The answer is the empty string, at once.
static int str_rep(lua_State *L) {
    size_t l, lsep;
    luaL_checklstring(L, 1, &l);
    luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (l + lsep == 0) { lua_pushliteral(L, ""); return 1; }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

// table.move(a1, f, e, t [, a2]) as the manual has it, with the deadline checked as it goes: moving nils
// between empty tables allocates nothing, so table.move({}, 1, 1e18, 1) would otherwise run for ages.
static int tab_move(lua_State *L) {
    lua_Integer f = luaL_checkinteger(L, 2);
    lua_Integer e = luaL_checkinteger(L, 3);
    lua_Integer t = luaL_checkinteger(L, 4);
    int dest = lua_isnoneornil(L, 5) ? 1 : 5;
    luaL_checkany(L, 1);
    if (dest != 1) luaL_checkany(L, 5);
    mdk_ctl *c = mdk_ctl_of(L);
    if (e >= f) {
        luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
        lua_Integer n = e - f + 1;
        luaL_argcheck(L, t <= LUA_MAXINTEGER - n + 1, 4, "destination wrap around");
        int backwards = t > f && t <= e && (dest == 1 || lua_compare(L, 1, dest, LUA_OPEQ));
        for (lua_Integer k = 0; k < n; k++) {
            if ((k & 1023) == 1023 && (c->stop_requested || c->cancel)) mdk_raise_stop(L, 1);
            lua_Integer i = backwards ? n - 1 - k : k;
            lua_geti(L, 1, f + i);
            lua_seti(L, dest, t + i);
        }
    }
    lua_pushvalue(L, dest);
    return 1;
}

void mdk_install_table_guards(lua_State *L, int table_lib) {
    table_lib = lua_absindex(L, table_lib);
    lua_pushcfunction(L, tab_move);
    lua_setfield(L, table_lib, "move");
}

void mdk_install_patterns(lua_State *L, int string_table) {
    string_table = lua_absindex(L, string_table);
    static const luaL_Reg fns[] = {
        { "find", str_find }, { "match", str_match }, { "gmatch", str_gmatch }, { "gsub", str_gsub }, { NULL, NULL },
    };
    for (const luaL_Reg *f = fns; f->name; f++) {
        lua_pushcfunction(L, f->func);
        lua_setfield(L, string_table, f->name);
    }
    lua_getfield(L, string_table, "rep");
    lua_pushcclosure(L, str_rep, 1);
    lua_setfield(L, string_table, "rep");
}
