-- The sandbox: trusted Lua that runs once per state, with the host's functions, and returns
-- { make_env, define, call }. Every script runs in an environment of its own (make_env), so a script that
-- overwrites globals, `desk` fields or library functions leaves the next one a clean environment, and each file
-- is compiled once per state and version (its SHA-256), however many runs require it.
--
-- Refusals and syntax errors of required files are raised through `raise`, which records the error value with
-- its kind (C: mdk_tag_error): the host classifies an error by what was raised, never by parsing its text.
local host = ...
local pairs, ipairs, error, setmetatable, select, tostring, rawget, rawset, rawequal, next, pcall =
      pairs, ipairs, error, setmetatable, select, tostring, rawget, rawset, rawequal, next, pcall
local rawtype = type
local rawload, tconcat, tsort, tunpack, sformat = load, table.concat, table.sort, table.unpack, string.format
local rawgetmetatable, setupvalue, getinfo, traceback = debug.getmetatable, debug.setupvalue, debug.getinfo, debug.traceback
local ostime, osdate, osclock, osdifftime = os.time, os.date, os.clock, os.difftime
-- C functions the shim left for us (see mdk_open_sandbox_libs)
local viewtype, tag, checked_setmetatable, stopping = __mdk_type, __mdk_tag, __mdk_setmetatable, __mdk_stopping
__mdk_type, __mdk_tag, __mdk_setmetatable, __mdk_stopping = nil, nil, nil, nil
local rawxpcall = xpcall
local type = viewtype
local KIND = { sandbox = 1, syntax = 2 }

getmetatable("").__metatable = false        -- scripts cannot reach the shared string metatable

-- error(text, level) with the error's kind recorded; level as for error (1: the caller of raise's caller...).
local function raise(kind, text, level)
  local where = ""
  if level > 0 then
    local info = getinfo(level + 1, "Sl")
    if info and info.currentline and info.currentline > 0 then
      local src = info.source
      where = (src:sub(1, 1) == "@" and src:sub(2) or info.short_src) .. ":" .. info.currentline .. ": "
    end
  end
  local message = where .. text
  tag(message, KIND[kind])
  error(message, 0)
end

local function refusal(name)
  return function() raise("sandbox", name .. " is not allowed", 2) end
end

-- A table whose missing fields are refusals: io.popen, debug.sethook, package.loadlib...
local function guarded(prefix, t)
  return setmetatable(t, { __index = function(_, k)
    raise("sandbox", prefix .. "." .. tostring(k) .. " is not allowed", 2)
  end, __metatable = false })
end

-- ---- deterministic iteration ---------------------------------------------------------------------------
-- Lua's table order depends on a hash seed chosen per process, so `pairs` would make a decision depend on the
-- run. The sandbox's pairs and next visit keys in a fixed order: numbers ascending, then strings by byte, then
-- booleans; keys of other types (tables, functions) after them in the table's own order.
local RANK = { number = 1, string = 2, boolean = 3 }
local function key_less(a, b)
  local ta, tb = rawtype(a), rawtype(b)
  if ta ~= tb then return (RANK[ta] or 4) < (RANK[tb] or 4) end
  if ta == "number" or ta == "string" then return a < b end
  if ta == "boolean" then return b and not a end
  return false
end

-- Each kind of key is sorted with Lua's own comparison (in C), then the kinds are laid end to end: no Lua
-- comparator runs, so a fixed order costs a sort per traversal and little more.
local function sorted_keys(t)
  local numbers, strings, others, nn, ns, no = {}, {}, nil, 0, 0, 0
  for k in next, t do
    local tk = rawtype(k)
    if tk == "number" then nn = nn + 1; numbers[nn] = k
    elseif tk == "string" then ns = ns + 1; strings[ns] = k
    else others = others or {}; no = no + 1; others[no] = k end
  end
  if nn > 1 then tsort(numbers) end
  if ns > 1 then tsort(strings) end
  if ns > 0 then
    if nn == 0 and no == 0 then return strings, ns end
    for i = 1, ns do numbers[nn + i] = strings[i] end
  end
  local n = nn + ns
  if no > 0 then
    tsort(others, key_less)      -- booleans (false, true), then keys of other types in the table's own order
    for i = 1, no do numbers[n + i] = others[i] end
    n = n + no
  end
  return numbers, n
