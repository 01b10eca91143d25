-- The Lua half of Moondesk's `desk` API: `desk.agent{...}` and the plan object planners fill with
-- `plan:add{...}`, `plan:get(id)`, `plan:remove(id)`, `plan:note(text)`. Where each task was declared comes
-- from `desk.caller()` (a host function), so plan problems name the agent file and line.
local define = ...

define("agent", function(spec)
  if type(spec) ~= "table" then error("desk.agent expects a table, got " .. type(spec), 2) end
  if spec.plan ~= nil and type(spec.plan) ~= "function" then
    error("desk.agent: plan must be a function(plan, ctx), got " .. type(spec.plan), 2)
  end
  spec.__agent = true
  return spec
end)

local Plan = {}
Plan.__index = Plan

function Plan:add(spec)
  if type(spec) ~= "table" then error("plan:add expects a task table, got " .. type(spec), 2) end
  local file, line = desk.caller()
  local copy = {}
  for k, v in pairs(spec) do copy[k] = v end
  local entry = { spec = copy, file = file, line = line }
  self.entries[#self.entries + 1] = entry
  return copy
end

function Plan:get(id)
  for i = #self.entries, 1, -1 do
    if self.entries[i].spec.id == id then return self.entries[i].spec end
  end
  return nil
end

function Plan:remove(id, why)
  for i = #self.entries, 1, -1 do
    if self.entries[i].spec.id == id then
      table.remove(self.entries, i)
      if why then self:note(why) end
      return true
    end
  end
  return false
end

function Plan:note(text)
  self.notes[#self.notes + 1] = tostring(text)
end

function Plan:ids()
  local ids = {}
  for i, e in ipairs(self.entries) do ids[i] = e.spec.id end
  return ids
end

define("new_plan", function()
  return setmetatable({ entries = {}, notes = {} }, Plan)
end)
