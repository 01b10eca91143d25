import Foundation
import Synchronization
import LuaHost

/// What Lua handlers and nodes share when they run: the limits of a run until its deadline, the market fields of
/// their `ctx`, and the record of the script files they loaded.
enum ScriptRun {
    /// The files the calls made inside `$loaded.withValue` loaded: what one task's or node's result came from.
    @TaskLocal static var loaded: LoadedFiles?

    /// Memory cap of one handler or node run.
    static let memory = 256 << 20

    /// The limits of a run that must end by `deadline`.
    static func limits(until deadline: ContinuousClock.Instant) -> LuaLimits {
        LuaLimits(timeout: max(0.001, (deadline - .now).seconds), memory: memory)
    }

    /// The `ctx` fields about the run's data: `as_of`, `as_of_date`, `candles`, `data_path`, `news_count`, `live`.
    static func marketFields(_ market: MarketContext) throws -> [String: LuaValue] {
        [
            "as_of": .integer(market.asOf), "as_of_date": .string(MarketContext.isoDate(market.asOf)),
            "candles": .object(market.candleView(try market.series().series, path: market.dataPath)), "data_path": .string(market.dataPath),
            "news_count": .integer(Int64(market.news.count)), "live": .boolean(market.live != nil),
        ].merging(PointInTimeFields.ctx(market)) { a, _ in a }  // point in time: bar_seconds, bars_per_year, as-of
    }

    /// Runs `module.function(args)` in a state of the runtime's pool, under the limits of `deadline`, with the
    /// run's clock at the as-of; the files it loaded go to `files`. The one path every handler, node and router
    /// takes. `prepare` and `finish` see the state just before and just after the call.
    static func call<T: Sendable>(_ runtime: DeskRuntime, module: String, function: String, directory: String,
                                  _ args: [LuaValue], until deadline: ContinuousClock.Instant, files: LoadedFiles,
                                  prepare: (LuaState) -> Void = { _ in },
                                  finish: (LuaState, LuaValue) throws -> T) async throws -> T {
        try await runtime.states.withState { lua in
            prepare(lua)
            lua.sandbox.beginRecording()
            defer {
                let loaded = lua.sandbox.endRecording()
                files.add(loaded)
                ScriptRun.loaded?.add(loaded)
            }
            let results = try await lua.run(module: module, function: function, directory: directory,
                                            clock: runtime.market.clock.cutoff, args, limits: limits(until: deadline))
            return try finish(lua, results.first ?? .nil)
        }
    }
}

/// A value made on first use and kept: the part of a ctx that is the same all run long.
final class MadeOnce<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)
    func get(_ make: () throws -> Value) rethrows -> Value {
        if let made = value.withLock({ $0 }) { return made }
        let made = try make()
        value.withLock { $0 = made }
        return made
    }
}

/// The script files runs loaded (modules and what they required), in first-load order, from several tasks at once.
final class LoadedFiles: Sendable {
    private let files = Mutex<[String]>([])

    var list: [String] { files.withLock { $0 } }

    func add(_ loaded: [String]) {
        files.withLock { known in for f in loaded where !known.contains(f) { known.append(f) } }
    }
}
