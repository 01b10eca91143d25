-- The Lua half of the graph API: `desk.new_graph()` returns the builder `agents/graph.lua` and an agent's
-- `graph` function declare the decision graph with (`g:node`, `g:edge`, `g:route`, `g:parallel`...); each call
-- records one operation with the file and line it came from (`desk.caller()`), and `LuaGraph` turns the list into
-- a `GraphDefinition`.
local define = ...

local Graph = {}
Graph.__index = Graph

local function record(self, op)
  local file, line = desk.caller()
  op.file, op.line = file, line
  self.ops[#self.ops + 1] = op
  return self
end

local function check_name(what, name)
  if type(name) ~= "string" or name == "" then
    error(what .. " must be a non-empty string, got " .. type(name), 3)
  end
end

local function options(opts)
  if opts == nil then return {} end
  if type(opts) ~= "table" then error("options must be a table like { timeout = 30 }, got " .. type(opts), 3) end
  if opts.timeout ~= nil and (type(opts.timeout) ~= "number" or opts.timeout <= 0) then
    error("timeout must be a positive number of seconds", 3)
  end
  return opts
end

-- g:node(name, module [, { timeout = seconds }]): a node run by module.run(state, ctx).
function Graph:node(name, module, opts)
  check_name("node name", name); check_name("node module", module)
  opts = options(opts)
  return record(self, { op = "node", name = name, handler = module, timeout = opts.timeout })
end

-- g:replace(name, module [, opts]): the node keeps its edges, runs another module.
function Graph:replace(name, module, opts)
  check_name("node name", name); check_name("node module", module)
  opts = options(opts)
  return record(self, { op = "replace", name = name, handler = module, timeout = opts.timeout })
end

-- g:remove(name): drops a node and the edges leaving it.
function Graph:remove(name)
  check_name("node name", name)
  return record(self, { op = "remove", name = name })
end

-- g:edge(from, to): after `from`, `to` runs (a node, a fork or "END").
function Graph:edge(from, to)
  check_name("edge source", from); check_name("edge target", to)
  return record(self, { op = "edge", from = from, to = to })
end

-- g:route(from, { target = "label", ... } [, module]): after `from`, module.route(state, ctx) names the next
-- vertex, one of the targets. The module is the node's own by default.
function Graph:route(from, targets, module)
  check_name("route source", from)
  if type(targets) ~= "table" then error("route targets must be a table { name = \"label\" } or a list", 2) end
  local names, labels = {}, {}
  for k, v in pairs(targets) do
    if type(k) == "number" then names[#names + 1] = v else names[#names + 1] = k; labels[k] = tostring(v) end
  end
  table.sort(names)
  if module ~= nil then check_name("route module", module) end
  return record(self, { op = "route", from = from, targets = names, labels = labels, router = module })
end

-- g:parallel(name, { branches }, join): a fork edges may lead to; the branches run at the same time, then join.
function Graph:parallel(name, branches, join)
  check_name("fork name", name); check_name("join", join)
  if type(branches) ~= "table" or #branches == 0 then error("parallel branches must be a non-empty list", 2) end
  return record(self, { op = "parallel", name = name, branches = branches, join = join })
end

-- g:unwire(from): removes every way out of `from` (to rewire it).
function Graph:unwire(from)
  check_name("node name", from)
  return record(self, { op = "unwire", from = from })
end

-- g:unfork(name): removes a fork.
function Graph:unfork(name)
  check_name("fork name", name)
  return record(self, { op = "unfork", name = name })
end

function Graph:entry(name)
  check_name("entry", name)
  return record(self, { op = "entry", name = name })
end

-- g:limit(steps): at most this many node runs.
function Graph:limit(steps)
  if math.type(steps) ~= "integer" or steps < 1 then error("the step limit must be a whole number >= 1", 2) end
  return record(self, { op = "limit", steps = steps })
end

-- g:timeout(name, seconds) sets one node's timeout; g:timeout(seconds) the default.
function Graph:timeout(name, seconds)
  if seconds == nil then name, seconds = nil, name end
  if type(seconds) ~= "number" or seconds <= 0 then error("timeout must be a positive number of seconds", 2) end
  return record(self, { op = "timeout", name = name, seconds = seconds })
end

-- g:reducer(field, "replace" | "append" | "merge").
function Graph:reducer(field, kind)
  check_name("field", field)
  if kind ~= "replace" and kind ~= "append" and kind ~= "merge" then
    error("reducer must be \"replace\", \"append\" or \"merge\", got " .. tostring(kind), 2)
  end
  return record(self, { op = "reducer", field = field, kind = kind })
end

-- g:setting(name, { kind = "integer" | "number" | "fraction" | "boolean" | "string", default = v [, min, max, doc] }):
-- a setting nodes read as ctx.config[name]; config/planning.yaml and the agent's config may set it, checked against
-- this declaration.
local KINDS = { integer = true, number = true, fraction = true, boolean = true, string = true }
function Graph:setting(name, spec)
  check_name("setting name", name)
  if type(spec) ~= "table" then error("setting " .. name .. " needs a spec like { kind = \"number\", default = 1 }", 2) end
  if not KINDS[spec.kind] then
    error("setting " .. name .. ": kind must be integer, number, fraction, boolean or string, got " .. tostring(spec.kind), 2)
  end
  return record(self, { op = "setting", name = name, kind = spec.kind, default = spec.default, min = spec.min,
                        max = spec.max, doc = spec.doc })
end

define("new_graph", function() return setmetatable({ ops = {} }, Graph) end)
