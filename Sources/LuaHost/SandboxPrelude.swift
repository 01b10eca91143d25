/// The trusted Lua code that builds each sandboxed environment. It runs once per state with the host's
/// functions and returns `make_env(script_dir)` and `define(path, value)`. Refusals are raised at level 2,
/// so messages name the user's line.
let sandboxPrelude = #"""
local host = ...
local pairs, type, error, setmetatable, select, tostring, rawget =
      pairs, type, error, setmetatable, select, tostring, rawget
local rawload, tconcat, sformat = load, table.concat, string.format

getmetatable("").__metatable = false        -- scripts cannot reach the shared string metatable

local function refusal(name)
  return function() error("sandbox: " .. name .. " is not allowed", 2) end
end

-- A table whose missing fields are refusals: io.popen, debug.sethook, package.loadlib...
local function guarded(prefix, t)
  return setmetatable(t, { __index = function(_, k)
    error("sandbox: " .. prefix .. "." .. tostring(k) .. " is not allowed", 2)
  end, __metatable = false })
end

local function clone(t)
  local c = {}
  for k, v in pairs(t) do c[k] = type(v) == "table" and clone(v) or v end
  return c
end

local base = {}
for _, name in ipairs{ "assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall", "rawequal",
                       "rawget", "rawlen", "rawset", "select", "setmetatable", "tonumber", "tostring", "type",
                       "xpcall", "collectgarbage", "_VERSION" } do
  base[name] = _G[name]
end
local libs = { string = clone(string), table = clone(table), math = clone(math), utf8 = clone(utf8),
               coroutine = clone(coroutine) }
libs.string.dump = refusal("string.dump")
local safe_os = { time = os.time, clock = os.clock, date = os.date, difftime = os.difftime }
for _, k in ipairs{ "execute", "exit", "remove", "rename", "getenv", "tmpname", "setlocale" } do
  safe_os[k] = refusal("os." .. k)
end
local traceback = debug.traceback
local desk = {}

local function define(path, value)
  local t, last = desk, nil
  for part in path:gmatch("[^.]+") do
    if last then
      if type(t[last]) ~= "table" then t[last] = {} end
      t = t[last]
    end
    last = part
  end
  t[last] = value
end

local function make_env(dir)
  local env = {}
  for k, v in pairs(base) do env[k] = v end
  for k, v in pairs(libs) do env[k] = clone(v) end
  env.os = guarded("os", clone(safe_os))
  env.debug = guarded("debug", { traceback = traceback })
  env.io = guarded("io", {})
  env._G = env
  env.desk = clone(desk)

  local loaded = {}
  env.package = guarded("package", { loaded = loaded, path = host.search_path(dir) })

  local function load_text(text, chunkname, mode, chunk_env)
    if mode ~= nil and mode ~= "t" then error("sandbox: load mode '" .. tostring(mode) .. "' is not allowed (text only)", 3) end
    if type(text) == "string" and text:byte(1) == 27 then error("sandbox: binary chunks are not allowed", 3) end
    if type(text) ~= "string" and type(text) ~= "function" then
      error("bad argument #1 to 'load' (string expected, got " .. type(text) .. ")", 3)
    end
    return rawload(text, chunkname, "t", chunk_env == nil and env or chunk_env)
  end
  env.load = function(text, chunkname, mode, chunk_env)
    local chunk, err = load_text(text, chunkname, mode, chunk_env)
    return chunk, err
  end
  -- A required file that does not compile is a syntax error (the host reads the "syntax: " mark), not a runtime one.
  local function syntax_error(err)
    local marked, n = tostring(err):gsub("^(.-:%d+: )", "%1syntax: ", 1)
    return n == 1 and marked or "syntax: " .. tostring(err)
  end
  env.loadfile = function(path, mode, chunk_env)
    local resolved, text = host.read_script(path, dir)
    local chunk, err = load_text(text, "@" .. resolved, mode, chunk_env)
    return chunk, err
  end
  env.dofile = function(path)
    local resolved, text = host.read_script(path, dir)
    local chunk, err = load_text(text, "@" .. resolved, nil, nil)
    if not chunk then error(syntax_error(err), 0) end
    return chunk()
  end
  local loading = {}
  env.require = function(name)
    if type(name) ~= "string" then error("bad argument #1 to 'require' (string expected, got " .. type(name) .. ")", 2) end
    local m = loaded[name]
    if m ~= nil then return m end
    if loading[name] then error("require: module '" .. name .. "' requires itself (a require cycle)", 2) end
    local path, text = host.resolve(name, dir)
    local chunk, err = rawload(text, "@" .. path, "t", env)
    if not chunk then error(syntax_error(err), 0) end
    loading[name] = true
    local ok, result = pcall(chunk, name, path)
    loading[name] = nil
    if not ok then error(result, 0) end
    if result == nil then result = true end
    loaded[name] = result
    return result
  end
  env.print = function(...)
    local n, parts = select("#", ...), {}
    for i = 1, n do parts[i] = tostring((select(i, ...))) end
    host.print(tconcat(parts, "\t"))
  end
  return env
end

return { make_env = make_env, define = define }
"""#
