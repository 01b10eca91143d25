import Foundation
import LuaHost

/// The Lua host's costs: a Swift→Lua call against the same call made from a Lua loop (the floor), the
/// deadline hook's overrun at several limits, and the hook's cost on a tight loop.
enum LuaHostBench {
    static func run() async throws -> [BenchRow] {
        var rows: [BenchRow] = []
        let state = try LuaState()
        let env = try state.newEnvironment(directory: ".")
        let add = try state.callForRef(try state.load("return function(a, b) return a + b end", chunkName: "add.lua", environment: env))

        // Swift → Lua: one protected call per iteration, two numbers in, one out.
        let iterations = 1_000_000
        var sink = 0.0
        let swiftCall = nanosPerIteration(iterations: iterations) {
            if case .number(let d)? = try? state.call(add, [.number(1.5), .number(2.0)]).first { sink += d }
        }
        let stackCall = nanosPerIteration(iterations: iterations) {
            sink += (try? state.call(add, arguments: { s in s.push(1.5); s.push(2.0); return 2 }, results: { $0.number(1) ?? 0 })) ?? 0
        }
        let limits = LuaLimits(timeout: 10, memory: 64 << 20)
        let withDeadline = nanosPerIteration(iterations: iterations / 4) {
            if case .number(let d)? = try? state.call(add, [.number(1.5), .number(2.0)], limits: limits).first { sink += d }
        }
        let stackWithDeadline = nanosPerIteration(iterations: iterations) {
            sink += (try? state.call(add, limits: limits, arguments: { s in s.push(1.5); s.push(2.0); return 2 }, results: { $0.number(1) ?? 0 })) ?? 0
        }
        // The floor: the same function called from a Lua loop.
        let floor = try luaLoopFloor(state: state, env: env, iterations: iterations)
        rows.append(BenchRow(name: "Swift→Lua call, `call(f, [1.5, 2.0])`", value: String(format: "%.0f ns", swiftCall), goal: "(convenience API)"))
        rows.append(BenchRow(name: "the same call with a deadline and a memory cap armed", value: String(format: "%.0f ns", withDeadline), goal: ""))
        rows.append(BenchRow(name: "Swift→Lua call through the stack API (no allocation)", value: String(format: "%.0f ns", stackCall), goal: "≤ 100 ns"))
        rows.append(BenchRow(name: "the same stack-API call with a deadline and a memory cap armed", value: String(format: "%.0f ns (%+.0f ns)", stackWithDeadline, stackWithDeadline - stackCall), goal: "an atomic store, no lock"))
        rows.append(BenchRow(name: "same call from a Lua loop (floor)", value: String(format: "%.0f ns", floor), goal: ""))
        rows.append(BenchRow(name: "ratio stack-API call / floor", value: String(format: "%.2f×", stackCall / floor), goal: "≤ 2×"))
        rows.append(BenchRow(name: "ratio LuaValue call / floor", value: String(format: "%.2f×", swiftCall / floor), goal: ""))
        if sink == 42 { print("") }

        // Deadline overrun: how long after the limit a `while true do end` is stopped.
        for limit in [0.1, 0.3, 1.0] {
            var worst = 0.0, total = 0.0
            let runs = 5
            for _ in 0..<runs {
                let s = try LuaState()
                let e = try s.newEnvironment(directory: ".")
                let spin = try s.load("while true do end", chunkName: "spin.lua", environment: e)
                let elapsed = secondsElapsed { _ = try? s.call(spin, limits: LuaLimits(timeout: limit)) }
                worst = max(worst, elapsed - limit)
                total += elapsed - limit
            }
            rows.append(BenchRow(name: "deadline overrun at \(limit) s (mean / worst of \(runs))",
                                 value: String(format: "+%.2f ms / +%.2f ms", total / Double(runs) * 1000, worst * 1000), goal: "≤ +20 ms"))
        }

        // The deadline's cost on a tight loop: no deadline against a deadline armed (far away).
        let tight = try state.load("local n = ...; local s = 0; for i = 1, n do s = s + i % 7 end; return s",
                                   chunkName: "tight.lua", environment: env)
        func timeTight(_ limits: LuaLimits) throws -> Double {
            var best = Double.infinity
            for _ in 0..<5 { best = min(best, try secondsElapsed { _ = try state.call(tight, [.integer(20_000_000)], limits: limits) }) }
            return best
        }
        let off = try timeTight(.none)
        let on = try timeTight(LuaLimits(timeout: 60, memory: 256 << 20))
        rows.append(BenchRow(name: "tight loop, 20M iterations: no limits / deadline and cap armed",
                             value: String(format: "%.1f ms / %.1f ms (%+.1f %%)", off * 1000, on * 1000, (on / off - 1) * 100), goal: "≤ 5 %"))
        rows += try deterministicIteration(state: state, env: env)
        rows += try viewReads(state: state, env: env)
        return rows
    }

