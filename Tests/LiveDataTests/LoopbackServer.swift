import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// Requests a loopback server received, by path, so tests can tell a cache hit from a request.
final class RequestLog: Sendable {
    private let state = Mutex<[(path: String, query: String)]>([])
    private let released = Atomic<Bool>(false)

    /// Set once the test body is done: slow handlers stop waiting so the server can shut down gracefully.
    var isReleased: Bool { released.load(ordering: .acquiring) }
    func release() { released.store(true, ordering: .releasing) }

    /// Waits up to `seconds`, returning early once the test body is done: a response that is slow for the
    /// client yet never holds up the server's shutdown.
    func stall(seconds: Double) async {
        let clock = ContinuousClock(), end = clock.now + .seconds(seconds)
        while !isReleased && clock.now < end { try? await Task.sleep(for: .milliseconds(10)) }
    }

    func record(path: String, query: String) { state.withLock { $0.append((path, query)) } }

    /// Requests whose path is `path`.
    func count(_ path: String) -> Int { state.withLock { $0.filter { $0.path == path }.count } }

    /// Every request's query string, in arrival order.
    var queries: [String] { state.withLock { $0.map(\.query) } }

    var total: Int { state.withLock { $0.count } }
}

/// Logs each request in a `RequestLog` before routing it.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let log: RequestLog

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        log.record(path: request.uri.path, query: request.uri.query ?? "")
        return try await next(request, context)
    }
}

/// A response with `body` as its bytes, `status` and optional headers.
func respond(_ body: String, status: HTTPResponse.Status = .ok, contentType: String = "application/json",
             headers: [(HTTPField.Name, String)] = []) -> Response {
    var fields = HTTPFields()
    fields[.contentType] = contentType
    for (name, value) in headers { fields[name] = value }
    return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
}

/// Runs a real Hummingbird HTTP server on 127.0.0.1 at an ephemeral port (bound as port 0) for the duration of
/// `body`, which gets the server's base URL ("http://127.0.0.1:PORT") and its request log. When `body` returns
/// or throws, slow handlers are released and the server shuts down gracefully (in-flight requests finish).
func withLoopbackServer<Result: Sendable>(
    routes: (Router<BasicRequestContext>, RequestLog) -> Void,
    _ body: @Sendable (String, RequestLog) async throws -> Result
) async throws -> Result {
    let log = RequestLog()
    let router = Router()
    router.middlewares.add(RequestLogMiddleware(log: log))
    routes(router, log)
    let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "loopback")
    logger.logLevel = .critical
    let app = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            portSink.yield(channel.localAddress?.port ?? -1)
            portSink.finish()
        },
        logger: logger)
    let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await services.run() }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? -1
        let outcome: Swift.Result<Result, any Error>
        if port > 0 {
            do { outcome = .success(try await body("http://127.0.0.1:\(port)", log)) } catch { outcome = .failure(error) }
        } else {
            outcome = .failure(LoopbackServerError.noPort)
        }
        log.release()
        await services.triggerGracefulShutdown()
        try await group.waitForAll()
        return try outcome.get()
    }
}

/// Routes without access to the request log.
func withLoopbackServer<Result: Sendable>(
    routes: (Router<BasicRequestContext>) -> Void,
    _ body: @Sendable (String, RequestLog) async throws -> Result
) async throws -> Result {
    try await withLoopbackServer(routes: { router, _ in routes(router) }, body)
}

enum LoopbackServerError: Error { case noPort }

/// A fresh folder under the system's temporary directory, removed by `remove()`.
struct TemporaryFolder {
    private static let counter = Atomic<Int>(0)
    let path: String

    init() {
        let serial = Self.counter.add(1, ordering: .relaxed).newValue
        path = (NSTemporaryDirectory() as NSString)
            .appendingPathComponent("moondesk-livedata-\(ProcessInfo.processInfo.processIdentifier)-\(serial)")
        try? FileManager.default.removeItem(atPath: path)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
