import Foundation
import MarketData

/// FRED (St. Louis Fed) observations: `GET /fred/series/observations?series_id=DFF&api_key=KEY&file_type=json`
/// → a `LabelledSeries`.
///
/// The body is `{"observations": [{"date": "2019-10-01", "value": "1.88", ...}, ...], ...}`; a value of "."
/// marks a day without an observation (a holiday): such days are left out of the series and counted in its
/// label, never turned into numbers. The API key comes from the environment variable `FRED_API_KEY`; without
/// it the request is not made and the error names the variable.
public struct FREDSeries: Sendable {
    /// FRED's API host.
    public static let defaultBaseURL = "https://api.stlouisfed.org"
    /// The environment variable holding the API key.
    public static let apiKeyVariable = "FRED_API_KEY"
    /// Nominal broad U.S. dollar index (daily): the DXY proxy.
    public static let dollarIndex = "DTWEXBGS"
    /// Effective federal funds rate (daily, percent).
    public static let fedFunds = "DFF"

    public var provider: LiveProvider
    public let fetcher: HTTPFetcher
    /// Where the API key is looked up (the process environment unless told otherwise).
    public var environment: [String: String]

    /// A client for `baseURL` (FRED itself unless told otherwise).
    public init(fetcher: HTTPFetcher, baseURL: String = FREDSeries.defaultBaseURL, timeout: Double = 10,
                retry: RetryPolicy = RetryPolicy(), cache: ResponseCache? = ResponseCache(),
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init(fetcher: fetcher, provider: LiveProvider(name: "fred", baseURL: baseURL, timeout: timeout,
                                                           retry: retry, cache: cache), environment: environment)
    }

    public init(fetcher: HTTPFetcher, provider: LiveProvider,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.fetcher = fetcher
        self.provider = provider
        self.environment = environment
    }

    /// The observations of `seriesID` ("DTWEXBGS", "DFF"), from `start` ("2019-01-01") when given, oldest first.
    /// `vintage` ("2019-06-30"): the values as FRED published them on that day (ALFRED's real-time period,
    /// `realtime_start` = `realtime_end`), not as later revised: what a decision on that day could have known.
    public func observations(_ seriesID: String, start: String? = nil, vintage: String? = nil) async throws(ProviderError) -> LabelledSeries {
        guard let key = environment[Self.apiKeyVariable], !key.isEmpty else {
            throw provider.failure(.missingEnvironment(Self.apiKeyVariable))
        }
        guard !seriesID.isEmpty, seriesID.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") })
        else { throw provider.failure(.badRequest("series id '\(seriesID)' is not like DFF (A-Z, 0-9, _)")) }
        var query = [("series_id", seriesID), ("api_key", key), ("file_type", "json")]
        if let start {
            guard Self.epochDay(start) != nil else {
                throw provider.failure(.badRequest("start '\(start)' is not a YYYY-MM-DD date"))
            }
            query.append(("observation_start", start))
        }
        if let vintage {
            guard Self.epochDay(vintage) != nil else {
                throw provider.failure(.badRequest("vintage '\(vintage)' is not a YYYY-MM-DD date"))
            }
            query.append(("realtime_start", vintage))
            query.append(("realtime_end", vintage))
        }
        let url = provider.url(path: "/fred/series/observations", query: query)
        return try await provider.fetch(url, using: fetcher) { body throws(ProviderError.Problem) in
            try Self.decode(body, seriesID: seriesID)
        }
    }

    /// Decodes an observations body; `seriesID` names the result's one column.
    public static func decode(_ body: [UInt8], seriesID: String) throws(ProviderError.Problem) -> LabelledSeries {
        let document: JSONValue
        do { document = try JSONValue.parse(body) } catch { throw .malformedJSON(error.description) }
        guard case .object = document else {
            throw .unexpectedShape("response is \(document.kindName), expected an object with 'observations'")
        }
        if let message = document["error_message"]?.stringValue {
            throw .unexpectedShape("the API reported an error: \(message)")
        }
        guard let list = document["observations"] else { throw .unexpectedShape("response missing 'observations'") }
        guard let observations = list.arrayValue else {
            throw .unexpectedShape("'observations' is \(list.kindName), expected an array")
        }
        var times: [Int64] = [], values: [Double] = []
        var missing = 0
        for (index, observation) in observations.enumerated() {
            let number = index + 1
            guard let date = observation["date"]?.stringValue, let day = epochDay(date) else {
                throw .unexpectedShape("observations[\(number)]: 'date' is missing or not YYYY-MM-DD")
            }
            guard let text = observation["value"]?.stringValue else {
                throw .unexpectedShape("observations[\(number)] (\(date)): 'value' is missing or not a string")
            }
            if text == "." { missing += 1; continue }
            guard let value = Double(text), value.isFinite else {
                throw .unexpectedShape("observations[\(number)] (\(date)): value '\(text.prefix(40))' is not a number")
            }
            let time = day * 86_400
            if let last = times.last, time <= last {
                throw .unexpectedShape("observations[\(number)]: date \(date) does not follow the one before")
            }
            times.append(time)
            values.append(value)
        }
        guard !times.isEmpty else {
            throw .unexpectedShape("no observations with a value (\(observations.count) listed, \(missing) missing)")
        }
        return LabelledSeries(
            source: "fred",
            label: "FRED \(seriesID): \(times.count) observations, \(missing) missing ('.') left out",
            columns: [seriesID: values], columnNames: [seriesID], time: times)
    }

    /// Days since 1970-01-01 for a "YYYY-MM-DD" date, or nil when it is not a real date.
    static func epochDay(_ text: String) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int64(parts[0]), let month = Int64(parts[1]), let day = Int64(parts[2]),
              (1...12).contains(month), day >= 1
        else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths: [Int64] = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[Int(month - 1)] else { return nil }
        return Int64(TimestampParser.daysFromCivil(year: Int(year), month: Int(month), day: Int(day)))
    }
}
