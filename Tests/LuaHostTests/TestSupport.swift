import Foundation
import LuaHost

/// A state with the `desk` basics, capturing what scripts print.
final class TestState: @unchecked Sendable {
    let state: LuaState
    private let lock = NSLock()
    private var lines: [String] = []

    init(moduleRoots: [String] = [], source: any ScriptSource = DiskScriptSource()) throws {
        state = try LuaState(moduleRoots: moduleRoots, source: source)
        try DeskBasics.install(in: state) { _, _ in }
        state.printHandler = { [weak self] line in
            guard let self else { return }
            self.lock.withLock { self.lines.append(line) }
        }
    }

    var printed: [String] { lock.withLock { lines } }

    /// Loads `source` as a chunk named `name` in a fresh environment.
    func chunk(_ source: String, name: String = "test.lua") throws -> LuaRef {
        let env = try state.newEnvironment(directory: ".")
        defer { state.release(env) }
        return try state.load(source, chunkName: name, environment: env)
    }

    /// Runs `source` (async-capable) and returns its results.
    @discardableResult
    func run(_ source: String, name: String = "test.lua", limits: LuaLimits = .standard) async throws -> [LuaValue] {
        try await state.run(try chunk(source, name: name), limits: limits)
    }

    /// Calls `source` synchronously.
    @discardableResult
    func call(_ source: String, _ args: [LuaValue] = [], name: String = "test.lua", limits: LuaLimits = .standard) throws -> [LuaValue] {
        try state.call(try chunk(source, name: name), args, limits: limits)
    }
}

/// Runs `body` expecting a LuaError and returns it.
func expectLuaError(_ body: () async throws -> Void) async -> LuaError? {
    do {
        try await body()
        return nil
    } catch let error as LuaError {
        return error
    } catch {
        return LuaError(.runtime, "not a LuaError: \(error)")
    }
}

/// A fresh temporary folder.
func temporaryFolder() -> String {
    let path = NSTemporaryDirectory() + "moondesk-test-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func write(_ text: String, to path: String) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
}
