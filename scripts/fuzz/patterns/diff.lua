local subjects = { "", "hello world", "  key = value  ", "aaa", "abcabc", "(foo(bar))baz", "THE (quick) fox",
  "x=1, y=22, z=333", "user@example.com sk-abcdefgh1234", "a.b.c", "\0a\0b", "über 123", "aaab", "ab12 CD34 ef56",
  "\tTab\n1!~ \1x_Y-z9 \127", "0xFF, 0Xa9; Q." }
local patterns = { "", "o", "l+", "l*", "l-", "l?", "^h", "d$", "^$", "%a+", "%A+", "%d+", "%s*(%w+)%s*=%s*(%w+)",
  "()ll()", "(a)(b)(c)", "%b()", "%f[%w]%w+", "%f[%a]%u+", "[%w_]+", "[^%s]+", "[a-c]+", "[]]", "[^]]+",
  "(%w+)@(%w+)%.com", ".-b", "(.-)b", "a*$", "(h)(e)(l)(l)(o)", "(%d)%1", "(a)%1", "[%a-z]", "[a-]", "%.", "%%",
  "x=(%d+), y=(%d+)", "%f[%S]%S+", "[%z]", "%u%u%d%d", "(()a)", "b*", ".", "..", "^(%s*)", "%s*$", "[%-%+]",
  "%c", "%C+", "%g+", "%G", "%l+", "%L+", "%p+", "%P+", "%x+", "%X+", "%W+", "%D+", "%U+", "%Z+", "%S+", "[%A%d]+",
  "[^%p%s]+", "%w%p", "^%u", "%x%x$", "[%c%p]" }
local n, bad = 0, 0
local function show(...) local t = table.pack(...) for i = 1, t.n do t[i] = tostring(t[i]) end return table.concat(t, "|", 1, t.n) end
local function cmp(name, a, b)
  n = n + 1
  if a ~= b then bad = bad + 1; print("DIFF " .. name, a, b) end
end
for _, s in ipairs(subjects) do
  for _, p in ipairs(patterns) do
    for _, init in ipairs({1, 2, -3, 0, 100}) do
      cmp("find " .. p .. " " .. s .. " " .. init, show(pcall(string.find, s, p, init)), show(pcall(mine.find, s, p, init)))
      cmp("match " .. p, show(pcall(string.match, s, p, init)), show(pcall(mine.match, s, p, init)))
    end
    cmp("findplain " .. p, show(pcall(string.find, s, p, 1, true)), show(pcall(mine.find, s, p, 1, true)))
    for _, repl in ipairs({ "<%0>", "%1-%2", "x", "%%", 5 }) do
      for _, max in ipairs({ nil, 1, 0 }) do
        cmp("gsub " .. p .. " " .. tostring(repl), show(pcall(string.gsub, s, p, repl, max)), show(pcall(mine.gsub, s, p, repl, max)))
      end
    end
    cmp("gsubf " .. p, show(pcall(string.gsub, s, p, function(a, b) return a and (a .. "!") end)), show(pcall(mine.gsub, s, p, function(a, b) return a and (a .. "!") end)))
    cmp("gsubt " .. p, show(pcall(string.gsub, s, p, { hello = "HI", a = false })), show(pcall(mine.gsub, s, p, { hello = "HI", a = false })))
    local r1, r2 = {}, {}
    local ok1, e1 = pcall(function() for a, b in string.gmatch(s, p) do r1[#r1 + 1] = show(a, b) end end)
    local ok2, e2 = pcall(function() for a, b in mine.gmatch(s, p) do r2[#r2 + 1] = show(a, b) end end)
    cmp("gmatch " .. p .. " " .. s, show(ok1, e1, table.concat(r1, ";")), show(ok2, e2, table.concat(r2, ";")))
    local r3, r4 = {}, {}
    pcall(function() for a in string.gmatch(s, p, 3) do r3[#r3 + 1] = tostring(a) end end)
    pcall(function() for a in mine.gmatch(s, p, 3) do r4[#r4 + 1] = tostring(a) end end)
    cmp("gmatch3 " .. p, table.concat(r3, ";"), table.concat(r4, ";"))
  end
end
for _, p in ipairs({ "%", "[a", "%b", "%f", "%fa", "(", ")", "%1", "(()", "[%", "(a)%2" }) do
  cmp("err " .. p, show(pcall(string.find, "abc", p)), show(pcall(mine.find, "abc", p)))
end
cmp("badrepl", show(pcall(string.gsub, "abc", "b", "%2")), show(pcall(mine.gsub, "abc", "b", "%2")))
cmp("badrepl2", show(pcall(string.gsub, "abc", "b", "%")), show(pcall(mine.gsub, "abc", "b", "%")))
cmp("badval", show(pcall(string.gsub, "abc", "b", function() return {} end)), show(pcall(mine.gsub, "abc", "b", function() return {} end)))
print(n .. " comparisons, " .. bad .. " differences")
