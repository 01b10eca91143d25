import Foundation
import LuaHost
import Testing

/// The one path scripts run on: lazy state views, files compiled once per version, error kinds recorded where
/// they are raised, deterministic iteration and names, the run's clock.
@Suite struct DataPathTests {
    /// A state whose `require` finds `files` (name → text) in a temporary folder.
    func project(_ files: [String: String]) throws -> (String, LuaState) {
        let dir = temporaryFolder()
        for (name, text) in files {
            let path = dir + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            write(text, to: path)
        }
        let state = try LuaState(moduleRoots: [dir], source: SnapshotScriptSource())
        try DeskBasics.install(in: state) { _, _ in }
        return (dir, state)
    }

    func bigState(fields: Int) -> LuaValue {
        var table: [String: LuaValue] = [:]
        for i in 0..<fields {
            table["f\(i)"] = .array((0..<20).map { .table(["n": .integer(Int64($0)), "s": .string("text \($0)")]) })
        }
        table["symbol"] = "BTC/USDT"
        return .table(table)
    }

    @Test func aNodeReadingOneFieldOfALargeStateConvertsOnlyThatField() async throws {
        let (_, state) = try project(["node.lua": "return { run = function(state) return state.symbol, state.f3[2].s end }"])
        let large = bigState(fields: 200)   // 200 x 20 x 2 = 8,000 values behind the view
        let before = state.valuesPushed
        let results = try await state.run(module: "node", function: "run", directory: ".", clock: nil,
                                          [.object(LuaValueView(large, path: "state"))], limits: .standard)
        #expect(results == [.string("BTC/USDT"), .string("text 1")])
        let converted = state.valuesPushed - before
        #expect(converted < 30, "converted \(converted) values")
        // The same node given the state as a table converts all of it.
        let eager = state.valuesPushed
        _ = try await state.run(module: "node", function: "run", directory: ".", clock: nil, [large], limits: .standard)
        #expect(state.valuesPushed - eager > 8_000)
    }

    @Test func writesThroughAnyNestedViewFailWithTheLine() async throws {
        let (_, state) = try project(["node.lua": """
            return { run = function(state)
              local ok1, e1 = pcall(function() state.symbol = "x" end)
              local ok2, e2 = pcall(function() state.f1[3].n = 5 end)
              state.f2[1].s = "y"
            end }
            """])
        let error = await expectLuaError {
            _ = try await state.run(module: "node", function: "run", directory: ".", clock: nil,
                                    [.object(LuaValueView(bigState(fields: 3), path: "state"))], limits: .standard)
        }
        #expect(error?.kind == .runtime)
        #expect(error?.line == 4)
        #expect(error?.file?.hasSuffix("node.lua") == true)
        #expect(error?.message.contains("state.f2.1 is read-only (writing s)") == true)
    }

    @Test func aFieldReadManyTimesIsConvertedOnce() async throws {
        let (_, state) = try project(["node.lua": """
            return { run = function(state)
              local n = 0
              for i = 1, 100 do n = n + #state.f3[2].s + (state.missing and 1 or 0) end
              return n
            end }
            """])
        let large = bigState(fields: 20)
        let before = state.valuesPushed
        let r = try await state.run(module: "node", function: "run", directory: ".", clock: nil,
                                    [.object(LuaValueView(large, path: "state"))], limits: .standard)
        #expect(r == [.integer(600)])
        // 400 reads; converted: the root, f3, f3[2], s and the absent field, once each (and the run's own few).
        #expect(state.valuesPushed - before < 20, "converted \(state.valuesPushed - before) values")
    }

    @Test func aNestedViewIsOneTableHoweverItIsReached() async throws {
        let (_, state) = try project(["node.lua": """
            return { run = function(state)
              local same, seen = true, 0
              for k, v in pairs(state.t) do
                if type(v) == "table" then seen = seen + 1; same = same and v == state.t[k] end
              end
              local before = state.t.c
              for _, v in pairs(state.t) do end
              local ok, e = pcall(function() state.t.c.d.x = 1 end)
              return seen, same and before == state.t.c, e
            end }
            """])
        let value: LuaValue = ["t": ["a": 1, "c": ["d": ["x": true]], "e": ["y": 2]]]
        let r = try await state.run(module: "node", function: "run", directory: ".", clock: nil,
                                    [.object(LuaValueView(value, path: "state"))], limits: .standard)
        #expect(r[0] == 2)
        #expect(r[1] == true)
        #expect(r[2].stringValue?.contains("state.t.c.d is read-only (writing x)") == true)
    }

    @Test func aViewIsATableToScriptsAndToHostFunctions() async throws {
        let (_, state) = try project(["node.lua": """
            return { run = function(state)
              local keys = {}
              for k in pairs(state.t) do keys[#keys + 1] = k end
              local sum = 0
              for _, v in ipairs(state.list) do sum = sum + v end
              return type(state.t), table.concat(keys, ","), #state.list, sum, state.t == state.t,
                     desk.json.encode(state.t), state.missing, state.list[9]
            end }
            """])
        let value: LuaValue = ["t": ["b": 2, "a": 1, "c": ["x": true]], "list": [10, 20, 30]]
        let r = try await state.run(module: "node", function: "run", directory: ".", clock: nil,
                                    [.object(LuaValueView(value, path: "state"))], limits: .standard)
        #expect(r[0] == "table")
        #expect(r[1] == "a,b,c")
        #expect(r[2] == 3)
        #expect(r[3] == 60)
        #expect(r[4] == true)
        #expect(r[5] == .string(#"{"a":1,"b":2,"c":{"x":true}}"#))
        #expect(r[6] == .nil && r[7] == .nil)
    }

