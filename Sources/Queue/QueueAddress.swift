import Foundation
import Moondesk
import PostgresNIO

/// Where the queue is: `postgres://USER:PASSWORD@HOST:PORT/DATABASE` (or `postgresql://`), from `--queue` or
/// `MOONDESK_QUEUE`. The password may also come from `PGPASSWORD`. Plain TCP: for another machine, reach the
/// server through a trusted network or an SSH tunnel (docs/SCALE.md).
public struct QueueAddress: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String

    public init(host: String, port: Int, user: String, password: String?, database: String) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
    }

    public static func parse(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> QueueAddress {
        guard let url = URLComponents(string: text), let scheme = url.scheme, ["postgres", "postgresql"].contains(scheme) else {
            throw MoondeskError(.badInput, "--queue \(redacted(text)): expected postgres://USER:PASSWORD@HOST:PORT/DATABASE", category: "arguments")
        }
        let user = url.user.flatMap { $0.removingPercentEncoding } ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres"
        let password = url.password.flatMap { $0.removingPercentEncoding } ?? environment["PGPASSWORD"]
        let host = url.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        let database = String(url.path.drop(while: { $0 == "/" }))
        for item in url.queryItems ?? [] where item.name == "sslmode" && item.value != "disable" {
            throw MoondeskError(.badInput, "--queue: sslmode=\(item.value ?? "") is not supported; Moondesk talks to the queue over plain TCP (sslmode=disable): use a trusted network or an SSH tunnel", category: "arguments")
        }
        return QueueAddress(host: host, port: url.port ?? 5432, user: user, password: password,
                            database: database.isEmpty ? user : database)
    }

    /// The address without its password, for messages.
    public var display: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    static func redacted(_ text: String) -> String {
        guard var url = URLComponents(string: text), url.password != nil else { return text }
        url.password = "***"
        return url.string ?? text
    }

    var configuration: PostgresConnection.Configuration {
        var c = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: .disable)
        c.options.connectTimeout = .seconds(5)
        return c
    }
}
