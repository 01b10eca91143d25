-- The driver of one `host test` run of a test file, in the file's own environment: defines `test(name, fn)`,
-- runs the file (which registers its cases), then runs case `want` alone, or returns the names when `want` is 0.
-- The case runs unprotected, so its error leaves the coroutine with the file and line of the raise, as any
-- handler's error does; each case gets a fresh environment because the host runs this driver once per case.
local file, want = ...
local names, cases = {}, {}
test = function(name, fn)
  if type(name) ~= "string" then error("test: argument 1 must be the case's name (a string)", 2) end
  if type(fn) ~= "function" then error("test: argument 2 must be a function", 2) end
  names[#names + 1] = name
  cases[#cases + 1] = fn
end
local chunk, err = loadfile(file)
if not chunk then error(err, 0) end
chunk()
if want == 0 then return names end
cases[want]()
return names
