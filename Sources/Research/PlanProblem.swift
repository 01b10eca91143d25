/// One thing wrong with a plan, as one message naming the task and where it was declared:
/// `agents/balanced.lua:12: task "patterns": unknown dependency "technicl" (did you mean "technical"?)`.
public struct PlanProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The task the problem is about, when it has an id.
    public var taskID: String?
    /// Where that task was declared.
    public var location: SourceLocation?
    /// What is wrong, without the location and task prefix.
    public var message: String

    public init(taskID: String?, location: SourceLocation?, message: String) {
        self.taskID = taskID
        self.location = location
        self.message = message
    }

    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        if let taskID { text += "task \"\(taskID)\": " } else { text += "task: " }
        return text + message
    }
}

/// Every problem found in a plan; its description lists them one per line.
public struct PlanError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [PlanProblem]

    public init(_ problems: [PlanProblem]) { self.problems = problems }

    public var description: String {
        if problems.count == 1 { return problems[0].description }
        return "\(problems.count) problems in the plan:\n"
            + problems.map { "  " + $0.description }.joined(separator: "\n")
    }
}
