import Foundation
import Synchronization

/// The live providers' answers of one run: recorded as they arrive (from the server or the disk cache), so a
/// journal can keep them, and served back in place of the network when a run is replayed, with no connection
/// made. A replay takes its tape from the file named by MOONDESK_HTTP_REPLAY.
public final class HTTPTape: Sendable {
    /// One answer: the body (base64) or the provider's problem (JSON), for a URL without its API key.
    public struct Exchange: Sendable, Codable, Equatable {
        public var url: String
        public var body: String?
        public var problem: String?
        public init(url: String, body: String?, problem: String?) {
            self.url = url
            self.body = body
            self.problem = problem
        }
    }

    private let recorded = Mutex<[Exchange]>([])
    /// Replaying: each URL's answers in the order they were recorded, and how many were served. A replay whose
    /// providers point elsewhere (the recording ran against a loopback server, its MOONDESK_*_URL gone) still finds
    /// them by path and query.
    private let tape: [String: [Exchange]]?
    private let byPath: [String: [Exchange]]
    private let served = Mutex<[String: Int]>([:])

    /// A tape that records.
    public init() {
        tape = nil
        byPath = [:]
    }

    /// A tape that serves `exchanges`.
    public init(replaying exchanges: [Exchange]) {
        tape = Dictionary(grouping: exchanges, by: \.url)
        byPath = Dictionary(grouping: exchanges, by: { Self.pathAndQuery($0.url) })
    }

    public var isReplaying: Bool { tape != nil }

    /// What was recorded, in arrival order.
    public var exchanges: [Exchange] { recorded.withLock { $0 } }

    func record(_ url: String, body: [UInt8]) {
        recorded.withLock { $0.append(Exchange(url: Self.redacted(url), body: Data(body).base64EncodedString(), problem: nil)) }
    }

    func record(_ url: String, problem: ProviderError.Problem) {
        let text = (try? JSONEncoder().encode(problem)).map { String(decoding: $0, as: UTF8.self) }
        recorded.withLock { $0.append(Exchange(url: Self.redacted(url), body: nil, problem: text)) }
    }

    /// The next recorded answer for `url` (the last one again once they are used up); nil when it was never asked.
    func answer(_ url: String) -> Exchange? {
        var key = Self.redacted(url)
        var found = tape?[key]
        if found == nil {
            key = Self.pathAndQuery(key)
            found = byPath[key]
        }
        guard let answers = found, !answers.isEmpty else { return nil }
        let n = served.withLock { s in defer { s[key, default: 0] += 1 }; return s[key] ?? 0 }
        return answers[min(n, answers.count - 1)]
    }

    /// The URL without the values of secret query parameters (FRED's `api_key`): what is stored and matched.
    static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url), let items = parts.queryItems else { return url }
        parts.queryItems = items.map { $0.name.lowercased().contains("key") ? URLQueryItem(name: $0.name, value: "-") : $0 }
        return parts.string ?? url
    }

    static func pathAndQuery(_ url: String) -> String {
        guard let parts = URLComponents(string: url) else { return url }
        return parts.path + (parts.query.map { "?" + $0 } ?? "")
    }

    private static let slot = Mutex<HTTPTape?>(HTTPTape.fromEnvironment())

    /// The process's tape, if any: set by a command that records a live run, or read from MOONDESK_HTTP_REPLAY.
    public static var current: HTTPTape? {
        get { slot.withLock { $0 } }
        set { slot.withLock { $0 = newValue } }
    }

    private static func fromEnvironment() -> HTTPTape? {
        guard let path = ProcessInfo.processInfo.environment["MOONDESK_HTTP_REPLAY"], !path.isEmpty,
              let data = FileManager.default.contents(atPath: path),
              let exchanges = try? JSONDecoder().decode([Exchange].self, from: data) else { return nil }
        return HTTPTape(replaying: exchanges)
    }
}
