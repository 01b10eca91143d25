import Foundation
import Moondesk
import Orchestrator
import Research
import Synchronization

/// Progress on stderr while a decision runs. In a pipe: one plain line per event (`  0.02s start    technical`).
/// On a terminal: one status line redrawn in place (at most every 100 ms) with the running node and tasks and the
/// counts, while failures, retries and timeouts still print as lines above it. `-q` shows only failures; `-v` adds
/// retry delays and node summaries.
final class ProgressView: Sendable {
    struct Live {
        var node: String?
        var running: [String] = []
        var done = 0, failed = 0, retrying = 0, total = 0
        var lastDraw = ContinuousClock.now - .seconds(1)
        var drawn = false
    }

    let verbosity: Verbosity
    let isTTY: Bool
    let palette = Palette.stderr
    private let live = Mutex(Live())

    init(verbosity: Verbosity, isTTY: Bool = isatty(2) != 0) {
        self.verbosity = verbosity
        self.isTTY = isTTY
    }

    func show(_ event: RunEvent) {
        switch event {
        case .task(let task, let base): show(task, base: base)
        case .node(let node): show(node)
        }
    }

    func show(_ event: GraphEvent) {
        switch event {
        case .nodeStarted(let node, _, let offset):
            update { $0.node = node }
            line(offset, "node     \(node)", important: false)
        case .nodeCompleted(let record):
            if verbosity == .verbose {
                line(record.end, "node     \(record.name) done" + (record.summary.map { ": \($0)" } ?? ""), important: false)
            }
        case .nodeFailed(let record), .nodeTimedOut(let record), .nodeCancelled(let record):
            line(record.end, "node     \(record.name) \(record.status.rawValue): "
                 + (record.errorLocation.map { "\($0): " } ?? "") + (record.error ?? ""), important: true)
        case .routed:
            return
        }
    }

    func show(_ event: ExecutionEvent, base: Double = 0) {
        let t = base + event.offset
        switch event.kind {
        case .planned:
            update { $0.total += 1 }
        case .started:
            update { $0.running.append(event.taskID) }
            line(t, "start    \(event.taskID)" + (event.attempt > 1 ? " (attempt \(event.attempt))" : ""), important: false)
        case .completed:
            update { $0.running.removeAll { $0 == event.taskID }; $0.done += 1 }
            line(t, "done     \(event.taskID)", important: false)
        case .retrying(let delay, let error):
            update { $0.running.removeAll { $0 == event.taskID }; $0.retrying += 1 }
            let wait = verbosity == .verbose ? " in \(String(format: "%.2f", delay)) s" : ""
            line(t, "retry    \(event.taskID)\(wait): \(error)", important: verbosity == .verbose)
        case .failed(let error, let location):
            update { $0.running.removeAll { $0 == event.taskID }; $0.failed += 1 }
            line(t, palette.error("failed") + "   \(event.taskID): \(location.map { "\($0): " } ?? "")\(error)", important: true)
        case .timedOut(let location):
            update { $0.running.removeAll { $0 == event.taskID }; $0.failed += 1 }
            line(t, palette.error("timeout") + "  \(event.taskID)" + (location.map { " at \($0)" } ?? ""), important: true)
        case .skipped(let reason):
            line(t, "skipped  \(event.taskID): \(reason)", important: false)
        case .cancelled:
            update { $0.running.removeAll { $0 == event.taskID } }
            line(t, "cancel   \(event.taskID)", important: false)
        }
    }

    /// Clears the live line (call before printing the result).
    func finish() {
        guard isTTY, verbosity != .quiet else { return }
        live.withLock { state in
            if state.drawn { write("\r\u{1B}[K") }
            state.drawn = false
        }
    }

    private func update(_ body: (inout Live) -> Void) {
        let text: String? = live.withLock { state in
            body(&state)
            guard isTTY, verbosity != .quiet, ContinuousClock.now - state.lastDraw >= .milliseconds(100) else { return nil }
            state.lastDraw = .now
            state.drawn = true
            let tasks = state.running.isEmpty ? "" : " · running " + state.running.joined(separator: ", ")
            return "\r\u{1B}[K  \(state.node ?? "starting")\(tasks) · tasks \(state.done)/\(state.total) done"
                + (state.failed > 0 ? ", \(state.failed) failed" : "") + (state.retrying > 0 ? ", \(state.retrying) retries" : "")
        }
        if let text { write(text) }
    }

    /// A plain line: always in a pipe (unless quiet and unimportant); on a terminal only important lines, above
    /// the live line.
    private func line(_ offset: Double, _ text: String, important: Bool) {
        if verbosity == .quiet && !important { return }
        let formatted = String(format: "%6.2fs ", offset) + text
        if isTTY {
            guard important || verbosity == .verbose else { return }
            write("\r\u{1B}[K" + formatted + "\n")
        } else {
            write(formatted + "\n")
        }
    }

    private func write(_ text: String) { Output.errorRaw(text) }
}
