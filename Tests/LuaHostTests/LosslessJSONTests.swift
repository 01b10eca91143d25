import LuaHost
import PropertyBased
import Testing

/// The journal's JSON reads back as the very same value: floats stay floats, empty arrays stay arrays.
@Suite struct LosslessJSONTests {
    func roundTrip(_ value: LuaValue) throws -> LuaValue {
        try LuaValue.parseLosslessJSON(try #require(value.losslessJSON))
    }

    @Test func floatsKeepTheirKindAndIntegersTheirs() throws {
        for value: LuaValue in [2.0, -0.0, 0.0, 1e300, 5e-324, -1.5, 1e16, .integer(2), .integer(.max), .integer(.min)] {
            #expect(try roundTrip(value) == value, "\(value)")
        }
        #expect(LuaValue.number(2).losslessJSON == "2.0")
        #expect(LuaValue.integer(2).losslessJSON == "2")
        // The ordinary JSON merges them, which is why the journal does not use it.
        #expect(try LuaValue.parseJSON(LuaValue.number(2).jsonText()) == .integer(2))
    }

    @Test func emptyArraysTablesAndNilFieldsSurvive() throws {
        let value: LuaValue = ["xs": .array([]), "t": .table([:]), "gone": .nil, "s": "a\"b\\c\n✓"]
        #expect(try roundTrip(value) == value)
    }

    @Test func valuesWithoutAnExactTextHaveNone() {
        #expect(LuaValue.number(.nan).losslessJSON == nil)
        #expect(LuaValue.array([.number(.infinity)]).losslessJSON == nil)
        #expect(LuaValue.opaque("function").losslessJSON == nil)
    }

    @Test func keysAreSortedSoTheTextIsAKey() {
        #expect(LuaValue.table(["b": 1, "a": 2]).losslessJSON == #"{"a":2,"b":1}"#)
    }

    /// Both JSON forms escape a string alike: quotes, backslashes and control characters, and nothing else.
    @Test func stringsAreEscapedAsJSONSays() async throws {
        func expected(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20: out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let every = String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar($0)! })) + "\"\\/é✓🙂\u{2028}\u{7F}"
        #expect(LuaValue.string(every).jsonText() == expected(every))
        #expect(LuaValue.string(every).losslessJSON == expected(every))
        #expect(LuaValue.table([every: .string(every)]).jsonText(pretty: true) == "{\n  " + expected(every) + ": " + expected(every) + "\n}")
        #expect(try LuaValue.parseJSON(LuaValue.string(every).jsonText()) == .string(every))
        let alphabet = Array("ab\"\\\n\r\t\u{1}\u{1F} é✓🙂".unicodeScalars)
        await propertyCheck(count: 300, input: Gen.uint64(in: 0 ... .max)) { seed in
            var rng = SplitMix(seed)
            let text = String(String.UnicodeScalarView((0..<Int(rng.next() % 12)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }))
            #expect(LuaValue.string(text).jsonText() == expected(text))
            #expect(LuaValue.string(text).losslessJSON == expected(text))
        }
    }

    @Test func nestedValuesProperty() async {
        await propertyCheck(count: 300, input: Gen.uint64(in: 0 ... .max)) { seed in
            var rng = SplitMix(seed)
            let value = randomValue(&rng, depth: 0)
            #expect((try? roundTrip(value)) == value)
        }
    }
}
