import Foundation
import LuaHost

/// One `*_test.lua` file run by `host test`: the file registers cases with `test(name, fn)`; each case runs
/// alone in a fresh environment of a state with the whole desk API and `desk.test` (TestHelpers.swift), and fails
/// when it raises.
public struct LuaTestFile: Sendable {
    public struct Failure: Sendable, Equatable {
        public var name: String
        public var file: String
        public var line: Int?
        public var message: String
        /// `FILE:LINE`, where the case raised.
        public var location: String { file + (line.map { ":\($0)" } ?? "") }
        /// `FILE:LINE: name: message`, the line `host test` prints.
        public var text: String { "\(location): \(name): \(message)" }
    }

    /// The cases in the order the file declared them, each with its failure or nil when it passed.
    public struct Outcome: Sendable {
        public var cases: [(name: String, failure: Failure?)] = []
        public var passed: Int { cases.count { $0.failure == nil } }
        public var failures: [Failure] { cases.compactMap(\.failure) }
    }

    public let path: String

    public init(path: String) { self.path = Sandbox.normalize(path) }

    static let driver = LuaResource.text("test", resources: "Moondesk_Moondesk") { .module }

    /// Runs every case. Throws (bad input) when the file cannot be read or does not compile, or when its top
    /// level raises before any case could run.
    public func run(print: @escaping @Sendable (String) -> Void = { _ in }) async throws -> Outcome {
        let scripts = SnapshotScriptSource()
        guard let bytes = try? scripts.bytes(of: path) else {
            throw MoondeskError(.badInput, "\(path): no such test file")
        }
        if let error = LuaSyntax.check(bytes, chunkName: path) { throw error }
        let paths = ProjectPaths.containing(path)
        let market = try MarketContext(paths: paths, symbol: "BTC/USDT", dataPath: nil, asOf: nil, newsPath: nil)
        let runtime = DeskRuntime(paths: paths, scripts: scripts, market: market, print: print)
        let state = try runtime.makeState()
        try TestHelpers.install(in: state, testFile: path, paths: paths, scripts: scripts, print: print)
        let directory = NSString(string: path).deletingLastPathComponent
        let file = NSString(string: path).lastPathComponent
        func runCase(_ index: Int) async throws -> [String] {
            let env = try state.newEnvironment(directory: directory.isEmpty ? "." : directory)
            defer { state.release(env) }
            let chunk = try state.trustedChunk(Self.driver, chunkName: "[test]", environment: env)
            let results = try await state.run(chunk, [.string(file), .integer(Int64(index))], limits: .standard)
            return (results.first?.arrayValue ?? []).compactMap(\.stringValue)
        }
        var outcome = Outcome()
        let names: [String]
        do {
            names = try await runCase(0)
        } catch let error as LuaError where error.kind != .syntax {
            // The file's top level raised: no case can run, which fails the file (a syntax error is bad input).
            outcome.cases.append(("(top level)", Failure(name: "(top level)", file: error.file ?? path, line: error.line, message: error.message)))
            return outcome
        }
        for (i, name) in names.enumerated() {
            do {
                _ = try await runCase(i + 1)
                outcome.cases.append((name, nil))
            } catch let error as LuaError {
                outcome.cases.append((name, Failure(name: name, file: error.file ?? path, line: error.line, message: error.message)))
            } catch {
                outcome.cases.append((name, Failure(name: name, file: path, line: nil, message: String(describing: error))))
            }
        }
        return outcome
    }
}
