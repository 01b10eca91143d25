#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Indicators {
    /// Amihud (2002) illiquidity over the last n bars: the mean of |r_t| / (close_t × volume_t) for the n
    /// bars ending at i, × 1e6 (price impact per million of quote currency traded; volume is in the base
    /// coin, so close × volume is the bar's quote turnover). Bars with zero turnover are left out of the
    /// mean; a window without any turnover is NaN. First value at bar n (bar 0 has no return).
    @inlinable public static func amihudIlliquidity<C: RandomAccessCollection<Double>>(close: C, volume: C, _ n: Int)
        -> [Double] where C.Index == Int
    {
        precondition(n >= 1, "amihud window must be >= 1")
        precondition(close.count == volume.count, "amihud needs equal-length columns")
        var out = nans(close.count)
        guard close.count > n else { return out }
        let cs = close.startIndex, vs = volume.startIndex
        var ratio = nans(close.count)
        for t in 1..<close.count {
            let turnover = close[cs + t] * volume[vs + t]
            if turnover > 0 { ratio[t] = abs(close[cs + t] / close[cs + t - 1] - 1) / turnover * 1e6 }
        }
        for i in n..<close.count {
            var sum = 0.0, used = 0
            for t in (i - n + 1)...i where !ratio[t].isNaN {
                sum += ratio[t]
                used += 1
            }
            if used > 0 { out[i] = sum / Double(used) }
        }
        return out
    }

    /// Corwin–Schultz (2012) high-low spread estimate as a fraction of price, averaged over the n two-bar
    /// estimates ending at bar i (first at bar n). For bars t-1, t:
    /// β = ln(H_{t-1}/L_{t-1})² + ln(H_t/L_t)², γ = ln(max(H_{t-1}, H_t) / min(L_{t-1}, L_t))²,
    /// α = (√(2β) − √β)/(3 − 2√2) − √(γ/(3 − 2√2)), S = 2(e^α − 1)/(1 + e^α);
    /// negative two-bar estimates are set to 0 before averaging, as the paper does. No overnight
    /// adjustment (crypto trades around the clock).
    @inlinable public static func highLowSpread<C: RandomAccessCollection<Double>>(high: C, low: C, _ n: Int) -> [Double]
    where C.Index == Int {
        precondition(n >= 1, "spread window must be >= 1")
        precondition(high.count == low.count, "spread needs equal-length columns")
        var out = nans(high.count)
        guard high.count > n else { return out }
        let hs = high.startIndex, ls = low.startIndex
        let k = 3 - 2 * 2.0.squareRoot()
        var pair = nans(high.count)
        for t in 1..<high.count {
            let h0 = high[hs + t - 1], l0 = low[ls + t - 1], h1 = high[hs + t], l1 = low[ls + t]
            let a = log(h0 / l0), b = log(h1 / l1)
            let beta = a * a + b * b
            let g = log(max(h0, h1) / min(l0, l1))
            let gamma = g * g
            let alpha = ((2 * beta).squareRoot() - beta.squareRoot()) / k - (gamma / k).squareRoot()
            let e = exp(alpha)
            pair[t] = max(0, 2 * (e - 1) / (1 + e))
        }
        for i in n..<high.count {
            var sum = 0.0
            for t in (i - n + 1)...i { sum += pair[t] }
            out[i] = sum / Double(n)
        }
        return out
    }
}
