/// How much a research task matters. Ordered critical first: `TaskPriority.critical < .high`.
///
/// Critical tasks are never dropped by a budget, and a plan whose critical task does not complete is degraded.
public enum TaskPriority: String, Codable, Sendable, CaseIterable, Comparable {
    case critical, high, medium, low

    /// 0 for critical up to 3 for low: the order the ready queue and the budget use.
    public var rank: Int {
        switch self {
        case .critical: return 0
        case .high: return 1
        case .medium: return 2
        case .low: return 3
        }
    }

    public static func < (lhs: TaskPriority, rhs: TaskPriority) -> Bool { lhs.rank < rhs.rank }
}
