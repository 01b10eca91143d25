/// One day of alternative.me's published Crypto Fear & Greed Index.
public struct PublishedFearGreed: Sendable, Equatable {
    /// The day the reading is for, Unix epoch seconds (UTC).
    public var time: Int64
    /// 0 (extreme fear) ... 100 (extreme greed).
    public var value: Int
    /// alternative.me's label: "Extreme Fear", "Fear", "Neutral", "Greed" or "Extreme Greed".
    public var classification: String

    public init(time: Int64, value: Int, classification: String) {
        self.time = time
        self.value = value
        self.classification = classification
    }
}

/// alternative.me's Fear & Greed Index: `GET /fng/?limit=N&format=json` → readings, oldest first.
///
/// The body is `{"name": ..., "data": [{"value": "40", "value_classification": "Fear",
/// "timestamp": "1551157200", ...}, ...], "metadata": {"error": null}}`, newest first; numbers are quoted.
/// A non-null `metadata.error` is reported as the provider's error. No key is needed.
public struct AlternativeFearGreed: Sendable {
    /// alternative.me's API host.
    public static let defaultBaseURL = "https://api.alternative.me"

    public var provider: LiveProvider
    public let fetcher: HTTPFetcher

    /// A client for `baseURL` (alternative.me itself unless told otherwise).
    public init(fetcher: HTTPFetcher, baseURL: String = AlternativeFearGreed.defaultBaseURL, timeout: Double = 10,
                retry: RetryPolicy = RetryPolicy(), cache: ResponseCache? = ResponseCache()) {
        self.init(fetcher: fetcher, provider: LiveProvider(name: "alternative.me", baseURL: baseURL, timeout: timeout,
                                                           retry: retry, cache: cache))
    }

    public init(fetcher: HTTPFetcher, provider: LiveProvider) {
        self.fetcher = fetcher
        self.provider = provider
    }

    /// The last `limit` daily readings (0 = the whole history), oldest first.
    public func readings(limit: Int = 30) async throws(ProviderError) -> [PublishedFearGreed] {
        guard limit >= 0 else { throw provider.failure(.badRequest("limit \(limit) is negative")) }
        let url = provider.url(path: "/fng/", query: [("limit", String(limit)), ("format", "json")])
        return try await provider.fetch(url, using: fetcher) { body throws(ProviderError.Problem) in
            try Self.decode(body)
        }
    }

    /// Decodes a `/fng/` body into readings, oldest first.
    public static func decode(_ body: [UInt8]) throws(ProviderError.Problem) -> [PublishedFearGreed] {
        let document: JSONValue
        do { document = try JSONValue.parse(body) } catch { throw .malformedJSON(error.description) }
        guard case .object = document else {
            throw .unexpectedShape("response is \(document.kindName), expected an object with 'data'")
        }
        if let reported = document["metadata"]?["error"], reported != .null {
            throw .unexpectedShape("the API reported an error: \(reported.stringValue ?? reported.kindName)")
        }
        guard let data = document["data"] else { throw .unexpectedShape("response missing 'data'") }
        guard let entries = data.arrayValue else { throw .unexpectedShape("'data' is \(data.kindName), expected an array") }
        var readings: [PublishedFearGreed] = []
        readings.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            let number = index + 1
            guard case .object = entry else { throw .unexpectedShape("data[\(number)] is \(entry.kindName), expected an object") }
            guard let value = entry["value"]?.numberValue, value == value.rounded(), (0...100).contains(value) else {
                throw .unexpectedShape("data[\(number)]: 'value' is missing or not an integer 0...100")
            }
            guard let time = entry["timestamp"]?.numberValue, time == time.rounded(), time >= 0, time < 1e12 else {
                throw .unexpectedShape("data[\(number)]: 'timestamp' is missing or not epoch seconds")
            }
            guard let label = entry["value_classification"]?.stringValue, !label.isEmpty else {
                throw .unexpectedShape("data[\(number)]: 'value_classification' is missing")
            }
            readings.append(PublishedFearGreed(time: Int64(time), value: Int(value), classification: label))
        }
        readings.sort { $0.time < $1.time }
        for index in readings.indices.dropFirst() where readings[index].time == readings[index - 1].time {
            throw .unexpectedShape("two readings for timestamp \(readings[index].time)")
        }
        return readings
    }
}
