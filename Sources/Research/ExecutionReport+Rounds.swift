extension ExecutionReport {
    /// The `degraded_reasons` line of a critical task that did not complete, or nil.
    static func degradedReason(_ task: ResearchTask, _ record: TaskRecord) -> String? {
        guard task.priority == .critical, record.status != .completed else { return nil }
        return "critical task \(task.taskID) \(record.status.rawValue)" + (record.error.map { ": \($0)" } ?? "")
    }

    /// Runs over parts of one plan (research rounds: the whole plan, then re-runs of some tasks) as one report: each
    /// task's latest record (with every attempt), its latest result, the durations added up, and the counts and
    /// degraded reasons of where the plan's tasks now stand.
    public static func combining(_ reports: [ExecutionReport], plan tasks: [ResearchTask]) -> ExecutionReport? {
        guard var combined = reports.first else { return nil }
        for later in reports.dropFirst() {
            for (id, record) in later.tasks {
                var record = record
                record.attempts = (combined.tasks[id]?.attempts ?? []) + record.attempts
                combined.tasks[id] = record
            }
            combined.results.merge(later.results) { _, new in new }
            combined.durationSeconds += later.durationSeconds
        }
        let ids = Set(tasks.map(\.taskID))
        combined.tasks = combined.tasks.filter { ids.contains($0.key) }
        combined.results = combined.results.filter { ids.contains($0.key) }
        combined.totalTasks = tasks.count
        let statuses = combined.tasks.values.map(\.status)
        func count(_ status: TaskStatus) -> Int { statuses.filter { $0 == status }.count }
        combined.completed = count(.completed)
        combined.timedOut = count(.timedOut)
        combined.failed = count(.failed) + combined.timedOut
        combined.skipped = count(.skipped)
        combined.cancelled = count(.cancelled)
        combined.successRate = tasks.isEmpty ? 0 : Double(combined.completed) / Double(tasks.count)
        combined.degradedReasons = tasks.compactMap { task in combined.tasks[task.taskID].flatMap { degradedReason(task, $0) } }
        combined.degraded = !combined.degradedReasons.isEmpty
        return combined
    }
}