end

local orders = setmetatable({}, { __mode = "k" })   -- table -> { keys, position of each key } of its last traversal
local function det_next(t, k)
  if rawtype(t) ~= "table" then error("bad argument #1 to 'next' (table expected, got " .. type(t) .. ")", 2) end
  local order, i
  if k == nil then
    local keys, n = sorted_keys(t)
    if n == 0 then return nil end
    local at = {}
    for j = 1, n do at[keys[j]] = j end
    order = { keys, at }
    orders[t] = order
    i = 0
  else
    order = orders[t]
    i = order and order[2][k]
    if i == nil then error("invalid key to 'next'", 2) end
  end
  local keys = order[1]
  while true do
    i = i + 1
    local key = keys[i]
    if key == nil then return nil end
    local v = rawget(t, key)
    if v ~= nil then return key, v end
  end
end

local function det_pairs(t)
  local mt = rawgetmetatable(t)
  local meta = mt and rawget(mt, "__pairs")
  if meta then
    local f, s, c = meta(t)
    return f, s, c
  end
  if rawtype(t) ~= "table" then error("bad argument #1 to 'for iterator' (table expected, got " .. type(t) .. ")", 2) end
  local keys, n = sorted_keys(t)
  local i = 0
  return function()
    while true do
      i = i + 1
      if i > n then return nil end
      local key = keys[i]
      local v = rawget(t, key)
      if v ~= nil then return key, v end
    end
  end, t, nil
end

-- ---- deterministic tostring ----------------------------------------------------------------------------
-- "table: 0x55d0..." is an address; in the sandbox a table, function or coroutine without __tostring or __name
-- is named by the order in which the run first printed it ("table: 0x0000000000000001"), and string.format's
-- %s uses the same names.
local names, named = nil, 0   -- made on the first name a run gives (most runs print no table)
local ADDRESSED = { table = true, ["function"] = true, thread = true, userdata = true }
local raw_tostring = tostring
local function det_tostring(v)
  local t = rawtype(v)
  if ADDRESSED[t] then
    local mt = rawgetmetatable(v)
    if not (mt and (rawget(mt, "__tostring") or rawget(mt, "__name"))) then
      if not names then names = setmetatable({}, { __mode = "k" }) end
      local name = names[v]
      if not name then
        named = named + 1
        name = sformat("%s: 0x%016x", t == "userdata" and "userdata" or t, named)
        names[v] = name
      end
      return name
    end
  end
  return raw_tostring(v)
end
tostring = det_tostring

