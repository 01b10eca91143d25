import LiveData
import LuaHost

/// Which live-provider failures can change on another try: a server error (5xx), a rate limit (429), a request
/// timeout (408), an I/O timeout, a connection that could not be made. A missing API key, a malformed or
/// unexpected answer, a bad request fail the same way every time, so a task that hits one is attempted once.
extension ProviderError: TransientFailureMark {
    public var isTransient: Bool {
        switch problem {
        case .httpStatus(let status, _, _): return status >= 500 || status == 429 || status == 408
        case .timedOut, .unreachable: return true
        case .malformedJSON, .malformedXML, .unexpectedShape, .missingEnvironment, .cancelled, .badRequest: return false
        }
    }
}
