import MarketData

/// Binance's public klines: `GET /api/v3/klines?symbol=BTCUSDT&interval=1d&limit=N` → a `CandleSeries`.
///
/// The body is an array of 12-element arrays `[openTimeMs, "open", "high", "low", "close", "volume",
/// closeTimeMs, "quoteVolume", trades, "takerBase", "takerQuote", "ignore"]`. Every row is checked (open
/// time an integer, prices positive numbers, high ≥ open, close ≥ low, volume ≥ 0) and the first bad one
/// is reported by its 1-based row number; open times become epoch seconds through `CandleLoader`, which
/// also reports gaps. No key is needed.
public struct BinanceKlines: Sendable {
    /// Binance's public REST host.
    public static let defaultBaseURL = "https://api.binance.com"
    /// The intervals Binance accepts.
    public static let intervals: Set<String> = [
        "1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M",
    ]

    public var provider: LiveProvider
    public let fetcher: HTTPFetcher

    /// A client for `baseURL` (Binance itself unless told otherwise).
    public init(fetcher: HTTPFetcher, baseURL: String = BinanceKlines.defaultBaseURL, timeout: Double = 10,
                retry: RetryPolicy = RetryPolicy(), cache: ResponseCache? = ResponseCache()) {
        self.init(fetcher: fetcher, provider: LiveProvider(name: "binance", baseURL: baseURL, timeout: timeout,
                                                           retry: retry, cache: cache))
    }

    public init(fetcher: HTTPFetcher, provider: LiveProvider) {
        self.fetcher = fetcher
        self.provider = provider
    }

    /// The last `limit` (1...1000) bars of `symbol` ("BTCUSDT") at `interval` ("1d"), oldest first.
    public func candles(symbol: String, interval: String = "1d", limit: Int = 500) async throws(ProviderError)
        -> CandleSeries
    {
        guard !symbol.isEmpty, symbol.count <= 20, symbol.allSatisfy({ ($0.isUppercase || $0.isNumber) && $0.isASCII })
        else { throw provider.failure(.badRequest("symbol '\(symbol)' is not like BTCUSDT (A-Z, 0-9)")) }
        guard Self.intervals.contains(interval) else {
            throw provider.failure(.badRequest("interval '\(interval)' is not one of \(Self.intervals.sorted())"))
        }
        guard (1...1000).contains(limit) else { throw provider.failure(.badRequest("limit \(limit) is not in 1...1000")) }
        let url = provider.url(path: "/api/v3/klines",
                               query: [("symbol", symbol), ("interval", interval), ("limit", String(limit))])
        let name = "binance:\(symbol):\(interval)"
        return try await provider.fetch(url, using: fetcher) { body throws(ProviderError.Problem) in
            try Self.decode(body, name: name)
        }
    }

    /// Decodes a klines body; `name` becomes the series' `source`.
    public static func decode(_ body: [UInt8], name: String) throws(ProviderError.Problem) -> CandleSeries {
        let document: JSONValue
        do { document = try JSONValue.parse(body) } catch { throw .malformedJSON(error.description) }
        guard let rows = document.arrayValue else {
            throw .unexpectedShape("response is \(document.kindName), expected an array of klines")
        }
        guard !rows.isEmpty else { throw .unexpectedShape("response holds no klines") }
        var csv = ""
        csv.reserveCapacity(rows.count * 80)
        for (index, row) in rows.enumerated() {
            let line = try validatedRow(row, number: index + 1)
            csv += line
            csv += "\n"
        }
        do {
            return try CandleLoader.parse(text: csv, name: name)
        } catch {
            throw .unexpectedShape("klines rejected by the candle loader: \(error)")
        }
    }

    static let fieldNames = ["open time", "open", "high", "low", "close", "volume"]

    /// One row as a Binance kline CSV line (the first six fields), or the reason it is unusable.
    static func validatedRow(_ row: JSONValue, number: Int) throws(ProviderError.Problem) -> String {
        guard let fields = row.arrayValue else {
            throw .unexpectedShape("kline \(number) is \(row.kindName), expected an array")
        }
        guard fields.count >= 6 else {
            throw .unexpectedShape("kline \(number) has \(fields.count) fields, expected at least 6")
        }
        guard case .number(let openTime) = fields[0], openTime == openTime.rounded(), openTime >= 0, openTime < 1e16
        else { throw .unexpectedShape("kline \(number): open time \(describe(fields[0])) is not epoch milliseconds") }
        var values = [Double]()
        for column in 1...5 {
            guard let value = fields[column].numberValue else {
                throw .unexpectedShape("kline \(number): \(fieldNames[column]) \(describe(fields[column])) is not a number")
            }
            values.append(value)
        }
        let (open, high, low, close, volume) = (values[0], values[1], values[2], values[3], values[4])
        guard open > 0, high > 0, low > 0, close > 0 else {
            throw .unexpectedShape("kline \(number): prices must be positive (open \(open), high \(high), low \(low), close \(close))")
        }
        guard high >= max(open, close, low), low <= min(open, close) else {
            throw .unexpectedShape("kline \(number): high \(high) / low \(low) do not bound open \(open) and close \(close)")
        }
        guard volume >= 0 else { throw .unexpectedShape("kline \(number): negative volume \(volume)") }
        let time = String(Int64(openTime))
        return ([time] + values.map { String($0) }).joined(separator: ",")
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return "'\(text.prefix(40))'"
        case .number(let number): return String(number)
        default: return value.kindName
        }
    }
}
