-- `desk.readonly(t [, name])`: a read-only view of a Lua table (a node's state is a Swift view, LuaValueView). Reads, `#`,
-- `pairs` and `ipairs` see the table (nested tables as views too), writes raise an error naming the path. The view's
-- metatable holds the table under `__view_of`, so a view passed to a host function converts to the `LuaValue` of
-- the table behind it (see `LuaState.table(at:on:path:)`); Lua code cannot reach it (`__metatable`).
local define = ...
local views = setmetatable({}, { __mode = "k" })      -- table -> its view
local function readonly(t, path)
  if type(t) ~= "table" then return t end
  local view = views[t]
  if view then return view end
  view = setmetatable({}, {
    __view_of = t,
    __index = function(_, k)
      local v = t[k]
      if type(v) == "table" then return readonly(v, path .. "." .. tostring(k)) end
      return v
    end,
    __newindex = function(_, k)
      error(path .. " is read-only (writing " .. tostring(k) .. "): return the fields to change instead", 2)
    end,
    __len = function() return #t end,
    __pairs = function()
      return function(_, k)
        local nk, nv = next(t, k)
        if type(nv) == "table" then nv = readonly(nv, path .. "." .. tostring(nk)) end
        return nk, nv
      end, nil, nil
    end,
    __metatable = "read-only",
  })
  views[t] = view
  return view
end
define("readonly", function(t, name) return readonly(t, name or "state") end)