    @Test func modulesCompileOncePerVersionAndAReloadIsUsedOnTheNextRun() async throws {
        let dir = temporaryFolder()
        write("local C = require 'common'\nreturn { run = function() return C.value * 2 end }", to: dir + "/node.lua")
        write("return { value = 1 }", to: dir + "/common.lua")
        let scripts = try ScriptSet(root: dir)
        let state = try LuaState(moduleRoots: [dir], source: scripts)
        func run() async throws -> LuaValue {
            try await state.run(module: "node", function: "run", directory: ".", clock: nil, [], limits: .standard).first ?? .nil
        }
        #expect(try await run() == 2)
        #expect(state.sandbox.compiles == 2)
        for _ in 0..<5 { #expect(try await run() == 2) }
        #expect(state.sandbox.compiles == 2)          // five more runs, nothing recompiled
        write("local C = require 'common'\nreturn { run = function() return C.value * 3 end }", to: dir + "/node.lua")
        _ = scripts.reload(dir + "/node.lua")
        #expect(try await run() == 3)                 // the new version, on the next run
        #expect(state.sandbox.compiles == 3)          // only the changed file was compiled again
    }

    @Test func aScriptThatOverwritesGlobalsAndLibrariesLeavesTheNextRunClean() async throws {
        let (_, state) = try project([
            "dirty.lua": "return { run = function() string.upper = nil; math.pi = 3; desk.version = 'x'; answer = 42 end }",
            "clean.lua": "return { run = function() return string.upper('a'), math.pi > 3.14, desk.version ~= 'x', answer end }",
        ])
        _ = try await state.run(module: "dirty", function: "run", directory: ".", clock: nil, [], limits: .standard)
        let r = try await state.run(module: "clean", function: "run", directory: ".", clock: nil, [], limits: .standard)
        #expect(r == [.string("A"), .boolean(true), .boolean(true), .nil])
    }

    @Test func aScriptRaisingSandboxTextIsARuntimeErrorAndARealRefusalIsASandboxError() async throws {
        let (_, state) = try project([
            "fake.lua": "return { run = function() error('sandbox: x') end }",
            "fake2.lua": "return { run = function() error('syntax: y') end }",
            "real.lua": "return { run = function() os.execute('ls') end }",
            "caught.lua": "return { run = function() local ok, e = pcall(os.execute, 'ls'); error(e, 0) end }",
        ])
        for (module, kind) in [("fake", LuaError.Kind.runtime), ("fake2", .runtime), ("real", .sandbox), ("caught", .sandbox)] {
            let error = await expectLuaError {
                _ = try await state.run(module: module, function: "run", directory: ".", clock: nil, [], limits: .standard)
            }
            #expect(error?.kind == kind, "\(module): \(String(describing: error))")
        }
    }

    @Test func pairsNextAndTostringAreTheSameInEveryState() async throws {
        let source = """
            return { run = function()
              local t = {}
              for i = 1, 200 do t["k" .. i] = i; t[i * 7 % 13 + 0.5] = i end
              local order = {}
              for k in pairs(t) do order[#order + 1] = tostring(k) end
              local n, k = 0, nil
              repeat k = next(t, k); n = n + 1 until k == nil
              return table.concat(order, ","), n, tostring({}), string.format("%s", function() end)
            end }
            """
        var outputs: [[LuaValue]] = []
        for _ in 0..<3 {
            let (_, state) = try project(["order.lua": source])
            outputs.append(try await state.run(module: "order", function: "run", directory: ".", clock: nil, [], limits: .standard))
        }
        #expect(outputs[0] == outputs[1] && outputs[1] == outputs[2])
        #expect(outputs[0][0].stringValue?.hasPrefix("0.5,1.5,") == true)
        #expect(outputs[0][1] == .integer(214))
        #expect(outputs[0][2] == .string("table: 0x0000000000000001"))
        #expect(outputs[0][3] == .string("function: 0x0000000000000002"))
    }

    @Test func theClockOfARunIsItsAsOf() async throws {
        let (_, state) = try project(["clock.lua": "return { run = function() return os.time(), os.date('!%Y-%m-%d'), desk.now(), os.time{year=2020, month=1, day=1, hour=0} end }"])
        let asOf: Int64 = 1_571_270_400   // 2019-10-17
        let r = try await state.run(module: "clock", function: "run", directory: ".", clock: asOf, [], limits: .standard)
        #expect(r[0] == .integer(asOf))
        #expect(r[1] == "2019-10-17")
        #expect(r[2] == .integer(asOf))
        #expect(r[3].intValue != nil)
    }
}
