import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP client shared by every live provider: GET a URL, get status, `Retry-After` and the whole body.
///
/// Each call has a total timeout (connection, head and body together); when it passes, or when the calling
/// task is cancelled, the request is cancelled too. A refused connection fails at once instead of being
/// re-tried by the connection pool: retrying is `LiveProvider`'s job. Call `shutdown()` when done (or use
/// `HTTPFetcher.with(_:)`), since the underlying `HTTPClient` must be shut down before it is released.
public final class HTTPFetcher: Sendable {
    /// The AsyncHTTPClient client.
    public let client: HTTPClient
    /// Bodies longer than this many bytes are refused.
    public let maxBodyBytes: Int

    /// Makes a client on the shared event loop group; `connectTimeout` bounds making a connection, in seconds.
    public init(connectTimeout: Double = 10, maxBodyBytes: Int = 64 << 20) {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: Self.amount(connectTimeout))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
        configuration.decompression = .enabled(limit: .ratio(50))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.maxBodyBytes = maxBodyBytes
    }

    /// Shuts the client down; no request may be made afterwards.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    /// Runs `body` with a new fetcher and shuts it down afterwards, whether `body` returns or throws.
    public static func with<Result: Sendable>(
        connectTimeout: Double = 10, _ body: (HTTPFetcher) async throws -> Result
    ) async throws -> Result {
        let fetcher = HTTPFetcher(connectTimeout: connectTimeout)
        do {
            let result = try await body(fetcher)
            try await fetcher.shutdown()
            return result
        } catch {
            try? await fetcher.shutdown()
            throw error
        }
    }

    /// GETs `url` within `timeout` seconds. Throws `FetchError` only.
    public func get(_ url: String, timeout: Double, headers: [(String, String)] = []) async throws -> FetchedResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "User-Agent", value: "moondesk-livedata/1")
        request.headers.add(name: "Accept", value: "application/json, application/xml, text/xml, */*")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let client = self.client, limit = maxBodyBytes, prepared = request
        let deadline = Self.amount(timeout)
        do {
            return try await withThrowingTaskGroup(of: FetchedResponse?.self) { group in
                group.addTask {
                    let response = try await client.execute(prepared, timeout: deadline)
                    let body = try await response.body.collect(upTo: limit)
                    return FetchedResponse(
                        status: Int(response.status.code),
                        retryAfter: response.headers.first(name: "Retry-After"),
                        contentType: response.headers.first(name: "Content-Type"),
                        body: Array(buffer: body))
                }
                group.addTask {
                    try await Task.sleep(nanoseconds: UInt64(max(timeout, 0) * 1e9))
                    return nil  // the timer won
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                guard let response = first else { throw FetchError.timedOut }
                return response
            }
        } catch let error as FetchError {
            throw error
        } catch {
            throw Self.classify(error)
        }
    }

    /// Maps what AsyncHTTPClient, NIO or the task threw onto `FetchError`.
    static func classify(_ error: any Error) -> FetchError {
        if Task.isCancelled || error is CancellationError { return .cancelled }
        if let error = error as? HTTPClientError {
            let timeouts: [HTTPClientError] = [
                .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout, .getConnectionFromPoolTimeout,
            ]
            if timeouts.contains(error) { return .timedOut }
            if error == .cancelled { return .cancelled }
            if [HTTPClientError.invalidURL, .emptyHost, .emptyScheme].contains(error) {
                return .badURL(String(describing: error))
            }
            if error == .remoteConnectionClosed {
                return .transport("the server closed the connection before the response was complete")
            }
            return .transport(String(describing: error))
        }
        if error is NIOTooManyBytesError { return .bodyTooLarge }
        if let error = error as? HTTPParserError {
            if error == .invalidEOFState {
                return .transport("the server closed the connection before the response was complete")
            }
            return .transport("invalid HTTP response (\(error))")
        }
        return .transport(Self.describe(error))
    }

    /// A one-line description of a connection error ("connection refused (errno 111)").
    static func describe(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError {
            if let first = error.connectionErrors.first { return describe(first.error) }
            if let dns = error.dnsAAAAError ?? error.dnsAError { return "DNS lookup failed (\(dns))" }
            return "cannot connect to \(error.host):\(error.port)"
        }
        if let error = error as? IOError {
            if error.errnoCode == ECONNREFUSED { return "connection refused" }
            if error.errnoCode == ECONNRESET { return "connection reset by peer" }
            return String(describing: error)
        }
        return String(describing: error)
    }

    static func amount(_ seconds: Double) -> TimeAmount {
        .nanoseconds(Int64(max(seconds, 0) * 1e9))
    }
}

/// A finished GET: status, the headers a provider needs, and the body.
public struct FetchedResponse: Sendable, Equatable {
    /// The HTTP status code.
    public var status: Int
    /// The `Retry-After` header, when the server sent one.
    public var retryAfter: String?
    /// The `Content-Type` header, when the server sent one.
    public var contentType: String?
    /// The whole body.
    public var body: [UInt8]

    public init(status: Int, retryAfter: String? = nil, contentType: String? = nil, body: [UInt8]) {
        self.status = status
        self.retryAfter = retryAfter
        self.contentType = contentType
        self.body = body
    }
}

/// Why a GET produced no response.
public enum FetchError: Error, Sendable, Equatable {
    /// The total timeout passed first.
    case timedOut
    /// The calling task was cancelled.
    case cancelled
    /// No connection, or it broke off; the detail says how.
    case transport(String)
    /// The URL cannot be requested.
    case badURL(String)
    /// The body exceeded `HTTPFetcher.maxBodyBytes`.
    case bodyTooLarge
}
