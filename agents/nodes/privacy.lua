-- Privacy: redacts secrets and personal data from the whole state before anything is printed or stored: API keys
-- and tokens (sk-..., AKIA..., ghp_..., xoxb-..., JWTs, "Bearer ...", secrets after key/token/secret/password, the
-- string under a table key that names a secret), account ids ("account 12345678", "acct: ..."), IBANs and e-mail
-- addresses. Each becomes [REDACTED:kind]; prices, timestamps and other plain numbers are left alone.
-- Writes every top-level field that changed (appended lists through __replace) and
-- privacy = { redactions, findings = { { field = "path.to.value", kind = "email" }, ... } }.
local N = require "nodes.common"

-- Patterns, most specific first. Each is a Lua pattern and the kind it reports. Prefixes start at a word boundary
-- (%f[%w]): "risk-adjusted" holds "sk-adjusted" but is not a key.
-- Every rule costs linear time on any text: each one starts at a frontier or a literal, and no repeated item is
-- followed by one that forces it to back off over a long run (a 200,000-letter headline takes milliseconds).
-- An e-mail's local part starts where its run of characters starts (%f), not at every letter of the run.
-- The third field is text the rule cannot match without (lower case): a rule whose text is absent is not tried,
-- so a long string costs one lower-casing and a few plain searches, not a dozen pattern scans.
local RULES = {
  { "%f[%w]eyJ[%w_%-]+%.[%w_%-]+%.[%w_%-]+", "jwt", "eyj" },
  { "%f[%w][Bb]earer%s+[%w%._~%+/%-]*%d[%w%._~%+/%-]*=*", "bearer_token", "bearer" },   -- a token has a digit; "bearer market" is prose
  { "%f[%w]sk%-[%w_%-][%w_%-][%w_%-][%w_%-][%w_%-][%w_%-][%w_%-][%w_%-]+", "api_key", "sk-" },
  { "%f[%w]AKIA[%u%d][%u%d][%u%d][%u%d][%u%d][%u%d][%u%d][%u%d][%u%d][%u%d][%u%d][%u%d][%u%d][%u%d][%u%d][%u%d]", "aws_access_key", "akia" },
  { "%f[%w]gh[pousr]_[%w][%w][%w][%w][%w][%w][%w][%w][%w][%w][%w][%w][%w][%w][%w][%w][%w][%w][%w][%w]+", "github_token", "gh" },
  { "%f[%w]xox[abpr]%-[%w%-]+", "slack_token", "xox" },
  { "%f[%w%.%%%+%-_][%w%.%%%+%-_]+@[%w%-]+%.[%w%.%-]*%a%a", "email", "@" },
  { "%f[%a]%u%u%d%d[%s%d%u][%s%d%u][%s%d%u][%s%d%u][%s%d%u][%s%d%u][%s%d%u][%s%d%u][%s%d%u][%s%d%u][%s%d%u][%s%d%u][%s%d%u][%s%d%u]+", "iban" },
}
-- A secret after a telling word: "api_key=...", "token: ...", "password ...", "secret=..." (8+ characters), and
-- after a bare "key" only a long hex or base64 run (16+), so "key: fear" stays.
local KEYWORDS = { "api[_%-]?key", "apikey", "secret", "token", "password", "passwd", "private[_%-]?key" }
local KEYWORD_TEXT = { "api", "apikey", "secret", "token", "password", "passwd", "private" }   -- as RULES' third field
local BARE_KEY = "(%f[%w][Kk][Ee][Yy][\"']?%s*[:=]%s*[\"']?)([%w%+/]+=*)"
-- Table keys that name a secret: their string value is redacted whole ({ api_key = "..." }).
local SECRET_FIELDS = { "api[_%-]?key", "apikey", "secret", "token", "password", "passwd", "private[_%-]?key", "authorization" }
-- Account ids: the word, then at least 6 digits (or an id with digits and letters).
local ACCOUNT = { "[Aa]ccount[%s_%-]*[Ii]?[Dd]?%s*[:=#]?%s*", "[Aa]ccount%s+[Nn]umber%s*[:=#]?%s*",
                  "[Aa]ccount%s+[Nn]o%.?%s*[:=#]?%s*", "%f[%w][Aa]cct%s*[:=#]?%s*" }

-- The spaces that end `s` (scanned from the end: a pattern "%s*$" would retry at every position).
local function trailing_space(s)
  local j = #s
  while j > 0 do
    local b = s:byte(j)
    if b ~= 32 and (b < 9 or b > 13) then break end
    j = j - 1
  end
  return s:sub(j + 1)
end

