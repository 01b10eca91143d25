import Foundation
import Moondesk
import NIOCore
import PostgresNIO

/// A queue problem in words a user can act on. `transient`: the server went away or cannot be reached (a
/// worker waits and reconnects); otherwise retrying does not help (a wrong password, no such database).
public struct QueueError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public var transient: Bool

    public init(_ description: String, transient: Bool) {
        self.description = description
        self.transient = transient
    }

    /// Classifies an error of PostgresNIO (or the network) met talking to `address`.
    static func from(_ error: any Error, address: QueueAddress) -> QueueError {
        if let e = error as? QueueError { return e }
        let at = "the queue at \(address.host):\(address.port)"
        if let e = error as? PSQLError {
            if let info = e.serverInfo, let state = info[.sqlState] {
                let message = info[.message] ?? ""
                switch state {
                case "28P01", "28000":
                    return QueueError("\(at) refused user \(address.user): wrong password or user (PostgreSQL: \(message))", transient: false)
                case "3D000":
                    return QueueError("\(at) has no database \(address.database) (create it: createdb \(address.database))", transient: false)
                case "57P01", "57P02", "57P03", "08000", "08003", "08006":
                    return QueueError("lost \(at): the server is shutting down or restarting (PostgreSQL: \(message))", transient: true)
                default:
                    return QueueError("\(at): PostgreSQL error \(state): \(message)", transient: false)
                }
            }
            switch e.code {
            case .connectionError:
                return QueueError("cannot reach \(at): \(describe(e.underlying)) (is PostgreSQL running and listening there?)", transient: true)
            case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
                return QueueError("lost the connection to \(at)", transient: true)
            case .authMechanismRequiresPassword:
                return QueueError("\(at) asks user \(address.user) for a password: put it in the URL (postgres://USER:PASSWORD@...) or PGPASSWORD", transient: false)
            default:
                return QueueError("\(at): \(e.code)\(e.underlying.map { ": \(describe($0))" } ?? "")", transient: true)
            }
        }
        if let e = error as? ChannelError, case .connectTimeout = e {
            return QueueError("cannot reach \(at): no answer within 5 s (is the host up, and the port open to this machine?)", transient: true)
        }
        if error is ChannelError || error is IOError {
            return QueueError("lost the connection to \(at): \(describe(error))", transient: true)
        }
        if error is CancellationError { return QueueError("stopped", transient: false) }
        return QueueError("\(at): \(describe(error))", transient: true)
    }

    static func describe(_ error: (any Error)?) -> String {
        guard let error else { return "no reason given" }
        if let io = error as? IOError { return io.description }
        let text = String(describing: error)
        if text.contains("connectTimeout") || text.contains("ConnectTimeout") { return "no answer within 5 s" }
        if text.contains("Connection refused") || text.contains("connectionRefused") || text.contains("ECONNREFUSED") { return "connection refused" }
        return text
    }
}
