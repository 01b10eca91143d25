import Foundation

/// A live provider's failure: which provider, and what was wrong, in one line.
///
/// The description reads like `binance: HTTP 500 after 3 attempts` or
/// `blockchain.com: response missing 'values'`, so a failed task can show it as it is.
public struct ProviderError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The provider's name, as in `LiveProvider.name` ("binance", "fred", "alternative.me", ...).
    public let provider: String
    /// What went wrong.
    public let problem: Problem

    /// What went wrong with a provider's request or response.
    public enum Problem: Sendable, Equatable {
        /// The server answered with a non-success status on every attempt (the last status is kept, with the
        /// start of its body when there was one).
        case httpStatus(Int, attempts: Int, detail: String?)
        /// No complete response within the timeout, in seconds.
        case timedOut(seconds: Double)
        /// The connection could not be made or broke off (refused, reset, DNS, ...).
        case unreachable(String)
        /// The body is not valid JSON (or is cut short); the detail says where.
        case malformedJSON(String)
        /// The body is not valid RSS or Atom XML; the detail says where.
        case malformedXML(String)
        /// Valid JSON or XML, but not the shape the provider documents; the detail says which part.
        case unexpectedShape(String)
        /// A required environment variable (an API key) is unset or empty.
        case missingEnvironment(String)
        /// The request's task was cancelled before it finished.
        case cancelled
        /// A request that cannot be made as asked (a bad URL or argument).
        case badRequest(String)
    }

    public init(provider: String, problem: Problem) {
        self.provider = provider
        self.problem = problem
    }

    public var description: String {
        "\(provider): " + {
            switch problem {
            case .httpStatus(let status, let attempts, let detail):
                return "HTTP \(status) after \(attempts) attempt\(attempts == 1 ? "" : "s")"
                    + (detail.map { " (\($0))" } ?? "")
            case .timedOut(let seconds):
                return "timed out after \(Self.formatSeconds(seconds)) s"
            case .unreachable(let detail):
                return "connection failed: \(detail)"
            case .malformedJSON(let detail):
                return "malformed JSON \(detail)"
            case .malformedXML(let detail):
                return "malformed XML \(detail)"
            case .unexpectedShape(let detail):
                return detail
            case .missingEnvironment(let name):
                return "the environment variable \(name) is not set (the API key is read from it)"
            case .cancelled:
                return "request cancelled"
            case .badRequest(let detail):
                return "bad request: \(detail)"
            }
        }()
    }

    /// `5` for 5.0, `0.3` for 0.3: seconds as a person writes them.
    static func formatSeconds(_ seconds: Double) -> String {
        if seconds == seconds.rounded() && abs(seconds) < 1e15 { return String(Int64(seconds)) }
        var text = String(format: "%.3f", seconds)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
extension ProviderError.Problem: Error {}

/// A failure a tape records, to fail the same way when replayed (`HTTPTape`).
extension ProviderError.Problem: Codable {}
