import LuaHost

extension ResearchTask {
    /// The field names a Lua task spec may use.
    public static let luaSpecFields = [
        "id", "name", "description", "priority", "sources", "depends", "cost", "seconds", "timeout",
        "retries", "handler", "optional",
    ]

    /// The most retries a task may ask for (a spec with more is refused: a retry loop must end).
    public static let maxRetries = 100

    /// Reads a task from its Lua table, e.g.
    /// `{ id = "patterns", priority = "medium", depends = {"technical"}, cost = 0.02, seconds = 25,
    ///    handler = "handlers.patterns" }`.
    ///
    /// Throws every problem of this spec at once (unknown or misspelt fields with a suggestion, missing
    /// `id`/`handler`, unknown priority, negative or non-numeric numbers, `sources`/`depends` that are not
    /// arrays of strings), each naming the task and `declaredAt`.
    public static func decode(
        _ spec: LuaValue, declaredAt: SourceLocation?, defaults: TaskDefaults = TaskDefaults()
    ) throws(PlanError) -> ResearchTask {
        guard let fields = spec.tableValue else {
            throw PlanError([
                PlanProblem(taskID: nil, location: declaredAt, message: "expected a table, got \(spec.typeName)")
            ])
        }
        let id = fields["id"]?.stringValue
        var problems: [PlanProblem] = []
        func problem(_ message: String) {
            problems.append(PlanProblem(taskID: id, location: declaredAt, message: message))
        }

        for key in fields.keys.sorted() where !luaSpecFields.contains(key) {
            problem("unknown field \"\(key)\"" + NameSuggestion.hint(for: key, in: luaSpecFields))
        }
        func string(_ key: String) -> String? {
            guard let value = fields[key], !value.isNil else { return nil }
            guard let text = value.stringValue else {
                problem("\(key) must be a string, got \(value.typeName)")
                return nil
            }
            return text
        }
        // Numbers go through CheckedNumber: NaN, ±inf and values past what a Duration holds are problems here,
        // with the declaring line, never a trap where the executor makes its deadline.
        func number(_ key: String, positive: Bool = false, seconds: Bool = false) -> Double? {
            guard let value = fields[key], !value.isNil else { return nil }
            guard let number = value.doubleValue, number.isFinite else {
                problem("\(key) must be a finite number, got \(value.doubleValue.map(CheckedNumber.describe) ?? value.typeName)")
                return nil
            }
            if number < 0 || (positive && number == 0) {
                problem("\(key) must be \(positive ? "positive" : "zero or more"), got \(CheckedNumber.describe(number))")
                return nil
            }
            if seconds, number > CheckedNumber.maxSeconds {
                problem("\(key) must be at most \(CheckedNumber.describe(CheckedNumber.maxSeconds)) seconds, got \(CheckedNumber.describe(number))")
                return nil
            }
            return number
        }
        func strings(_ key: String) -> [String]? {
            guard let value = fields[key], !value.isNil else { return nil }
            guard let items = value.arrayValue else {
                problem("\(key) must be an array of strings, got \(value.typeName)")
                return nil
            }
            var result: [String] = []
            for (offset, item) in items.enumerated() {
                guard let text = item.stringValue else {
                    problem("\(key)[\(offset + 1)] must be a string, got \(item.typeName)")
                    return nil
                }
                result.append(text)
            }
            return result
        }

        if fields["id"]?.isNil ?? true {
            problem("missing field \"id\"")
        } else if id == nil {
            problem("id must be a string, got \(fields["id"]!.typeName)")
        } else if id!.isEmpty {
            problem("id must not be empty")
        }
        let handler = string("handler")
        if handler == nil, fields["handler"]?.isNil ?? true { problem("missing field \"handler\"") }
        var priority = defaults.priority
        if let name = string("priority") {
            if let parsed = TaskPriority(rawValue: name) {
                priority = parsed
            } else {
                let valid = TaskPriority.allCases.map(\.rawValue)
                problem("unknown priority \"\(name)\" (valid: \(valid.joined(separator: ", ")))")
            }
        }
        var retries = defaults.retries
        if let value = fields["retries"], !value.isNil {
            do {
                retries = try CheckedNumber.integer(value, "retries", in: 0...Self.maxRetries)
            } catch {
                problem("\(error)")
            }
        }
        var optional = false
        if let value = fields["optional"], !value.isNil {
            if let flag = value.boolValue { optional = flag } else { problem("optional must be a boolean, got \(value.typeName)") }
        }
        let task = ResearchTask(
            id: id ?? "", name: string("name"), description: string("description") ?? "", priority: priority,
            dataSources: strings("sources") ?? [], dependencies: strings("depends") ?? [],
            estimatedCost: number("cost") ?? defaults.estimatedCost,
            estimatedSeconds: number("seconds", seconds: true) ?? defaults.estimatedSeconds,
            timeoutSeconds: number("timeout", positive: true, seconds: true) ?? defaults.timeoutSeconds,
            retries: retries, handler: handler ?? "", optional: optional, declaredAt: declaredAt)
        if !problems.isEmpty { throw PlanError(problems) }
        return task
    }
}
