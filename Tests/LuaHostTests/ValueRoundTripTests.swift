import LuaHost
import PropertyBased
import Testing

/// Swift → Lua → Swift is the identity for every value Lua can hold.
@Suite struct ValueRoundTripTests {
    let host: TestState
    let identity: LuaRef

    init() throws {
        host = try TestState()
        identity = try host.chunk("return ...")
    }

    func roundTrip(_ value: LuaValue) throws -> LuaValue {
        try host.state.call(identity, [value]).first ?? .nil
    }

    @Test func scalars() throws {
        for value: LuaValue in [nil, true, false, 0, -1, .integer(.max), .integer(.min), 0.5, -0.0, 1e308, 2.0, "", "héllo ✓", "a\0b"] {
            #expect((try? roundTrip(value)) == value)
        }
    }

    @Test func emptyArrayAndEmptyTableKeepTheirKinds() throws {
        #expect(try roundTrip(.array([])) == .array([]))
        #expect(try roundTrip(.table([:])) == .table([:]))
        #expect(try roundTrip(["xs": .array([]), "t": .table([:])]) == ["xs": .array([]), "t": .table([:])])
    }

    @Test func integersProperty() async {
        await propertyCheck(count: 300, input: Gen.int64(in: .min ... .max)) { i in
            #expect((try? roundTrip(.integer(i))) == .integer(i))
        }
    }

    @Test func doublesProperty() async {
        await propertyCheck(count: 300, input: Gen.double(in: -1e300...1e300)) { d in
            #expect((try? roundTrip(.number(d))) == .number(d))
        }
    }

    @Test func stringsProperty() async {
        await propertyCheck(count: 200, input: Gen.character(in: "\u{1}"..."\u{2FFF}").string(of: 0...40)) { s in
            #expect((try? roundTrip(.string(s))) == .string(s))
        }
    }

    /// Nested tables, arrays and scalars built from a seed the property checker chooses.
    @Test func nestedValuesProperty() async {
        await propertyCheck(count: 200, input: Gen.uint64(in: 0 ... .max)) { seed in
            var rng = SplitMix(seed)
            let value = randomValue(&rng, depth: 0)
            #expect((try? roundTrip(value)) == value)
        }
    }

    @Test func hostFunctionsComeBackAsThemselves() throws {
        let fn = HostFunction("twice") { args in [.number(try args.number(0) * 2)] }
        #expect(try roundTrip(.function(fn)) == .function(fn))
        let doubled = try host.call("local f = ...; return f(21)", [.function(fn)])
        #expect(doubled == [.number(42)])
    }

    @Test func luaFunctionsAreOpaque() throws {
        #expect(try host.call("return function() end") == [.opaque("function")])
    }

    @Test func cyclicTablesAreCutNotLooped() throws {
        let result = try host.call("local t = {name = 'a'}; t.self = t; return t")
        #expect(result.first?["name"] == "a")
        #expect(result.first?["self"] == .opaque("table (cycle)"))
    }
}

struct SplitMix {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

func randomValue(_ rng: inout SplitMix, depth: Int) -> LuaValue {
    let kinds = depth >= 3 ? 5 : 7
    switch rng.below(kinds) {
    case 0: return .boolean(rng.below(2) == 0)
    case 1: return .integer(Int64(bitPattern: rng.next()))
    case 2: return .number(Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF) * (rng.below(2) == 0 ? 1 : -1))
    case 3: return .string(String((0..<rng.below(12)).map { _ in Character(UnicodeScalar(UInt8(32 + rng.below(90)))) }))
    case 4: return .string("ключ-\(rng.below(1000))")
    case 5: return .array((0..<rng.below(6)).map { _ in randomValue(&rng, depth: depth + 1) })
    default:
        var fields: [String: LuaValue] = [:]
        for _ in 0..<rng.below(6) { fields["k\(rng.below(50))"] = randomValue(&rng, depth: depth + 1) }
        return .table(fields)
    }
}