    /// What the sandbox's fixed iteration order costs: `pairs` over a 1,000-key table (strings) and a 100-key one
    /// (mixed keys), with Lua's own `pairs` (a chunk outside the sandbox) against the sandbox's.
    static func deterministicIteration(state: LuaState, env: LuaRef) throws -> [BenchRow] {
        let source = """
            local keys, rounds = ...
            local t = {}
            for i = 1, keys do if i % 2 == 0 then t["k" .. i] = i else t[i * 1.5] = i end end
            local s = 0
            for _ = 1, rounds do for _, v in pairs(t) do s = s + v end end
            return s
            """
        let raw = try state.load(source, chunkName: "pairs-raw.lua")
        let sandboxed = try state.load(source, chunkName: "pairs.lua", environment: env)
        var rows: [BenchRow] = []
        for (keys, rounds) in [(1_000, 200), (100, 2_000)] {
            func time(_ chunk: LuaRef) throws -> Double {
                var best = Double.infinity
                for _ in 0..<3 {
                    let elapsed = try secondsElapsed { _ = try state.call(chunk, [.integer(Int64(keys)), .integer(Int64(rounds))]) }
                    best = min(best, elapsed)
                }
                return best / Double(rounds * keys) * 1e9
            }
            let plain = try time(raw), fixed = try time(sandboxed)
            rows.append(BenchRow(name: "`pairs` over \(keys) keys: Lua's order / the sandbox's fixed order, per key",
                                 value: String(format: "%.0f ns / %.0f ns (%.1f×)", plain, fixed, fixed / plain),
                                 goal: "report"))
        }
        return rows
    }

    /// What a node pays to read the state through its view (LuaValueView), on 2,000 results of 10 fields as a
    /// decision's state holds them: the first read of a nested table (a new view), the first read of a field (a call
    /// into Swift), a repeated read (the view's memo in Lua), against the same reads of a Lua table.
    static func viewReads(state: LuaState, env: LuaRef) throws -> [BenchRow] {
        let n = 2_000, fields = ["signal", "confidence", "summary", "source", "role", "synthetic", "facts", "metrics",
                                 "status", "task_id"]
        let results = LuaValue.array((1...n).map { i in
            .table(Dictionary(uniqueKeysWithValues: fields.enumerated().map { ($1, LuaValue.number(Double(i + $0))) }))
        })
        // `kept` reads the table an earlier call kept, so a Lua table's reads are timed without its conversion.
        let reader = try state.callForRef(try state.load("""
            local kept
            return function(t, reads, mode)
              if mode == "keep" then kept = t; return 0 end
              t = t or kept
              local s = 0
              for i = 1, #t do
                local r = t[i]
                for _ = 1, reads do s = s + r.signal + r.confidence + r.summary + r.source + r.role end
              end
              return s
            end
            """, chunkName: "reads.lua", environment: env))
        func seconds(_ value: () -> LuaValue, reads: Int) throws -> Double {
            var best = Double.infinity
            for _ in 0..<5 {
                let v = value()
                best = min(best, try secondsElapsed { _ = try state.call(reader, [v, .integer(Int64(reads)), .nil]) })
                if case .object(let object) = v { (object as? LuaValueView)?.close() }
            }
            return best
        }
        _ = try state.call(reader, [results, .nil, .string("keep")])
        let view = { LuaValue.object(LuaValueView(results, path: "state")) }
        // Differences of runs that read each field 0, 1 and 11 times: a view's memo serves reads 2 to 11.
        let tableOnce = try seconds({ .nil }, reads: 1), tableMore = try seconds({ .nil }, reads: 11)
        let items = try seconds(view, reads: 0), once = try seconds(view, reads: 1), more = try seconds(view, reads: 11)
        let perItem = items / Double(n) * 1e9
        let firstRead = (once - items) / Double(n * 5) * 1e9, memoRead = (more - once) / Double(n * 50) * 1e9
        let tableRead = (tableMore - tableOnce) / Double(n * 50) * 1e9
        return [
            BenchRow(name: "a state view: the first read of a nested table (a new view)",
                     value: String(format: "%.0f ns", perItem), goal: "report"),
            BenchRow(name: "… the first read of a field (a call into Swift), per read",
                     value: String(format: "%.0f ns", firstRead), goal: "report"),
            BenchRow(name: "… a repeated read (the view's memo) / the same read of a Lua table",
                     value: String(format: "%.0f ns / %.0f ns", memoRead, tableRead), goal: "report"),
        ]
    }

    static func luaLoopFloor(state: LuaState, env: LuaRef, iterations: Int) throws -> Double {
        let maker = try state.load("""
            local function add(a, b) return a + b end
            return function(n) local s = 0; for i = 1, n do s = s + add(1.5, 2.0) end; return s end
            """, chunkName: "floor.lua", environment: env)
        let loop = try state.callForRef(maker)
        var best = Double.infinity
        for _ in 0..<5 {
            let seconds = try secondsElapsed { _ = try state.call(loop, [.integer(Int64(iterations))]) }
            best = min(best, seconds * 1e9 / Double(iterations))
        }
        return best
    }
}
