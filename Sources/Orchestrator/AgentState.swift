import LuaHost

/// The state that flows through the graph: the seed's AgentState as named Lua values.
///
/// Nodes get a copy (a value type: what they hold cannot change under them, and what they change stays
/// theirs); only the engine applies updates, through the graph's reducers.
public struct AgentState: Sendable, Hashable, Codable {
    /// The seed's field names.
    public enum Field {
        public static let symbol = "symbol"
        public static let riskProfile = "risk_profile"
        public static let researchPlan = "research_plan"
        public static let plannedTasks = "planned_tasks"
        public static let completedTaskIDs = "completed_task_ids"
        public static let taskExecutionResults = "task_execution_results"
        public static let messages = "messages"
        public static let warnings = "warnings"
    }

    /// Every field, by name.
    public internal(set) var fields: [String: LuaValue]

    public init(_ fields: [String: LuaValue] = [:]) { self.fields = fields }

    /// A fresh state for a decision: symbol and profile set, empty `messages` and `warnings`.
    public init(symbol: String, riskProfile: String, extra: [String: LuaValue] = [:]) {
        var fields = extra
        fields[Field.symbol] = .string(symbol)
        fields[Field.riskProfile] = .string(riskProfile)
        fields[Field.messages] = fields[Field.messages] ?? .array([])
        fields[Field.warnings] = fields[Field.warnings] ?? .array([])
        self.fields = fields
    }

    /// The field's value, `.nil` when absent.
    public subscript(field: String) -> LuaValue { fields[field] ?? .nil }

    /// The state as one Lua table.
    public var luaValue: LuaValue { .table(fields) }

    /// Encoded as an object of its fields.
    public init(from decoder: any Decoder) throws {
        fields = try decoder.singleValueContainer().decode([String: LuaValue].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(fields)
    }
}
