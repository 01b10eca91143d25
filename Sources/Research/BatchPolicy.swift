/// The seed's batch-synchronous policy, kept only as a benchmark baseline: each dependency level waits for
/// the whole previous level; a level with more tasks than slots is split into chunks of `slots` tasks
/// (in `ReadyOrder`), and each chunk waits for the previous chunk.
public enum BatchPolicy {
    /// The chunks in run order, as task indices.
    public static func chunks(_ graph: TaskGraph, slots: Int, order: ReadyOrder = .longestPathFirst) -> [[Int]] {
        let slots = max(1, slots)
        let queue = ReadyQueue(graph: graph, order: order)
        var chunks: [[Int]] = []
        for level in graph.levels {
            let sorted = level.sorted { queue.runsBefore($0, $1) }
            for start in stride(from: 0, to: sorted.count, by: slots) {
                chunks.append(Array(sorted[start..<min(start + slots, sorted.count)]))
            }
        }
        return chunks
    }

    /// Per task (in declaration order) its simulated start and end.
    public static func simulate(_ graph: TaskGraph, slots: Int, order: ReadyOrder = .longestPathFirst) -> [ScheduledTask] {
        var schedule = graph.tasks.map { ScheduledTask(taskID: $0.taskID, start: 0, end: 0) }
        var now = 0.0
        for chunk in chunks(graph, slots: slots, order: order) {
            var chunkEnd = now
            for task in chunk {
                schedule[task].start = now
                schedule[task].end = now + graph.tasks[task].estimatedSeconds
                chunkEnd = max(chunkEnd, schedule[task].end)
            }
            now = chunkEnd
        }
        return schedule
    }
}
