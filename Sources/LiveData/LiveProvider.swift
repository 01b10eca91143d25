import Foundation

/// How to reach one live data provider: where (`baseURL`, overridable so tests point at 127.0.0.1:PORT),
/// how patiently (`timeout`, `retry`) and with what memory (`cache`).
///
/// `fetch(_:using:decode:)` is the one request path every provider shares: a fresh cached body if there is
/// one, else GET with retries on 429/5xx, then decode, then cache the body that decoded. Every failure is a
/// `ProviderError` naming the provider.
public struct LiveProvider: Sendable {
    /// The provider's name in errors and results ("binance", "fred", ...).
    public var name: String
    /// Scheme, host and optional port (and path prefix), without a trailing slash: "https://api.binance.com".
    public var baseURL: String
    /// Total seconds one attempt may take: connecting, the response head and the whole body.
    public var timeout: Double
    /// Retries on 429 and 5xx.
    public var retry: RetryPolicy
    /// Where bodies are kept between runs; nil to always ask the server.
    public var cache: ResponseCache?

    public init(
        name: String, baseURL: String, timeout: Double = 10, retry: RetryPolicy = RetryPolicy(),
        cache: ResponseCache? = ResponseCache()
    ) {
        self.name = name
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.timeout = timeout
        self.retry = retry
        self.cache = cache
    }

    /// `baseURL + path + "?" + query`, each query name and value percent-encoded, in the order given.
    public func url(path: String, query: [(String, String)] = []) -> String {
        var text = baseURL + (path.hasPrefix("/") ? path : "/" + path)
        if !query.isEmpty {
            text += "?" + query.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        }
        return text
    }

    /// The body of a GET of `url`, decoded by `decode`, from the cache when fresh, else from the server.
    ///
    /// `decode` throws a `ProviderError.Problem` for a body it cannot use; the error then names this provider.
    /// A body that fails to decode is neither cached nor retried (the server answered; it answered wrong).
    public func fetch<Value>(
        _ url: String, using fetcher: HTTPFetcher, decode: ([UInt8]) throws(ProviderError.Problem) -> Value
    ) async throws(ProviderError) -> Value {
        let tape = HTTPTape.current
        if let tape, tape.isReplaying {
            // A replay: the recorded answer, never the network.
            guard let answer = tape.answer(url) else { throw failure(.unreachable("\(Self.hostAndPort(url)): not recorded in the run being replayed")) }
            guard let text = answer.body, let body = Data(base64Encoded: text) else {
                let problem = answer.problem.flatMap { try? JSONDecoder().decode(ProviderError.Problem.self, from: Data($0.utf8)) }
                throw failure(problem ?? .unreachable("no answer recorded"))
            }
            do { return try decode([UInt8](body)) } catch { throw ProviderError(provider: name, problem: error) }
        }
        if let cache, let body = cache.load(url: url) {
            do {
                let value = try decode(body)
                tape?.record(url, body: body)
                return value
            } catch { cache.remove(url: url) }  // a stale format: ask again
        }
        let body: [UInt8]
        do {
            body = try await download(url, using: fetcher)
        } catch {
            tape?.record(url, problem: error.problem)
            throw error
        }
        tape?.record(url, body: body)
        let value: Value
        do { value = try decode(body) } catch { throw ProviderError(provider: name, problem: error) }
        // A cache that cannot be written costs only the next run a request; the value is still returned.
        try? cache?.store(body, url: url)
        return value
    }

    /// GETs `url` until it succeeds, the retries run out, or a failure that retrying cannot fix.
    public func download(_ url: String, using fetcher: HTTPFetcher) async throws(ProviderError) -> [UInt8] {
        var attempt = 1
        while true {
            if Task.isCancelled { throw failure(.cancelled) }
            let response: FetchedResponse
            do {
                response = try await fetcher.get(url, timeout: timeout)
            } catch let error as FetchError {
                throw failure(problem(for: error, url: url))
            } catch {
                throw failure(.unreachable(String(describing: error)))
            }
            if (200..<300).contains(response.status) { return response.body }
            guard RetryPolicy.isRetryable(status: response.status), attempt < retry.attempts else {
                throw failure(.httpStatus(response.status, attempts: attempt, detail: Self.excerpt(response.body)))
            }
            let wait = retry.delay(beforeRetry: attempt, url: url, retryAfter: response.retryAfter)
            do {
                try await Task.sleep(nanoseconds: UInt64(wait * 1e9))
            } catch {
                throw failure(.cancelled)
            }
            attempt += 1
        }
    }

    func failure(_ problem: ProviderError.Problem) -> ProviderError {
        ProviderError(provider: name, problem: problem)
    }

    func problem(for error: FetchError, url: String) -> ProviderError.Problem {
        switch error {
        case .timedOut: return .timedOut(seconds: timeout)
        case .cancelled: return .cancelled
        case .badURL(let detail): return .badRequest("\(Self.hostAndPort(url)): \(detail)")
        case .bodyTooLarge: return .unexpectedShape("response body larger than the fetcher's limit")
        case .transport(let detail): return .unreachable("\(Self.hostAndPort(url)): \(detail)")
        }
    }

    /// "host:port" of a URL (never its query, which may carry an API key).
    static func hostAndPort(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return "the URL" }
        let port = components.port ?? (components.scheme == "http" ? 80 : 443)
        return "\(host):\(port)"
    }

    /// The start of an error body on one line, so "HTTP 400" can say what the server objected to.
    static func excerpt(_ body: [UInt8], limit: Int = 160) -> String? {
        let text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }

    static let queryAllowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~")
        return set
    }()

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: queryAllowed) ?? text
    }
}
