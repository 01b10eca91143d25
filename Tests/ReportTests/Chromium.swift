import Foundation

/// Debian's headless Chromium, run on a report file as a reader's browser would open it, with nothing able to
/// leave the machine: every host name resolves to nothing (`--host-resolver-rules`, so neither the page nor
/// Chromium's own background services reach a network; loopback is left for the tests' own probe), a fresh
/// profile per run, and a net log recording every request the page made.
struct Chromium {
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// What a page did when it opened.
    struct Visit {
        /// The DOM after the page's scripts ran, serialized.
        var dom: String
        /// What the page wrote to the console, as Chromium logged it (errors, CSP refusals, uncaught exceptions).
        var console: [String]
        /// URLs the page requested over the network (from the net log).
        var requests: [String]
    }

    let executable: String

    /// `chromium` on the PATH (scripts/ensure-deps installs Debian's package when it is missing).
    init() throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let candidates = path.split(separator: ":").flatMap { ["\($0)/chromium", "\($0)/chromium-browser"] }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Failure(description: "chromium not found on the PATH: ./scripts/test installs Debian's chromium package (apt-get install chromium)")
        }
        executable = found
    }

    static let flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
        "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--no-pings", "--hide-scrollbars", "--mute-audio",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ]

    /// Opens `file`, waits for its load event, and returns the DOM, the console and the page's requests.
    func visit(_ file: String, fragment: String? = nil, width: Int = 1280, height: Int = 900) throws -> Visit {
        let work = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let netLog = work + "/net.json"
        let out = try run(Self.flags + ["--user-data-dir=\(work)/profile", "--enable-logging=stderr", "--v=0",
                                        "--log-net-log=\(netLog)", "--window-size=\(width),\(height)",
                                        "--dump-dom", URL(fileURLWithPath: file).absoluteString + (fragment.map { "#" + $0 } ?? "")])
        let console = out.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return Visit(dom: out.stdout, console: console, requests: try Self.pageRequests(netLog: netLog))
    }

    /// A PNG of the page at `width` x `height` CSS pixels.
    func screenshot(_ file: String, to png: String, width: Int = 1280, height: Int = 2000) throws {
        let work = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        _ = try run(Self.flags + ["--user-data-dir=\(work)/profile", "--window-size=\(width),\(height)",
                                  "--screenshot=\(png)", URL(fileURLWithPath: file).absoluteString])
        guard FileManager.default.fileExists(atPath: png) else { throw Failure(description: "chromium wrote no screenshot for \(file)") }
    }

    /// The requests made for a file:// page: URL_REQUEST_START_JOB events whose isolation key is the file
    /// origin (Chromium's own service requests, which the resolver rules stop anyway, have other keys).
    static func pageRequests(netLog: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: netLog) else { throw Failure(description: "chromium wrote no net log") }
        // Chromium may stop before closing the JSON's last bracket: close it.
        var text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if !text.hasSuffix("}") { text = text.trimmingCharacters(in: CharacterSet(charactersIn: ",\n")) + "]}" }
        guard let log = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let constants = log["constants"] as? [String: Any],
              let types = constants["logEventTypes"] as? [String: Int],
              let start = types["URL_REQUEST_START_JOB"],
              let events = log["events"] as? [[String: Any]] else {
            throw Failure(description: "chromium's net log is not in the expected form")
        }
        return events.compactMap { event in
            guard event["type"] as? Int == start, let params = event["params"] as? [String: Any],
                  let url = params["url"] as? String,
                  (params["network_isolation_key"] as? String ?? "").contains("file://") else { return nil }
            return url
        }
    }

    struct Output { var stdout: String; var stderr: String }

    /// Runs Chromium off Swift's cooperative threads' way (a blocking wait in a test), for at most 120 s.
    func run(_ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let deadline = DispatchTime.now() + 120
        if group.wait(timeout: deadline) == .timedOut {
            process.terminate()
            throw Failure(description: "chromium did not finish within 120 s: \(arguments.last ?? "")")
        }
        process.waitUntilExit()
        return Output(stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "moondesk-report-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
