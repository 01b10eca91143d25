/// What a decision asks of the position, filled at the next bar's open.
public enum Order: Sendable, Equatable {
    /// Keep the position as it is (HOLD, a failed decision, a BUY while long).
    case keep
    /// No position (SELL without shorting).
    case flat
    /// Long `fraction` of equity, with the decision's stop-loss and take-profit.
    case long(fraction: Double, stop: Double?, target: Double?)
    /// Short `fraction` of equity (SELL with shorting allowed).
    case short(fraction: Double, stop: Double?, target: Double?)
}
