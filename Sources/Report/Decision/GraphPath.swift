/// Which edges of a drawn graph the run took, from the nodes it ran in order.
enum GraphPath {
    /// An edge is taken when the run went straight from its source to its target, or through a named fork
    /// between them (quality_gate -> bull_bear -> bull), or from a parallel branch that ran to its join.
    static func takenLinks(_ graph: DecisionReportInput.Graph) -> Set<[String]> {
        let links = Set(graph.links.map { [$0.from, $0.to] })
        let visited = Set(graph.path)
        var taken = Set<[String]>()
        let forks = graph.vertices.filter { $0.shape == .fork }.map(\.name)
        for (a, b) in zip(graph.path, graph.path.dropFirst()) {
            if links.contains([a, b]) { taken.insert([a, b]); continue }
            for fork in forks where links.contains([a, fork]) && links.contains([fork, b]) {
                taken.insert([a, fork])
                taken.insert([fork, b])
            }
        }
        for link in graph.links where link.kind == .parallel && visited.contains(link.to) {
            // every branch of a fork that ran is taken, as is its edge to the join
            if visited.contains(link.from) || taken.contains(where: { $0[1] == link.from }) { taken.insert([link.from, link.to]) }
            for join in graph.links where join.from == link.to && visited.contains(join.to) { taken.insert([join.from, join.to]) }
        }
        return taken
    }
}
