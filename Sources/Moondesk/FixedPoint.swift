import Foundation

/// printf's `%.Nf` for a Double, from the C library: `String(format:)` goes through CoreFoundation, whose first
/// use cost about a millisecond of every `host run`.
enum FixedPoint {
    static func text(_ value: Double, decimals: Int) -> String {
        let format = "%.\(decimals)f"
        var buffer = [CChar](repeating: 0, count: 64)
        var count = Int(withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) })
        if count >= buffer.count {   // 1e300 has 301 digits before the point
            buffer = [CChar](repeating: 0, count: count + 1)
            count = Int(withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) })
        }
        return String(decoding: buffer.prefix(max(count, 0)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
