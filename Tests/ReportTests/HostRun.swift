import Foundation

/// The built `host` executable (next to this test bundle), run as a user would.
enum HostRun {
    struct Result { var status: Int32; var stdout: String; var stderr: String }

    static var executable: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first(where: { $0.contains(".xctest") }) ?? CommandLine.arguments[0])
        return bundle.deletingLastPathComponent().appendingPathComponent("host").path
    }

    static func run(_ arguments: [String], in directory: String = SampleBacktest.root) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        process.waitUntilExit()
        group.wait()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A copy of the repository's agents/ and config/ (data/ linked) that a test may break.
    static func projectCopy() throws -> String {
        let root = Chromium.temporaryFolder()
        let fm = FileManager.default
        try fm.copyItem(atPath: SampleBacktest.root + "/agents", toPath: root + "/agents")
        try fm.copyItem(atPath: SampleBacktest.root + "/config", toPath: root + "/config")
        try fm.createSymbolicLink(atPath: root + "/data", withDestinationPath: SampleBacktest.root + "/data")
        return root
    }
}

/// Runs blocking work (a process, a browser) on a Dispatch thread, off Swift's cooperative pool.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}
