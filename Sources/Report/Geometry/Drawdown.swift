/// The drawdown of an equity curve: at each point, how far below its running peak it stands (0 or negative).
public enum Drawdown {
    public static func series(_ values: [Double]) -> [Double] {
        var peak = -Double.infinity
        return values.map { v in
            guard v.isFinite else { return .nan }
            peak = max(peak, v)
            return peak > 0 ? v / peak - 1 : 0
        }
    }
}
