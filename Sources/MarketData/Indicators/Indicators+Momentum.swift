extension Indicators {
    /// Relative Strength Index (TA-Lib RSI): Wilder smoothing seeded with the plain means of the first n
    /// gains and losses; first value at bar n. 0 when there was no movement at all.
    /// Agrees with TA-Lib to ~1e-15 relative (the smoothing step avoids a division, see below).
    @inlinable public static func rsi<C: RandomAccessCollection<Double>>(_ x: C, _ n: Int) -> [Double] where C.Index == Int {
        precondition(n >= 2, "rsi period must be >= 2")
        return withBuffer(x) { x in
            output(x.count) { out in
                guard x.count > n else { return }
                let p = Double(n)
                var gain = 0.0, loss = 0.0
                var previous = x[0]
                for i in 1...n {
                    let change = x[i] - previous
                    previous = x[i]
                    if change < 0 { loss -= change } else { gain += change }
                }
                loss /= p
                gain /= p
                var total = gain + loss
                out[n] = isZero(total) ? 0 : 100 * (gain / total)
                // Wilder's step avg' = (avg·(n-1) + v)/n as avg·((n-1)/n) + v/n: within an ulp of TA-Lib's
                // multiply-add-divide per bar, without a division on the dependency chain.
                let keep = (p - 1) / p, weight = 1 / p
                var i = n + 1
                while i < x.count {
                    let change = x[i] - previous
                    previous = x[i]
                    loss = loss * keep + (change < 0 ? -change * weight : 0)
                    gain = gain * keep + (change > 0 ? change * weight : 0)
                    total = gain + loss
                    out[i] = isZero(total) ? 0 : 100 * (gain / total)
                    i += 1
                }
            }
        }
    }

    /// MACD (TA-Lib MACD): fast and slow EMAs of `x` (both first valued at bar slow-1: the slow one seeded
    /// with the SMA of bars 0...slow-1, the fast one with the SMA of bars slow-fast...slow-1), their difference,
    /// its `signal`-bar EMA seeded with the SMA of the first `signal` differences, and macd - signal.
    /// TA-Lib reports all three from bar slow+signal-2 (33 for 12/26/9); earlier values are NaN.
    @inlinable public static func macd<C: RandomAccessCollection<Double>>(_ x: C, fast: Int = 12, slow: Int = 26, signal: Int = 9)
        -> (macd: [Double], signal: [Double], histogram: [Double]) where C.Index == Int
    {
        var (fast, slow) = (fast, slow)
        if slow < fast { swap(&fast, &slow) }
        precondition(fast >= 2 && signal >= 1, "macd periods must be fast >= 2, signal >= 1")
        let count = x.count
        let first = slow - 1 + signal - 1
        guard count > first else { return (nans(count), nans(count), nans(count)) }
        var line = nans(count), sig = nans(count), hist = nans(count)
        withBuffer(x) { x in
            // Both EMAs in one pass, INT_EMA's step (value - previous) * k + previous; the line lands in `line`.
            let kSlow = 2.0 / Double(slow + 1), kFast = 2.0 / Double(fast + 1)
            var slowSum = 0.0, fastSum = 0.0
            for i in 0..<slow { slowSum += x[i] }
            for i in (slow - fast)..<slow { fastSum += x[i] }
            var slowEMA = slowSum / Double(slow), fastEMA = fastSum / Double(fast)
            line[slow - 1] = fastEMA - slowEMA
            for i in slow..<count {
                slowEMA = (x[i] - slowEMA) * kSlow + slowEMA
                fastEMA = (x[i] - fastEMA) * kFast + fastEMA
                line[i] = fastEMA - slowEMA
            }
        }
        // The signal EMA of the line, seeded with the mean of its first `signal` values.
        let kSignal = 2.0 / Double(signal + 1)
        var total = 0.0
        for i in (slow - 1)...first { total += line[i] }
        var signalEMA = total / Double(signal)
        sig[first] = signalEMA
        hist[first] = line[first] - signalEMA
        for i in (first + 1)..<count {
            signalEMA = (line[i] - signalEMA) * kSignal + signalEMA
            sig[i] = signalEMA
            hist[i] = line[i] - signalEMA
        }
        for i in (slow - 1)..<first { line[i] = .nan }  // TA-Lib reports the line from `first` only
        return (line, sig, hist)
    }

    /// Rate of change in percent (TA-Lib ROC): (x[i]/x[i-n] - 1) × 100, 0 where x[i-n] is 0; first at bar n.
    @inlinable public static func roc<C: RandomAccessCollection<Double>>(_ x: C, _ n: Int) -> [Double] where C.Index == Int {
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
    @inlinable public static func stoch<C: RandomAccessCollection<Double>>(
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