local raw_format = string.format
-- Only the arguments of %s are renamed: %q of a table must still fail ("no literal form") as in plain Lua.
local function conversions(fmt)
  local list, pos = {}, 1
  while true do
    local s, e, conv = fmt:find("%%[-+ #0-9.]*(.)", pos)
    if not s then return list end
    if conv ~= "%" then list[#list + 1] = conv end
    pos = e + 1
  end
end
string.format = function(fmt, ...)
  local n = select("#", ...)
  for i = 1, n do
    if ADDRESSED[rawtype((select(i, ...)))] then
      local args, convs = { ... }, conversions(rawtype(fmt) == "string" and fmt or "")
      for j = i, n do
        if convs[j] == "s" and ADDRESSED[rawtype(args[j])] then args[j] = det_tostring(args[j]) end
      end
      return raw_format(fmt, tunpack(args, 1, n))
    end
  end
  return raw_format(fmt, ...)
end
sformat = string.format

-- ---- what every environment reads through -----------------------------------------------------------
local shared = {}
for _, name in ipairs{ "assert", "error", "getmetatable", "ipairs", "pcall", "rawequal", "rawget", "rawlen",
                       "rawset", "select", "setmetatable", "tonumber", "xpcall", "collectgarbage", "_VERSION" } do
  shared[name] = _G[name]
end
shared.type, shared.pairs, shared.next, shared.tostring = viewtype, det_pairs, det_next, det_tostring
-- No finalizers (Lua runs __gc with hooks off: a deadline could not stop one), and no xpcall message handler
-- once the call is being stopped (a handler that loops would otherwise run again for every error it raises).
shared.setmetatable = checked_setmetatable
shared.xpcall = function(f, handler, ...)
  if rawtype(handler) ~= "function" then return rawxpcall(f, handler, ...) end
  return rawxpcall(f, function(e)
    if stopping() then return e end
    return handler(e)
  end, ...)
end
local libs = { string = string, table = table, math = math, utf8 = utf8, coroutine = coroutine }
string.dump = refusal("string.dump")   -- the one string table: ("").dump reaches the refusal too
for name, lib in pairs(libs) do shared[name] = lib end
local desk = {}
shared.desk = desk

-- A per-environment copy of a shared table made on first use: reads fall through to `src` (nested tables get
-- layers of their own), writes stay in the layer. Cheap to make, so each run can have its own. What a read
-- found is kept in the layer, so `math.abs` in a loop is a plain table read after the first, not a call.
local function layer(src)
  return setmetatable({}, {
    __index = function(self, k)
      local v = src[k]
      if rawtype(v) == "table" then v = layer(v) end
      if v ~= nil then rawset(self, k, v) end
      return v
    end,
    __pairs = function(self)
      local keys, n = sorted_keys(src)
      local own = {}
      for k in next, self do if src[k] == nil then own[#own + 1] = k end end
      tsort(own, key_less)
      local i, j = 0, 0
      return function()
        while i < n do
          i = i + 1
          local v = self[keys[i]]
          if v ~= nil then return keys[i], v end
        end
        while j < #own do
          j = j + 1
          local v = rawget(self, own[j])
          if v ~= nil then return own[j], v end
        end
      end, self, nil
    end,
  })
end

local function define(path, value)
  local t, last = desk, nil
  for part in path:gmatch("[^.]+") do
    if last then
      if rawtype(t[last]) ~= "table" then t[last] = {} end
      t = t[last]
    end
    last = part
  end
  t[last] = value
end

-- ---- compiled files, per state and version ----------------------------------------------------------
local compiled = {}   -- path -> { sha, chunk }: a chunk is compiled once per version, then re-run per environment

local function chunk_of(path, sha)
  local c = compiled[path]
  if c and c.sha == sha then return c.chunk end
  local code, read_sha, binary = host.read(path)
  local chunk, err = rawload(code, "@" .. path, binary and "b" or "t")
  if not chunk then raise("syntax", err, 0) end
  compiled[path] = { sha = read_sha, chunk = chunk }
  return chunk
end

-- Names `require` and `package.loaded` answer with the environment's own library, as plain Lua's
-- package.loaded holds its libraries: `require "string" == string`, and a file utf8.lua may require "utf8".
local LIBRARY = { string = true, table = true, math = true, utf8 = true, coroutine = true, os = true,
                  debug = true, io = true, package = true, _G = true }

-- The os, debug and io libraries a script sees: their refusals are made once; clock and date read the run's clock.
local OS_REFUSED = {}
for _, k in ipairs{ "execute", "exit", "remove", "rename", "getenv", "tmpname", "setlocale" } do
  OS_REFUSED[k] = refusal("os." .. k)
end

-- load(text, chunkname, mode, chunk_env) of the environment `env`: text chunks only.
local function load_text(env, text, chunkname, mode, chunk_env)
  if mode ~= nil and mode ~= "t" then raise("sandbox", "load mode '" .. tostring(mode) .. "' is not allowed (text only)", 3) end
  if rawtype(text) == "string" and text:byte(1) == 27 then raise("sandbox", "binary chunks are not allowed", 3) end
  if rawtype(text) ~= "string" and rawtype(text) ~= "function" then
    error("bad argument #1 to 'load' (string expected, got " .. type(text) .. ")", 3)
  end
  return rawload(text, chunkname, "t", chunk_env == nil and env or chunk_env)
end

-- Every environment's print: the arguments through the deterministic tostring, to the host (stdout or the log).
local function print(...)
  local n, parts = select("#", ...), {}
  for i = 1, n do parts[i] = det_tostring((select(i, ...))) end
  host.print(tconcat(parts, "\t"))
end

-- `package.loaded` answers the library names with the environment's own library (see LIBRARY).
local function loaded_library(env, t, name)
  if LIBRARY[name] then
    local lib = env[name]
    rawset(t, name, lib)
    return lib
  end
end

-- The environment's own globals, made when a script first names them: most runs use none. Each maker takes
-- the run's environment, folder, clock and `loaded` table, so making an environment makes none of them.
local MAKERS = {
  _G = function(env) return env end,
  os = function(_, _, clock)
    local os = {
      clock = osclock, difftime = osdifftime,
      -- A decision is a function of its inputs: the clock of a run is its as-of instant.
      time = function(t) if t == nil then return clock or ostime() end return ostime(t) end,
      date = function(fmt, t) if t == nil then t = clock or ostime() end return osdate(fmt, t) end,
    }
    for k, f in next, OS_REFUSED do os[k] = f end
    return guarded("os", os)
  end,
  debug = function() return guarded("debug", { traceback = traceback }) end,
  io = function() return guarded("io", {}) end,
  package = function(env, dir, _, loaded)
    setmetatable(loaded, { __index = function(t, name) return loaded_library(env, t, name) end })
    return setmetatable({ loaded = loaded }, { __index = function(t, k)
      if k == "path" then
        local path = host.search_path(dir)
        rawset(t, "path", path)
        return path
      end
      raise("sandbox", "package." .. tostring(k) .. " is not allowed", 2)
    end, __metatable = false })
  end,
  load = function(env)
    return function(text, chunkname, mode, chunk_env)
      local chunk, err = load_text(env, text, chunkname, mode, chunk_env)
      return chunk, err
    end
  end,
  loadfile = function(env, dir)
    return function(path, mode, chunk_env)
      local resolved, text = host.read_script(path, dir)
      local chunk, err = load_text(env, text, "@" .. resolved, mode, chunk_env)
      return chunk, err
    end
  end,
  dofile = function(env, dir)
    return function(path)
      local resolved, text = host.read_script(path, dir)
      local chunk, err = load_text(env, text, "@" .. resolved, nil, nil)
      if not chunk then raise("syntax", err, 0) end
      return chunk()
    end
  end,
  print = function() return print end,
}

local function make_env(dir, clock)
  local env = {}
  local loading = {}
  local loaded = {}
  local made          -- the makers this environment ran, once it ran one
  local function require(name)
    if rawtype(name) ~= "string" then error("bad argument #1 to 'require' (string expected, got " .. type(name) .. ")", 2) end
    local m = loaded[name]
    if m == nil and LIBRARY[name] then m = loaded_library(env, loaded, name) end
    if m ~= nil then return m end
    if loading[name] then error("require: module '" .. name .. "' requires itself (a require cycle)", 2) end
    local path, sha = host.resolve(name, dir)
    local chunk = chunk_of(path, sha)
    setupvalue(chunk, 1, env)                 -- a compiled chunk runs again in this run's environment
    loading[name] = true
    local ok, result = pcall(chunk, name, path)
    loading[name] = nil
    if not ok then error(result, 0) end
    if result == nil then result = true end
    loaded[name] = result
    return result
  end
  env.require = require
  setmetatable(env, { __index = function(self, k)
    local make = MAKERS[k]
    local v
    if make and not (made and made[k]) then
      made = made or {}
      made[k] = true
      v = make(env, dir, clock, loaded)
    else
      v = shared[k]
      if rawtype(v) == "table" then
        v = layer(v)
        if k == "desk" and clock then rawset(v, "now", function() return clock end) end
      end
    end
    if v ~= nil then rawset(self, k, v) end   -- kept: the next read of `ipairs` is a table read, not this call
    return v
  end })
  return env
end

-- call(dir, clock, module, fname, ...): in a fresh environment, require(module) and call its fname(...). The one
-- way the host runs a handler, a node, a router or a planner; `module` is a dotted name, or a path to a .lua file.
local function call(dir, clock, module, fname, ...)
  names, named = nil, 0
  local env = make_env(dir, clock)
  local m
  if module:sub(-4) == ".lua" then
    local chunk = chunk_of(module, host.sha(module))
    setupvalue(chunk, 1, env)
    m = chunk()
  else
    m = env.require(module)
  end
  local f = rawtype(m) == "table" and m[fname] or nil
  if rawtype(f) ~= "function" then
    error(sformat("module %s must return a table with a %s function, got %s", module, fname,
          rawtype(m) == "table" and (type(f) .. " for " .. fname) or type(m)), 0)
  end
  return f(...)
end

return { make_env = make_env, define = define, call = call }
