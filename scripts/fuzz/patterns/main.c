// The sandbox's pattern matcher (Sources/CLuaShim/patterns.c) against liblua5.4's own, call by call: diff.lua
// runs string.find/match/gmatch/gsub and mine.* on the same subjects and patterns and prints every difference.
#include "CLuaShim.h"
#include <stdio.h>
#include <stdlib.h>
static int noop(lua_State *L, int op, void *t) { (void)L; (void)op; (void)t; return 0; }
int main(int argc, char **argv) {
    mdk_ctl *ctl = calloc(1, sizeof *ctl);
    lua_State *L = mdk_newstate(ctl);
    mdk_set_dispatch(noop);
    luaL_openlibs(L);
    lua_newtable(L);
    lua_getglobal(L, "string");
    lua_getfield(L, -1, "rep");
    lua_setfield(L, -3, "rep");
    lua_pop(L, 1);
    mdk_install_patterns(L, -1);
    lua_setglobal(L, "mine");
    if (luaL_dofile(L, argv[1]) != LUA_OK) { fprintf(stderr, "%s\n", lua_tostring(L, -1)); return 1; }
    return 0;
}
