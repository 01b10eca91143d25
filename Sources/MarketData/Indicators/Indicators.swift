/// Technical indicators with TA-Lib's exact definitions (checked against TA-Lib C 0.8.1; unstable period 0,
/// default compatibility), as pure functions over arrays.
///
/// Every result is aligned with its input: same count, index i is the value at bar i, NaN during the
/// warm-up TA-Lib does not report (its "lookback"). A series shorter than the warm-up gives all NaN.
/// Arithmetic follows TA-Lib's C code (seeds, running sums, zero tests) so values agree with TA-Lib to
/// ~1e-12 relative or better (tests hold them to 1e-9 against TA-Lib's output); the deliberate departures
/// are the rolling variance behind STDDEV and BBANDS, computed the numerically stable way (see
/// `variance`) as TA-Lib 0.8 does, and the Wilder smoothing steps of RSI and ATR, done as
/// avg·((n-1)/n) + v/n instead of multiply, add, divide (within an ulp per step, and 2× faster).
public enum Indicators {
    /// TA-Lib's test for zero (TA_IS_ZERO): |v| < 1e-14.
    @inlinable @inline(__always) static func isZero(_ v: Double) -> Bool { -1e-14 < v && v < 1e-14 }
    /// TA-Lib's TA_IS_ZERO_OR_NEG: v < 1e-14.
    @inlinable @inline(__always) static func isZeroOrNegative(_ v: Double) -> Bool { v < 1e-14 }

    @inlinable static func nans(_ count: Int) -> [Double] { [Double](repeating: .nan, count: count) }

    /// Simple moving average over `n` bars (TA-Lib SMA); first value at bar n-1.
    @inlinable public static func sma<C: RandomAccessCollection<Double>>(_ x: C, _ n: Int) -> [Double] where C.Index == Int {
        precondition(n >= 1, "sma period must be >= 1")
        return withBuffer(x) { x in
            output(x.count) { out in
                guard x.count >= n else { return }
                var total = 0.0
                for i in 0..<(n - 1) { total += x[i] }
                var trailing = 0
                for i in (n - 1)..<x.count {
                    total += x[i]
                    let current = total
                    total -= x[trailing]
                    trailing += 1
                    out[i] = current / Double(n)
                }
            }
        }
    }

    /// Exponential moving average (TA-Lib EMA): k = 2/(n+1), seeded with the SMA of the first n bars at bar n-1.
    @inlinable public static func ema<C: RandomAccessCollection<Double>>(_ x: C, _ n: Int) -> [Double] where C.Index == Int {
        precondition(n >= 1, "ema period must be >= 1")
        return withBuffer(x) { x in output(x.count) { out in emaInto(out, x, n, from: 0) } }
    }

    /// TA-Lib's INT_EMA over `x[from...]`: seed = mean of the first n values from `from`, written at from+n-1.
    @inlinable static func emaInto(
        _ out: UnsafeMutableBufferPointer<Double>, _ x: UnsafeBufferPointer<Double>, _ n: Int, from: Int
    ) {
        guard x.count - from >= n else { return }
        let k = 2.0 / Double(n + 1)
        var total = 0.0
        for i in from..<(from + n) { total += x[i] }
        var previous = total / Double(n)
        out[from + n - 1] = previous
        var i = from + n
        while i < x.count {
            previous = (x[i] - previous) * k + previous
            out[i] = previous
            i += 1
        }
    }

    /// Rolling population variance, accurate to ~1e-15 relative: running sums of deviations from an anchor
    /// that is reset to the window's first value every n bars (which also recomputes the sums, bounding
    /// drift). TA-Lib 0.8's STDDEV/BBANDS are likewise exact on flat windows; TA-Lib 0.4's naive
    /// mean-of-squares formula is not (it leaves ~1e-11 residues at BTC prices). A variance within 1e-14 of
    /// the mean squared deviation from the anchor is a rounding residue and reads 0. O(count) overall.
    @inlinable static func variance<C: RandomAccessCollection<Double>>(_ x: C, _ n: Int) -> [Double] where C.Index == Int {
        var out = nans(x.count)
        guard x.count >= n else { return out }
        let s = x.startIndex
        let p = Double(n)
        var anchor = 0.0, sum1 = 0.0, sum2 = 0.0
        for i in (n - 1)..<x.count {
            let first = i - n + 1
            if (i - (n - 1)) % n == 0 {
                anchor = x[s + first]
                sum1 = 0
                sum2 = 0
                for j in first...i {
                    let d = x[s + j] - anchor
                    sum1 += d
                    sum2 += d * d
                }
            } else {
                let dIn = x[s + i] - anchor, dOut = x[s + first - 1] - anchor
                sum1 += dIn - dOut
                sum2 += dIn * dIn - dOut * dOut
            }
            let meanSquare = sum2 / p
            let mean = sum1 / p
            let v = meanSquare - mean * mean
            out[i] = v <= 1e-14 * meanSquare ? 0 : v
        }
        return out
    }

    /// Rolling population standard deviation (TA-Lib STDDEV, nbdev 1); first value at bar n-1; 0 on flat windows.
    @inlinable public static func stddev<C: RandomAccessCollection<Double>>(_ x: C, _ n: Int) -> [Double] where C.Index == Int {
        precondition(n >= 1, "stddev period must be >= 1")
        var out = variance(x, n)
        for i in out.indices where !out[i].isNaN { out[i] = out[i].squareRoot() }
        return out
    }

    /// Bollinger Bands (TA-Lib BBANDS, SMA middle, nbdevup = nbdevdn = k): middle ± k × population std dev.
    @inlinable public static func bbands<C: RandomAccessCollection<Double>>(_ x: C, _ n: Int, _ k: Double)
        -> (upper: [Double], middle: [Double], lower: [Double]) where C.Index == Int
    {
        precondition(n >= 1, "bbands period must be >= 1")
        let middle = sma(x, n)
        var upper = nans(x.count), lower = nans(x.count)
        guard x.count >= n else { return (upper, middle, lower) }
        let v = variance(x, n)
        for i in (n - 1)..<x.count {
            let sd = v[i].squareRoot()
            if k == 1.0 {
                upper[i] = middle[i] + sd
                lower[i] = middle[i] - sd
            } else {
                let width = sd * k
                upper[i] = middle[i] + width
                lower[i] = middle[i] - width
            }
        }
        return (upper, middle, lower)
    }
}
