extension Indicators {
    /// Runs `body` over `x`'s contiguous storage (copying only collections that have none), so the hot
    /// loops index raw memory whatever collection the caller passed.
    @inlinable @inline(__always)
    static func withBuffer<C: RandomAccessCollection<Double>, R>(
        _ x: C, _ body: (UnsafeBufferPointer<Double>) -> R
    ) -> R where C.Index == Int {
        if let result = x.withContiguousStorageIfAvailable(body) { return result }
        return Array(x).withUnsafeBufferPointer(body)
    }

    /// A `count`-long result, NaN-filled, that `body` writes through raw memory.
    @inlinable @inline(__always)
    static func output(_ count: Int, _ body: (UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            buffer.initialize(repeating: .nan)
            initialized = count
            body(buffer)
        }
    }
}
