extension Indicators {
    /// True range at bar i ≥ 1: the largest of high-low, |high - previous close|, |low - previous close|.
    @inlinable @inline(__always)
    static func trueRange(high: Double, low: Double, previousClose: Double) -> Double {
        var range = high - low
        let up = abs(high - previousClose)
        if up > range { range = up }
        let down = abs(low - previousClose)
        if down > range { range = down }
        return range
    }

    /// Average True Range (TA-Lib ATR): Wilder smoothing of the true range, seeded with the mean true range of
    /// bars 1...n; first value at bar n. With n = 1 it is the true range itself (from bar 1).
    @inlinable public static func atr<C: RandomAccessCollection<Double>>(high: C, low: C, close: C, _ n: Int) -> [Double]
    where C.Index == Int {
        precondition(n >= 1, "atr period must be >= 1")
        precondition(high.count == low.count && low.count == close.count, "atr needs equal-length columns")
        let count = close.count
        return withBuffer(high) { high in
            withBuffer(low) { low in
                withBuffer(close) { close in
                    output(count) { out in
                        guard count > n else { return }
                        if n == 1 {
                            for i in 1..<count {
                                out[i] = trueRange(high: high[i], low: low[i], previousClose: close[i - 1])
                            }
                            return
                        }
                        var total = 0.0
                        for i in 1...n { total += trueRange(high: high[i], low: low[i], previousClose: close[i - 1]) }
                        var previous = total / Double(n)
                        out[n] = previous
                        let p = Double(n)
                        let keep = (p - 1) / p, weight = 1 / p  // Wilder's step without a division on the chain
                        // True ranges first (a loop the compiler vectorises), then the smoothing chain two
                        // bars per step: avg[i+1] = avg[i-1]·keep² + (tr[i]·keep + tr[i+1])·weight.
                        for i in (n + 1)..<count {
                            out[i] = trueRange(high: high[i], low: low[i], previousClose: close[i - 1])
                        }
                        let keep2 = keep * keep
                        var i = n + 1
                        while i + 1 < count {
                            let t0 = out[i], t1 = out[i + 1]
                            out[i] = previous * keep + t0 * weight
                            previous = previous * keep2 + (t0 * keep + t1) * weight
                            out[i + 1] = previous
                            i += 2
                        }
                        if i < count { out[i] = previous * keep + out[i] * weight }
                    }
                }
            }
        }
    }

    /// Average Directional Index (TA-Lib ADX): Wilder-smoothed +DM, -DM and true range (sums of the first
    /// n-1, then decayed by 1/n), DX = 100 × |−DI − +DI| / (−DI + +DI), ADX seeded with the mean of the first
    /// n DX values; first value at bar 2n-1 (27 for n = 14).
    @inlinable public static func adx<C: RandomAccessCollection<Double>>(high: C, low: C, close: C, _ n: Int) -> [Double]
    where C.Index == Int {
        precondition(n >= 2, "adx period must be >= 2")
        precondition(high.count == low.count && low.count == close.count, "adx needs equal-length columns")
        let count = close.count
        var out = nans(count)
        let first = 2 * n - 1
        guard count > first else { return out }
        let hs = high.startIndex, ls = low.startIndex, cs = close.startIndex
        let p = Double(n)
        var plusDM = 0.0, minusDM = 0.0, trueRangeSum = 0.0
        var prevHigh = high[hs], prevLow = low[ls], prevClose = close[cs]
        var today = 0

        // One bar's directional movement and true range, in TA-Lib's order.
        func step(decay: Bool) {
            today += 1
            let h = high[hs + today], l = low[ls + today]
            let diffP = h - prevHigh
            let diffM = prevLow - l
            prevHigh = h
            prevLow = l
            if decay {
                minusDM -= minusDM / p
                plusDM -= plusDM / p
            }
            if diffM > 0 && diffP < diffM {
                minusDM += diffM
            } else if diffP > 0 && diffP > diffM {
                plusDM += diffP
            }
            let range = trueRange(high: prevHigh, low: prevLow, previousClose: prevClose)
            trueRangeSum = decay ? trueRangeSum - (trueRangeSum / p) + range : trueRangeSum + range
            prevClose = close[cs + today]
        }
        // DX of the current smoothed sums, or nil where TA-Lib skips it (zero range or zero DI sum).
        func dx() -> Double? {
            guard !isZero(trueRangeSum) else { return nil }
            let minusDI = 100.0 * (minusDM / trueRangeSum)
            let plusDI = 100.0 * (plusDM / trueRangeSum)
            let sum = minusDI + plusDI
            guard !isZero(sum) else { return nil }
            return 100.0 * (abs(minusDI - plusDI) / sum)
        }

        for _ in 0..<(n - 1) { step(decay: false) }
        var dxSum = 0.0
        for _ in 0..<n {
            step(decay: true)
            if let v = dx() { dxSum += v }
        }
        var adx = dxSum / p
        out[today] = adx
        while today < count - 1 {
            step(decay: true)
            if let v = dx() { adx = ((adx * (p - 1)) + v) / p }
            out[today] = adx
        }
        return out
    }
}
