/// What trading costs: a fee on the traded notional (charged on entry and on exit) and slippage against the
/// trader on market fills, both as fractions (10 bps = 0.001).
public struct Costs: Sendable, Equatable, Codable {
    public var fee: Double
    public var slippage: Double
    public init(fee: Double = 0.001, slippage: Double = 0) {
        self.fee = fee
        self.slippage = slippage
    }

    /// The price a market order buying (`buying`) or selling gets at `price`.
    func fill(_ price: Double, buying: Bool) -> Double { price * (buying ? 1 + slippage : 1 - slippage) }
}
