import Foundation

/// How often and how patiently a provider retries a request the server turned away with 429 or 5xx.
///
/// The delay before retry `n` (1-based) is `baseDelay · 2^(n−1)`, stretched by up to `jitter` (a fraction,
/// drawn from a generator seeded with `seed`, the attempt and the URL, so runs repeat exactly), or the
/// server's `Retry-After` when it sends one; either way no more than `maxDelay`.
public struct RetryPolicy: Sendable, Equatable {
    /// Total attempts, the first one included (1 = no retry).
    public var attempts: Int
    /// Delay before the first retry, in seconds.
    public var baseDelay: Double
    /// Cap on any single delay, `Retry-After` included, in seconds.
    public var maxDelay: Double
    /// Up to this fraction is added to each backoff delay (0 = none).
    public var jitter: Double
    /// Seed for the jitter.
    public var seed: UInt64

    public init(attempts: Int = 3, baseDelay: Double = 0.5, maxDelay: Double = 10, jitter: Double = 0.2, seed: UInt64 = 7) {
        precondition(attempts >= 1, "RetryPolicy needs at least one attempt")
        precondition(baseDelay >= 0 && maxDelay >= 0 && jitter >= 0, "RetryPolicy delays must not be negative")
        self.attempts = attempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.seed = seed
    }

    /// Whether a response with this status is worth another attempt: 429 Too Many Requests and every 5xx.
    public static func isRetryable(status: Int) -> Bool {
        status == 429 || (500...599).contains(status)
    }

    /// Seconds to wait before retry number `retry` (1 = the first retry) of `url`, honouring the server's
    /// `Retry-After` value (seconds or an HTTP date) when given, and capped at `maxDelay`.
    public func delay(beforeRetry retry: Int, url: String, retryAfter: String? = nil, now: Date = Date()) -> Double {
        if let retryAfter, let asked = Self.parseRetryAfter(retryAfter, now: now) {
            return min(max(asked, 0), maxDelay)
        }
        let backoff = baseDelay * pow(2, Double(max(retry - 1, 0)))
        var generator = SplitMix64(seed: seed ^ UInt64(truncatingIfNeeded: retry) &* 0x9E37_79B9_7F4A_7C15
            ^ Self.stableHash(url))
        let stretch = 1 + jitter * generator.nextUnitDouble()
        return min(backoff * stretch, maxDelay)
    }

    /// Seconds asked for by a `Retry-After` header: delta-seconds ("120") or an HTTP date
    /// ("Wed, 21 Oct 2015 07:28:00 GMT"); nil when it is neither.
    public static func parseRetryAfter(_ value: String, now: Date = Date()) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds.isFinite { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return date.timeIntervalSince(now)
    }

    /// FNV-1a over the UTF-8 bytes: the same on every run and platform, unlike `Hasher`.
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}

/// A small seeded generator (SplitMix64) for the retry jitter.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func nextUnitDouble() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
