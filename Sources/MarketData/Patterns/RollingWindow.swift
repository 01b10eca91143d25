extension Indicators {
    /// Highest value of x[i-n+1...i] at each i (first at bar n-1), in O(count) with a monotonic queue.
    /// For an N-bar-high breakout compare close[i] with rollingMax(high, n)[i-1].
    @inlinable public static func rollingMax<C: RandomAccessCollection<Double>>(_ x: C, _ n: Int) -> [Double]
    where C.Index == Int {
        rollingExtreme(x, n, keepsFirst: { $0 >= $1 })
    }

    /// Lowest value of x[i-n+1...i] at each i (first at bar n-1), in O(count).
    @inlinable public static func rollingMin<C: RandomAccessCollection<Double>>(_ x: C, _ n: Int) -> [Double]
    where C.Index == Int {
        rollingExtreme(x, n, keepsFirst: { $0 <= $1 })
    }

    @inlinable static func rollingExtreme<C: RandomAccessCollection<Double>>(
        _ x: C, _ n: Int, keepsFirst: (Double, Double) -> Bool
    ) -> [Double] where C.Index == Int {
        precondition(n >= 1, "rolling window must be >= 1")
        var out = nans(x.count)
        guard x.count >= n else { return out }
        let s = x.startIndex
        // queue[head..<tail] holds indices whose values are monotone from the extreme down.
        var queue = [Int](repeating: 0, count: x.count)
        var head = 0, tail = 0
        for i in 0..<x.count {
            let v = x[s + i]
            while tail > head, !keepsFirst(x[s + queue[tail - 1]], v) { tail -= 1 }
            queue[tail] = i
            tail += 1
            if queue[head] <= i - n { head += 1 }
            if i >= n - 1 { out[i] = x[s + queue[head]] }
        }
        return out
    }

    /// Least-squares slope of x[i-n+1...i] against bar number 0...n-1 (units of x per bar); first at bar n-1.
    /// Used for volume trend: divide by the window mean for a relative slope.
    @inlinable public static func linearSlope<C: RandomAccessCollection<Double>>(_ x: C, _ n: Int) -> [Double]
    where C.Index == Int {
        precondition(n >= 2, "slope window must be >= 2")
        var out = nans(x.count)
        guard x.count >= n else { return out }
        let s = x.startIndex
        let p = Double(n)
        let meanT = (p - 1) / 2
        let sumTT = p * (p * p - 1) / 12  // Σ (t - meanT)²
        for i in (n - 1)..<x.count {
            let first = i - n + 1
            var sum = 0.0
            for j in 0..<n { sum += x[s + first + j] }
            let meanX = sum / p
            var sumTX = 0.0
            for j in 0..<n { sumTX += (Double(j) - meanT) * (x[s + first + j] - meanX) }
            out[i] = sumTX / sumTT
        }
        return out
    }
}
