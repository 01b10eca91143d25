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
                    [Double](unsafeUninitializedCapacity: count) { out, initialized in
                        initialized = count
                        guard count > n else {
                            out.initialize(repeating: .nan)
                            return
                        }
                        let h = high.baseAddress!, l = low.baseAddress!, c = close.baseAddress!, o = out.baseAddress!
                        o.initialize(to: .nan)
                        // Two passes, as TA-Lib makes them: the true ranges first, a loop with no carried value
                        // that the compiler vectorises (max, not compare-and-blend), then the smoothing in place.
                        for i in 1..<count { o[i] = trueRange(high: h[i], low: l[i], previousClose: c[i - 1]) }
                        guard n > 1 else { return }
                        var total = 0.0
                        for i in 1...n { total += o[i] }
                        var previous = total / Double(n)
                        (o + 1).update(repeating: .nan, count: n - 1)
                        o[n] = previous
                        let p = Double(n)
                        let keep = (p - 1) / p, weight = 1 / p  // Wilder's step without a division on the chain
                        // Four bars per step: the running sums s of the block off the chain, then
                        // avg[i+k] = avg[i-1]·keep^(k+1) + s_k, so the serial chain is one multiply-add per four
                        // bars (it bounds the speed: the step-by-step chain costs 4× the latency).
                        let keep2 = keep * keep, keep3 = keep2 * keep, keep4 = keep2 * keep2
                        let powers = SIMD4(keep, keep2, keep3, keep4)
                        var i = n + 1
                        while i + 3 < count {
                            let u = UnsafeRawPointer(o + i).loadUnaligned(as: SIMD4<Double>.self) * weight
                            let s1 = u[0] * keep + u[1]
                            let s2 = s1 * keep + u[2]
                            let s3 = s2 * keep + u[3]
                            let block = SIMD4(repeating: previous) * powers + SIMD4(u[0], s1, s2, s3)
                            UnsafeMutableRawPointer(o + i).storeBytes(of: block, as: SIMD4<Double>.self)
                            previous = previous * keep4 + s3
                            i += 4
                        }
                        while i < count {
                            previous = previous * keep + o[i] * weight
                            o[i] = previous
                            i += 1
                        }
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
