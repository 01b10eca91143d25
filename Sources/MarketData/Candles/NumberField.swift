#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level reading of one CSV price field into the exact `Double` that `Double(String)` gives.
///
/// Fast path (Clinger): a decimal with at most 19 digits whose integer mantissa is ≤ 2^53 and whose decimal
/// exponent is within ±22 is one exactly-representable integer times or divided by an exactly-representable
/// power of ten, so a single IEEE operation rounds it correctly. Anything else goes to `strtod`, which is
/// correctly rounded in glibc and Darwin. The buffer must be NUL-terminated after the last field.
enum NumberField {
    enum Value {
        case number(Double)
        /// Empty, `null`, `NaN`, `NA`, `N/A`: a missing value, not a malformed one.
        case missing
        case malformed
    }

    private static let powersOfTen: [Double] = (0...22).map { exactPowerOfTen($0) }

    private static func exactPowerOfTen(_ e: Int) -> Double {
        var p = 1.0
        for _ in 0..<e { p *= 10 }  // exact up to 1e22
        return p
    }

    /// Parses bytes `start..<end` of `base`.
    @inline(__always)
    static func parse(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Value {
        if start >= end { return .missing }
        var i = start
        var negative = false
        if base[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if base[i] == UInt8(ascii: "+") { i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var sawDigit = false
        while i < end, base[i] &- 48 < 10 {
            if mantissa != 0 || base[i] != 48 { digits += 1 }
            mantissa = mantissa &* 10 &+ UInt64(base[i] &- 48)
            sawDigit = true
            i += 1
        }
        if i < end, base[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, base[i] &- 48 < 10 {
                if mantissa != 0 || base[i] != 48 { digits += 1 }
                mantissa = mantissa &* 10 &+ UInt64(base[i] &- 48)
                fractionDigits += 1
                sawDigit = true
                i += 1
            }
        }
        if !sawDigit { return missingOrMalformed(base, start, end) }
        let exponent = -fractionDigits
        if i < end, base[i] | 0x20 == UInt8(ascii: "e") {
            return viaStrtod(base, start, end)
        }
        if i != end { return .malformed }
        if digits <= 19, mantissa <= (1 << 53), exponent >= -22, exponent <= 22 {
            var value = Double(mantissa)
            if exponent < 0 { value /= powersOfTen[-exponent] } else if exponent > 0 { value *= powersOfTen[exponent] }
            return .number(negative ? -value : value)
        }
        return viaStrtod(base, start, end)
    }

    /// The general case: only `[0-9+-.eE]` is accepted (strtod alone would also take `inf`, hex and spaces).
    private static func viaStrtod(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Value {
        for j in start..<end {
            let c = base[j]
            let ok = (c &- 48 < 10) || c == UInt8(ascii: ".") || c == UInt8(ascii: "-") || c == UInt8(ascii: "+")
                || c | 0x20 == UInt8(ascii: "e")
            if !ok { return .malformed }
        }
        var stop: UnsafeMutablePointer<CChar>?
        let first = UnsafeRawPointer(base + start).assumingMemoryBound(to: CChar.self)
        let value = strtod(first, &stop)
        let consumed = stop.map { UnsafeRawPointer($0) - UnsafeRawPointer(first) } ?? -1
        guard consumed == end - start else { return .malformed }
        return .number(value)
    }

    private static func missingOrMalformed(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Value {
        if end - start > 4 { return .malformed }
        let lowered = (start..<end).map { base[$0] | 0x20 }
        let word = String(decoding: lowered, as: UTF8.self)
        return ["null", "nan", "na", "n/a", "none"].contains(word) ? .missing : .malformed
    }
}
