import LuaHost
import Testing

/// `desk.readonly`: reads see the table, writes fail with the path, and the view converts as its table.
@Suite struct ReadOnlyViewTests {
    @Test func readsSeeTheTableAndWritesNameThePath() throws {
        let t = try TestState()
        let results = try t.call("""
            local s = desk.readonly({ a = { b = { 10, 20 } }, c = "x" })
            local keys = {}
            for k in pairs(s) do keys[#keys + 1] = k end
            table.sort(keys)
            local sum = 0
            for _, v in ipairs(s.a.b) do sum = sum + v end
            local ok, err = pcall(function() s.a.b[3] = 30 end)
            return table.concat(keys, ","), #s.a.b, sum, s.a == s.a, ok, err, getmetatable(s)
            """)
        #expect(results[0] == .string("a,c"))
        #expect(results[1] == .integer(2))
        #expect(results[2] == .integer(30))
        #expect(results[3] == .boolean(true))
        #expect(results[4] == .boolean(false))
        #expect(results[5].stringValue?.contains("test.lua:7: state.a.b is read-only (writing 3)") == true)
        #expect(results[6] == .string("read-only"))
    }

    @Test func aViewReturnedToSwiftIsTheTableBehindIt() throws {
        let t = try TestState()
        let results = try t.call("""
            local s = desk.readonly({ a = { b = { 10, 20 } }, c = "x" })
            return s, { inner = s.a }, desk.json.encode(s.a.b)
            """)
        #expect(results[0] == ["a": ["b": [10, 20]], "c": "x"])
        #expect(results[1] == ["inner": ["b": [10, 20]]])
        #expect(results[2] == .string("[10,20]"))
    }
}
