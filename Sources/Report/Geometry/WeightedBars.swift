/// Evidence as bars whose lengths are in proportion to their weights, the heaviest of either side as the full
/// length, so the bull's and the bear's bars compare.
public enum WeightedBars {
    /// Each weight as a percentage of `largest` (at least 1 % so a tiny item still shows), to one decimal.
    public static func percents(_ weights: [Double], largest: Double) -> [Double] {
        let top = largest > 0 && largest.isFinite ? largest : 1
        return weights.map { w in
            let share = w.isFinite ? max(w, 0) / top : 0
            return (max(min(share, 1), 0.01) * 1000).rounded() / 10
        }
    }
}
