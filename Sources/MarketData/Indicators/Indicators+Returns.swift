#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Indicators {
    /// Simple returns aligned with `x`: r[0] = NaN, r[i] = x[i]/x[i-1] - 1.
    @inlinable public static func returns<C: RandomAccessCollection<Double>>(_ x: C) -> [Double] where C.Index == Int {
        var out = nans(x.count)
        let s = x.startIndex
        if x.count > 1 { for i in 1..<x.count { out[i] = x[s + i] / x[s + i - 1] - 1.0 } }
        return out
    }

    /// Log returns aligned with `x`: r[0] = NaN, r[i] = ln(x[i]/x[i-1]).
    @inlinable public static func logReturns<C: RandomAccessCollection<Double>>(_ x: C) -> [Double] where C.Index == Int {
        var out = nans(x.count)
        let s = x.startIndex
        if x.count > 1 { for i in 1..<x.count { out[i] = log(x[s + i] / x[s + i - 1]) } }
        return out
    }

    /// Rolling Pearson correlation of the simple RETURNS of `x` and `y` over `n` returns: TA-Lib CORREL(n)
    /// applied to r_x[1...] and r_y[1...] (r[i] = p[i]/p[i-1] - 1), re-aligned with the prices, so index i
    /// is the correlation of the n returns ending at bar i; first value at bar n, NaN before.
    /// As in TA-Lib, a window with (near-)zero variance in either series gives 0.
    @inlinable public static func correlation<C: RandomAccessCollection<Double>>(_ x: C, _ y: C, _ n: Int) -> [Double]
    where C.Index == Int {
        precondition(n >= 1, "correlation period must be >= 1")
        precondition(x.count == y.count, "correlation needs equal-length series")
        let rx = returns(x), ry = returns(y)
        var out = nans(x.count)
        guard x.count > n else { return out }
        let p = Double(n)
        var sumX = 0.0, sumY = 0.0, sumX2 = 0.0, sumY2 = 0.0, sumXY = 0.0
        func value() -> Double {
            let denominator = (sumX2 - ((sumX * sumX) / p)) * (sumY2 - ((sumY * sumY) / p))
            return isZeroOrNegative(denominator) ? 0 : (sumXY - ((sumX * sumY) / p)) / denominator.squareRoot()
        }
        for i in 1...n {
            let a = rx[i], b = ry[i]
            sumX += a; sumX2 += a * a; sumXY += a * b; sumY += b; sumY2 += b * b
        }
        out[n] = value()
        var trailing = 1
        for i in (n + 1)..<x.count {
            let ta = rx[trailing], tb = ry[trailing]
            trailing += 1
            sumX -= ta; sumX2 -= ta * ta; sumXY -= ta * tb; sumY -= tb; sumY2 -= tb * tb
            let a = rx[i], b = ry[i]
            sumX += a; sumX2 += a * a; sumXY += a * b; sumY += b; sumY2 += b * b
            out[i] = value()
        }
        return out
    }

    /// The largest peak-to-trough fall of `x` (not TA-Lib): `fraction` = (peak - trough) / peak ≥ 0, with the
    /// indices of that peak and trough. A series that never falls gives (0, 0, 0); an empty one (0, nil, nil).
    @inlinable public static func maxDrawdown<C: RandomAccessCollection<Double>>(_ x: C)
        -> (fraction: Double, peakIndex: Int?, troughIndex: Int?) where C.Index == Int
    {
        guard !x.isEmpty else { return (0, nil, nil) }
        let s = x.startIndex
        var peak = 0
        var best = (fraction: 0.0, peakIndex: 0, troughIndex: 0)
        for i in 0..<x.count {
            let v = x[s + i]
            if v > x[s + peak] {
                peak = i
            } else if x[s + peak] > 0 {
                let fall = (x[s + peak] - v) / x[s + peak]
                if fall > best.fraction { best = (fall, peak, i) }
            }
        }
        return (best.fraction, best.peakIndex, best.troughIndex)
    }
}