local function redact_string(text, path, findings)
  local out = text
  local lower = text:lower()
  local function has(needle) return lower:find(needle, 1, true) ~= nil end
  local iban_like = text:find("%u%u%d%d") ~= nil
  for _, rule in ipairs(RULES) do
    if (rule[3] and has(rule[3])) or (not rule[3] and iban_like) then
    out = out:gsub(rule[1], function(match)
      -- an IBAN needs 15+ characters and letters then digits; skip ordinary words
      if rule[2] == "iban" and #match:gsub("%s", "") < 15 then return nil end
      findings[#findings + 1] = { field = path, kind = rule[2] }
      return "[REDACTED:" .. rule[2] .. "]" .. trailing_space(match)     -- keep the space after an IBAN
    end)
    end
  end
  for k, word in ipairs(KEYWORDS) do
    for _, variant in ipairs(has(KEYWORD_TEXT[k]) and { word, word:upper() } or {}) do
      out = out:gsub("(" .. variant .. "[\"']?%s*[:=]%s*[\"']?)([%w%._%-/%+]+)", function(prefix, secret)
        if #secret < 8 or secret:match("^%[REDACTED") then return nil end
        findings[#findings + 1] = { field = path, kind = "secret" }
        return prefix .. "[REDACTED:secret]"
      end)
    end
  end
  out = not has("key") and out or out:gsub(BARE_KEY, function(prefix, secret)
    if #secret < 16 or not secret:find("%d") then return nil end
    findings[#findings + 1] = { field = path, kind = "secret" }
    return prefix .. "[REDACTED:secret]"
  end)
  for _, lead in ipairs((has("account") or has("acct")) and ACCOUNT or {}) do
    -- the id is the whole run after the word; the digit it needs is checked here, not by the pattern
    out = out:gsub("(" .. lead .. ")([%w%-]+)", function(prefix, id)
      local digits = #id:gsub("%D", "")
      if digits < 6 and not (#id >= 8 and digits >= 3) then return nil end   -- "account 2019" stays
      findings[#findings + 1] = { field = path, kind = "account_id" }
      return prefix .. "[REDACTED:account_id]"
    end)
  end
  return out
end

-- Keys in a stable order: numbers first (in order), then strings (sorted).
local function sorted_keys(t)
  local nums, strs = {}, {}
  for k in pairs(t) do if type(k) == "number" then nums[#nums + 1] = k else strs[#strs + 1] = tostring(k) end end
  table.sort(nums)
  table.sort(strs)
  for _, k in ipairs(strs) do nums[#nums + 1] = k end
  return nums
end

-- True when a table key names a secret ("api_key", "X-Auth-Token", "password").
local function secret_field(key)
  if type(key) ~= "string" then return false end
  local lower = key:lower()
  for _, word in ipairs(SECRET_FIELDS) do if lower:find(word) then return true end end
  return false
end

-- A redacted copy of any value, and whether anything changed. `found`: the strings a rule changes (see hits);
-- any other string is kept as it is without scanning it again.
local function redact(value, path, findings, secret, found)
  if type(value) == "string" and secret and #value >= 8 and not value:match("^%[REDACTED:[%w_]+%]$") then
    findings[#findings + 1] = { field = path, kind = "secret" }
    return "[REDACTED:secret]", true
  elseif type(value) == "string" and found and not found[value] then
    return value, false
  elseif type(value) == "string" then
    local out = redact_string(value, path, findings)
    return out, out ~= value
  elseif type(value) == "table" then
    local copy, changed = {}, false
    for _, k in ipairs(sorted_keys(value)) do
      local key = k
      if type(k) == "string" and (not found or found[k]) then   -- a key is redacted too, and its path names the redacted key
        local found = {}
        key = redact_string(k, "", found)
        for _, f in ipairs(found) do findings[#findings + 1] = { field = path .. "." .. key .. " (key)", kind = f.kind } end
        changed = changed or key ~= k
      end
      local v, c = redact(value[k], path .. "." .. tostring(key), findings, secret_field(k), found)
      copy[key] = v
      changed = changed or c
    end
    return copy, changed
  end
  return value, false
end

local APPENDED = { messages = true, warnings = true }

-- Text every rule above needs somewhere (ignoring case): a string holding none of these, and no IBAN-like run,
-- cannot change, so only fields holding such a string are walked and copied.
-- ("key" itself only before a separator: the bare-key rule needs one, and "keywords" is everywhere.)
local NEEDLES = { "eyj", "bearer", "sk-", "akia", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "xox", "@", "api", "secret",
                  "token", "passw", "private", "authorization", "account", "acct",
                  "key:", "key=", "key\"", "key'", "key ", "key\t", "key\n" }
-- What an IBAN starts with: a string without it (and without a needle) holds no IBAN.
local IBAN_START = { "%u%u%d%d" }
-- The strings of `value` a rule would change (or keys naming a secret), as a set; one walk, in Swift.
local function hits(value)
  local found, any = {}, false
  for _, s in ipairs(desk.strings(value, NEEDLES, IBAN_START)) do
    if secret_field(s) or redact_string(s, "", {}) ~= s then found[s], any = true, true end
  end
  return any and found or nil
end

local function holds(value, found)
  if type(value) ~= "table" and type(value) ~= "string" then return false end
  for _, s in ipairs(desk.strings(value)) do if found[s] then return true end end
  return false
end

return { run = function(state, ctx)
  local findings, update, replace = {}, {}, {}
  local found = hits(state)
  for _, field in ipairs(found and sorted_keys(state) or {}) do
    local value = state[field]
    if holds(value, found) then
      local copy, changed = redact(value, field, findings, nil, found)
      if changed then
        if APPENDED[field] then replace[field] = copy else update[field] = copy end
      end
    end
  end
  local kinds = {}
  for _, f in ipairs(findings) do kinds[f.kind] = (kinds[f.kind] or 0) + 1 end
  local parts = {}
  for _, k in ipairs(sorted_keys(kinds)) do parts[#parts + 1] = string.format("%d %s", kinds[k], k) end
  update.privacy = { redactions = #findings, findings = findings, by_kind = kinds }
  if next(replace) then update.__replace = replace end
  update.summary = #findings == 0 and "nothing to redact"
    or string.format("redacted %d item%s (%s)", #findings, #findings == 1 and "" or "s", table.concat(parts, ", "))
  return update
end }
