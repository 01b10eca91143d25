import MarketData

/// blockchain.com's chart data: `GET /charts/{name}?timespan=1year&format=json` → a `LabelledSeries`.
///
/// The body is `{"status": "ok", "name": "Confirmed Transactions Per Day", "unit": "Transactions",
/// "period": "day", "description": ..., "values": [{"x": 1442534400, "y": 188330}, ...]}`. The result has
/// `source` "blockchain.com", one column named after the chart, and a label with the chart's title, unit and
/// period. No key is needed.
public struct BlockchainCharts: Sendable {
    /// blockchain.com's API host.
    public static let defaultBaseURL = "https://api.blockchain.info"
    /// Confirmed transactions per day.
    public static let transactions = "n-transactions"
    /// Unique addresses used per day.
    public static let uniqueAddresses = "n-unique-addresses"
    /// USD trade volume on major exchanges per day (the exchange-related series blockchain.com offers).
    public static let exchangeTradeVolume = "trade-volume"

    public var provider: LiveProvider
    public let fetcher: HTTPFetcher

    /// A client for `baseURL` (blockchain.com itself unless told otherwise).
    public init(fetcher: HTTPFetcher, baseURL: String = BlockchainCharts.defaultBaseURL, timeout: Double = 10,
                retry: RetryPolicy = RetryPolicy(), cache: ResponseCache? = ResponseCache()) {
        self.init(fetcher: fetcher, provider: LiveProvider(name: "blockchain.com", baseURL: baseURL, timeout: timeout,
                                                           retry: retry, cache: cache))
    }

    public init(fetcher: HTTPFetcher, provider: LiveProvider) {
        self.fetcher = fetcher
        self.provider = provider
    }

    /// The chart `name` ("n-transactions") over `timespan` ("1year", "30days", ...), oldest point first.
    public func chart(_ name: String, timespan: String = "1year") async throws(ProviderError) -> LabelledSeries {
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw provider.failure(.badRequest("chart name '\(name)' is not like n-transactions"))
        }
        guard !timespan.isEmpty, timespan.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw provider.failure(.badRequest("timespan '\(timespan)' is not like 1year or 30days"))
        }
        let url = provider.url(path: "/charts/\(name)", query: [("timespan", timespan), ("format", "json"),
                                                               ("sampled", "false")])
        return try await provider.fetch(url, using: fetcher) { body throws(ProviderError.Problem) in
            try Self.decode(body, chart: name)
        }
    }

    /// Decodes a chart body; `chart` names the result's one column.
    public static func decode(_ body: [UInt8], chart: String) throws(ProviderError.Problem) -> LabelledSeries {
        let document: JSONValue
        do { document = try JSONValue.parse(body) } catch { throw .malformedJSON(error.description) }
        guard case .object = document else {
            throw .unexpectedShape("response is \(document.kindName), expected an object with 'values'")
        }
        if let status = document["status"]?.stringValue, status != "ok" {
            throw .unexpectedShape("status '\(status)' instead of 'ok'")
        }
        guard let values = document["values"] else { throw .unexpectedShape("response missing 'values'") }
        guard let points = values.arrayValue else {
            throw .unexpectedShape("'values' is \(values.kindName), expected an array")
        }
        guard !points.isEmpty else { throw .unexpectedShape("'values' is empty") }
        var times: [Int64] = [], ys: [Double] = []
        times.reserveCapacity(points.count)
        ys.reserveCapacity(points.count)
        for (index, point) in points.enumerated() {
            let number = index + 1
            guard case .number(let x) = point["x"] ?? .null, x == x.rounded(), x >= 0, x < 1e12 else {
                throw .unexpectedShape("values[\(number)]: 'x' is missing or not epoch seconds")
            }
            guard case .number(let y) = point["y"] ?? .null else {
                throw .unexpectedShape("values[\(number)]: 'y' is missing or not a number")
            }
            if let last = times.last, Int64(x) <= last {
                throw .unexpectedShape("values[\(number)]: x \(Int64(x)) does not follow \(last)")
            }
            times.append(Int64(x))
            ys.append(y)
        }
        let title = document["name"]?.stringValue ?? chart
        let unit = document["unit"]?.stringValue.map { ", unit \($0)" } ?? ""
        let period = document["period"]?.stringValue.map { ", per \($0)" } ?? ""
        return LabelledSeries(source: "blockchain.com", label: "blockchain.com chart \(chart): \(title)\(unit)\(period)",
                              columns: [chart: ys], columnNames: [chart], time: times)
    }
}
