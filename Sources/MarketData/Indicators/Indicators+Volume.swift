extension Indicators {
    /// On-Balance Volume (TA-Lib OBV): starts at volume[0] on bar 0, then adds the bar's volume when the
    /// close rises, subtracts it when the close falls, keeps it when unchanged. No warm-up.
    @inlinable public static func obv<C: RandomAccessCollection<Double>>(close: C, volume: C) -> [Double] where C.Index == Int {
        precondition(close.count == volume.count, "obv needs equal-length columns")
        var out = nans(close.count)
        guard !close.isEmpty else { return out }
        let cs = close.startIndex, vs = volume.startIndex
        var total = volume[vs]
        var previous = close[cs]
        for i in 0..<close.count {
            let c = close[cs + i]
            if c > previous { total += volume[vs + i] } else if c < previous { total -= volume[vs + i] }
            out[i] = total
            previous = c
        }
        return out
    }
}
