import LiveData
import LuaHost

/// Which live-provider failures can change on another try: a server error (5xx), a rate limit (429), a request
/// timeout (408), an I/O timeout. A missing API key, a malformed or unexpected answer, a bad request and a
/// connection that could not be made (nothing listens there; the fetcher does not retry it either, docs/LIVE.md)
/// fail the same way every time, so a task that hits one is attempted once.
extension ProviderError: TransientFailureMark {
    public var isTransient: Bool {
        switch problem {
        case .httpStatus(let status, _, _): return status >= 500 || status == 429 || status == 408
        case .timedOut: return true
        case .unreachable, .malformedJSON, .malformedXML, .unexpectedShape, .missingEnvironment, .cancelled, .badRequest:
            return false
        }
    }
}
