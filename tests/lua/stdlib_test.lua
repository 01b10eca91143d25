-- Lua 5.4's standard behaviours a strategy relies on, as the sandbox gives them (our own cases, in the spirit of
-- Lua's testes/strings, pm, utf8, math, sort, tpack and vararg; those pass in the sandbox too, except what needs io).
local function raises(pattern, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error matching " .. pattern)
  assert(tostring(err):find(pattern), "error was: " .. tostring(err))
end

test("strings: bytes, escapes, rep, format", function()
  local s = "\xe1b\0c"
  assert(#s == 4 and s:byte(1) == 0xE1 and s:byte(3) == 0)
  assert(("\u{48}\65\x42\z
          C"):len() == 4 and "\u{48}\65\x42C" == "HABC")
  assert(string.rep("ab", 3, ",") == "ab,ab,ab" and string.rep("x", 0) == "")
  assert(string.format("%5.2f|%-3d|%x|%q", 3.14159, 7, 255, "a\nb") == " 3.14|7  |ff|\"a\\\nb\"")
  assert(string.format("%q", 1 / 0) == "1e9999" and string.format("%q", math.mininteger) == "0x8000000000000000")
  raises("no literal", string.format, "%q", {})
  assert(tostring(12) == "12" and tostring(1.5) == "1.5" and tostring(-0.0) == "-0.0")
  assert(("abc"):sub(-2) == "bc" and ("abc"):upper() == "ABC" and ("abc"):reverse() == "cba")
end)

test("strings: tostring of tables is stable within a run, %s names them alike", function()
  local t = {}
  assert(tostring(t) == tostring(t) and string.format("%s", t) == tostring(t))
  assert(tostring(t):match("^table: 0x%x+$"))
end)

test("patterns: find, match, gmatch, gsub, frontier, balance", function()
  assert(string.find("hello world", "o w") == 5)
  assert(string.find("a.b", ".", 1, true) == 2)
  local k, v = ("key = value"):match("^(%w+)%s*=%s*(%w+)$")
  assert(k == "key" and v == "value")
  local words = {}
  for w in ("one two  three"):gmatch("%a+") do words[#words + 1] = w end
  assert(table.concat(words, ",") == "one,two,three")
  assert(("hello"):gsub("l", "L") == "heLLo" and select(2, ("hello"):gsub("l", "L")) == 2)
  assert(("abc"):gsub("%w", "%0%0") == "aabbcc" and ("x = 1"):gsub("(%w+) = (%w+)", "%2 = %1") == "1 = x")
  assert(("THE (quick) fox"):find("%f[%a]%a+%f[%A]") == 1)
  assert(("f(a(b)c)d"):match("%b()") == "(a(b)c)")
  assert(("  trim  "):match("^%s*(.-)%s*$") == "trim")
  raises("malformed pattern", string.find, "a", "[a")
end)

test("utf8: char, len, codes, offset, invalid bytes", function()
  local s = utf8.char(72, 233, 0x4E2D)
  assert(s == "H\u{E9}\u{4E2D}" and #s == 6 and utf8.len(s) == 3)
  local cps = {}
  for _, c in utf8.codes(s) do cps[#cps + 1] = c end
  assert(table.concat(cps, ",") == "72,233,20013")
  assert(utf8.offset(s, 3) == 4 and utf8.codepoint(s, 2) == 233)
  local n, at = utf8.len("a\xffb")
  assert(n == nil and at == 2, "the first invalid byte is reported")
  assert(utf8.charpattern == "[\0-\x7F\xC2-\xFD][\x80-\xBF]*")
end)

test("math: integers and floats, division, conversions", function()
  assert(math.type(1) == "integer" and math.type(1.0) == "float" and math.type("1") == nil)
  assert(7 // 2 == 3 and -7 // 2 == -4 and 7 % -3 == -2 and 7.0 // 2 == 3.0)
  assert(3 / 2 == 1.5 and 2^10 == 1024.0 and math.type(2^2) == "float")
  assert(math.maxinteger + 1 == math.mininteger, "integers wrap")
  assert(math.tointeger(3.0) == 3 and math.tointeger(3.5) == nil and math.floor(-3.5) == -4 and math.ceil(3.2) == 4)
  assert(math.abs(math.mininteger) == math.mininteger and math.ult(1, -1))
  assert(tonumber("0x10") == 16 and tonumber("10", 2) == 2 and tonumber("1e2") == 100.0 and tonumber("z", 36) == 35)
  assert(1 == 1.0 and math.huge > math.maxinteger and 0/0 ~= 0/0)
  raises("number has no integer representation", function() return 1.5 | 0 end)
  assert(3 & 5 == 1 and 3 | 5 == 7 and 3 ~ 5 == 6 and 1 << 62 == 0x4000000000000000 and ~0 == -1)
end)

test("sort: default order, comparator, stability is not promised, invalid order", function()
  local t = { 5, 2, 8, 1, 9, 3 }
  table.sort(t)
  assert(table.concat(t, ",") == "1,2,3,5,8,9")
  table.sort(t, function(a, b) return a > b end)
  assert(table.concat(t, ",") == "9,8,5,3,2,1")
  local names = { "b", "a", "C" }
  table.sort(names)
  assert(table.concat(names) == "Cab", "strings sort by byte")
  raises("attempt to compare", table.sort, { 1, "x", 2 })
  raises("invalid order function", table.sort, { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
         function() return true end)
end)

test("tpack: string.pack, unpack, packsize", function()
  local p = string.pack("<i4 >I2 z s1", -2, 513, "hi", "abc")
  assert(#p == 4 + 2 + 3 + 4)
  local a, b, c, d, next_at = string.unpack("<i4 >I2 z s1", p)
  assert(a == -2 and b == 513 and c == "hi" and d == "abc" and next_at == #p + 1)
  assert(string.packsize("i4i8") == 12 and string.packsize("!8i4i8") == 16, "no padding unless ! asks for it")
  assert(string.unpack("<d", string.pack("<d", 0.1)) == 0.1)
  raises("overflow", string.pack, "i1", 200)
end)

test("vararg: select, table.pack, table.unpack, nils kept", function()
  local function count(...) return select("#", ...) end
  assert(count() == 0 and count(nil, nil) == 2)
  local p = table.pack(1, nil, 3)
  assert(p.n == 3 and p[3] == 3 and p[2] == nil)
  assert(select(-1, "a", "b", "c") == "c" and select(2, "a", "b", "c") == "b")
  local a, b, c = table.unpack({ 1, 2, 3 }, 2)
  assert(a == 2 and b == 3 and c == nil)
  local function tail(...) local _, rest = ..., select(2, ...) return rest end
  assert(tail(1, 2, 3) == 2)
  raises("bad argument #1 to 'select'", select, 0, 1)
end)

test("require of the standard library gives the run's own", function()
  assert(require "string" == string and require "table" == table and require "math" == math)
  assert(require "utf8" == utf8 and require "coroutine" == coroutine and require "os" == os and require "debug" == debug)
  assert(package.loaded.string == string and package.loaded._G == _G)
  assert(package.path:find("?.lua", 1, true))
end)
