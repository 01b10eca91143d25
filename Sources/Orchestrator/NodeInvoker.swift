import Research

/// How one node's run ended: its journal record, its output when it completed, the error that stops the run.
struct NodeOutcome: Sendable {
    var record: NodeRecord
    var output: NodeOutput?
    var error: GraphError?
}

/// Runs one node raced against its timeout: at the deadline the node's task is cancelled and awaited.
struct NodeInvoker: Sendable {
    let runner: any NodeRunner
    let events: GraphEventSink
    let runStart: ContinuousClock.Instant
    let defaultTimeout: Duration

    /// Seconds from the run's start.
    func offset(_ instant: ContinuousClock.Instant = .now) -> Double { (instant - runStart).seconds }

    func invoke(_ node: GraphNode, step: Int, state: AgentState) async -> NodeOutcome {
        let timeout = node.timeout ?? defaultTimeout
        events(.nodeStarted(node: node.name, step: step, offset: offset()))
        let begin = ContinuousClock.now
        let context = NodeContext(handler: node.handler, step: step, deadline: begin + timeout, timeout: timeout,
                                  declaredAt: node.declaredAt)
        let end = await race(node: node.name, state: state, context: context)
        var outcome = NodeOutcome(record: NodeRecord(name: node.name, step: step, start: offset(begin), end: offset(),
                                                     status: .completed))
        let declared = node.declaredAt.map { " (\($0))" } ?? ""
        switch end {
        case .completed(let output):
            outcome.output = output
            outcome.record.summary = output.summary
        case .failed(let details):
            outcome.record.status = .failed
            outcome.record.error = details.message
            outcome.record.errorLocation = details.location
            outcome.error = GraphError(.nodeFailed, "node \(node.name)\(declared) failed: \(details.located)",
                                       node: node.name, location: details.location ?? node.declaredAt?.description)
        case .timedOut(let location):
            let message = "timed out after \(Self.format(timeout))"
            outcome.record.status = .timedOut
            outcome.record.error = message
            outcome.record.errorLocation = location
            outcome.error = GraphError(.nodeTimedOut, "node \(node.name)\(declared) \(message)"
                + (location.map { ", stopped at \($0)" } ?? ""),
                node: node.name, location: location ?? node.declaredAt?.description)
        case .cancelled:
            outcome.record.status = .cancelled
            outcome.record.error = "cancelled"
            outcome.error = GraphError(.cancelled, "the run was cancelled during node \(node.name)", node: node.name)
        }
        events(.finished(outcome.record))
        return outcome
    }

    enum End: Sendable {
        case completed(NodeOutput)
        case failed(ErrorDetails)
        case timedOut(location: String?)
        case cancelled
    }

    /// Runs the node; a runner that does not stop at the deadline itself gets its node's task cancelled there (by
    /// the shared deadline watchdog: no timer per node) and awaited.
    private func race(node: String, state: AgentState, context: NodeContext) async -> End {
        let runner = self.runner
        if runner.stopsAtDeadline(context.handler) {
            do {
                return .completed(try await runner.run(node: node, state: state, context: context))
            } catch {
                return Self.end(of: error, expired: false)
            }
        }
        return await withTaskGroup(of: End.self) { group in
            group.addTask {
                let watch = DeadlineWatch()
                defer { watch.close() }
                watch.arm(until: context.deadline)
                let result: Result<NodeOutput, any Error>
                do { result = .success(try await runner.run(node: node, state: state, context: context)) }
                catch { result = .failure(error) }
                let expired = watch.disarm()
                switch result {
                case .success(let output): return expired ? .timedOut(location: nil) : .completed(output)
                case .failure(let error): return Self.end(of: error, expired: expired)
                }
            }
            return await group.next() ?? .cancelled
        }
    }

    static func end(of error: any Error, expired: Bool) -> End {
        let details = ErrorDetails(error)
        if expired || details.isTimeout { return .timedOut(location: details.location) }
        if details.isCancellation || Task.isCancelled { return .cancelled }
        return .failed(details)
    }

    /// `30 s`, `0.25 s`.
    static func format(_ duration: Duration) -> String {
        let seconds = duration.seconds
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
