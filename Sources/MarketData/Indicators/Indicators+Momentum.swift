extension Indicators {
    /// Relative Strength Index (TA-Lib RSI): Wilder smoothing seeded with the plain means of the first n
    /// gains and losses; first value at bar n. 0 when there was no movement at all.
    public static func rsi<C: RandomAccessCollection<Double>>(_ x: C, _ n: Int) -> [Double] where C.Index == Int {
        precondition(n >= 2, "rsi period must be >= 2")
        var out = nans(x.count)
        guard x.count > n else { return out }
        let s = x.startIndex
        let p = Double(n)
        var gain = 0.0, loss = 0.0
        var previous = x[s]
        for i in 1...n {
            let change = x[s + i] - previous
            previous = x[s + i]
            if change < 0 { loss -= change } else { gain += change }
        }
        loss /= p
        gain /= p
        var total = gain + loss
        out[n] = isZero(total) ? 0 : 100 * (gain / total)
        var i = n + 1
        while i < x.count {
            let change = x[s + i] - previous
            previous = x[s + i]
            loss *= p - 1
            gain *= p - 1
            if change < 0 { loss -= change } else { gain += change }
            loss /= p
            gain /= p
            total = gain + loss
            out[i] = isZero(total) ? 0 : 100 * (gain / total)
            i += 1
        }
        return out
    }

    /// MACD (TA-Lib MACD): fast and slow EMAs of `x` (both first valued at bar slow-1: the slow one seeded
    /// with the SMA of bars 0...slow-1, the fast one with the SMA of bars slow-fast...slow-1), their difference,
    /// its `signal`-bar EMA seeded with the SMA of the first `signal` differences, and macd - signal.
    /// TA-Lib reports all three from bar slow+signal-2 (33 for 12/26/9); earlier values are NaN.
    public static func macd<C: RandomAccessCollection<Double>>(_ x: C, fast: Int = 12, slow: Int = 26, signal: Int = 9)
        -> (macd: [Double], signal: [Double], histogram: [Double]) where C.Index == Int
    {
        var (fast, slow) = (fast, slow)
        if slow < fast { swap(&fast, &slow) }
        precondition(fast >= 2 && signal >= 1, "macd periods must be fast >= 2, signal >= 1")
        let count = x.count
        var line = nans(count), sig = nans(count), hist = nans(count)
        let first = slow - 1 + signal - 1
        guard count > first else { return (line, sig, hist) }
        var slowEMA = nans(count), fastEMA = nans(count)
        emaInto(&slowEMA, x, slow, from: 0)
        emaInto(&fastEMA, x, fast, from: slow - fast)
        var diff = nans(count)
        for i in (slow - 1)..<count { diff[i] = fastEMA[i] - slowEMA[i] }
        var signalEMA = nans(count)
        emaInto(&signalEMA, diff, signal, from: slow - 1)
        for i in first..<count {
            line[i] = diff[i]
            sig[i] = signalEMA[i]
            hist[i] = diff[i] - signalEMA[i]
        }
        return (line, sig, hist)
    }

    /// Rate of change in percent (TA-Lib ROC): (x[i]/x[i-n] - 1) × 100, 0 where x[i-n] is 0; first at bar n.
    public static func roc<C: RandomAccessCollection<Double>>(_ x: C, _ n: Int) -> [Double] where C.Index == Int {
        precondition(n >= 1, "roc period must be >= 1")
        var out = nans(x.count)
        guard x.count > n else { return out }
        let s = x.startIndex
        for i in n..<x.count {
            let base = x[s + i - n]
            out[i] = base != 0 ? ((x[s + i] / base) - 1.0) * 100.0 : 0
        }
        return out
    }

    /// Slow stochastic (TA-Lib STOCH with SMA smoothing): fast %K = (close - lowest low) / ((highest high -
    /// lowest low) / 100) over `fastK` bars (0 on a flat range), %K = SMA(fast %K, slowK), %D = SMA(%K, slowD).
    /// Both reported from bar fastK + slowK + slowD - 3 (8 for 5/3/3).
    public static func stoch<C: RandomAccessCollection<Double>>(
        high: C, low: C, close: C, fastK: Int = 5, slowK: Int = 3, slowD: Int = 3
    ) -> (k: [Double], d: [Double]) where C.Index == Int {
        precondition(fastK >= 1 && slowK >= 1 && slowD >= 1, "stoch periods must be >= 1")
        precondition(high.count == low.count && low.count == close.count, "stoch needs equal-length columns")
        let count = close.count
        var k = nans(count), d = nans(count)
        let first = fastK + slowK + slowD - 3
        guard count > first else { return (k, d) }
        let hs = high.startIndex, ls = low.startIndex, cs = close.startIndex
        var fast = [Double](repeating: .nan, count: count)
        for i in (fastK - 1)..<count {
            var highest = -Double.infinity, lowest = Double.infinity
            for j in (i - fastK + 1)...i {
                highest = max(highest, high[hs + j])
                lowest = min(lowest, low[ls + j])
            }
            let flat = abs(highest - lowest) <= 1e-14 * (abs(highest) + abs(lowest))  // TA_IS_ZERO_SCALED
            fast[i] = flat ? 0 : (close[cs + i] - lowest) / ((highest - lowest) / 100.0)
        }
        let slowKLine = sma(fast[(fastK - 1)...], slowK)
        let dLine = sma(slowKLine[(slowK - 1)...], slowD)
        let kOffset = fastK - 1, dOffset = fastK - 1 + slowK - 1
        for i in first..<count {
            k[i] = slowKLine[i - kOffset]
            d[i] = dLine[i - dOffset]
        }
        return (k, d)
    }
}
