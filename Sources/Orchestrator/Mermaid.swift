/// Draws a graph as a Mermaid `flowchart TD`, the same text for the same graph.
///
/// Nodes are boxes (a replaced node shows its handler), named forks hexagons, the entry is marked by
/// `__start__` and the terminal is `__end__`. Plain edges are `a --> b`, conditional edges dotted
/// (`a -.->|label| b`, labelled by their labels or else unlabelled), parallel branches thick (`a ==> b`),
/// each branch then `-->` its join. Vertices and edges come in declaration order.
public enum Mermaid {
    public static func render(_ graph: GraphDefinition) -> String {
        let ids = VertexIDs(graph)
        var lines = ["flowchart TD"]
        lines.append("    \(VertexIDs.start)([start])")
        for node in graph.nodes {
            let label = node.handler == node.name ? node.name : "\(node.name) (\(node.handler))"
            lines.append("    \(ids[node.name])[\"\(escape(label))\"]")
        }
        for fork in graph.forks { lines.append("    \(ids[fork.from]){{\"\(escape(fork.from))\"}}") }
        lines.append("    \(VertexIDs.end)([end])")

        if let entry = graph.entry { lines.append("    \(VertexIDs.start) --> \(ids[entry])") }
        var edgeLines: [String: [String]] = [:]
        for edge in graph.edges { edgeLines[edge.from, default: []].append("    \(ids[edge.from]) --> \(ids[edge.to])") }
        for edge in graph.conditionalEdges {
            for target in edge.targets {
                let label = edge.labels[target].map { "|\(escapeLabel($0))|" } ?? ""
                edgeLines[edge.from, default: []].append("    \(ids[edge.from]) -.->\(label) \(ids[target])")
            }
        }
        for group in graph.parallels {
            for branch in group.branches { edgeLines[group.from, default: []].append("    \(ids[group.from]) ==> \(ids[branch])") }
            for branch in group.branches { edgeLines[group.from, default: []].append("    \(ids[branch]) --> \(ids[group.join])") }
        }
        var drawn: Set<String> = []
        for source in graph.nodes.map(\.name) + graph.forks.map(\.from) where drawn.insert(source).inserted {
            lines += edgeLines[source] ?? []
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text inside a quoted node label.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "#quot;")
    }

    /// Text between the pipes of an edge label.
    static func escapeLabel(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "/").replacingOccurrences(of: "\"", with: "'")
    }
}

/// Mermaid ids for a graph's vertices: the name itself when it is a safe identifier, else `v<N>`.
struct VertexIDs {
    static let start = "__start__"
    static let end = "__end__"
    static let reserved: Set<String> = [start, end, "end", "graph", "flowchart", "subgraph", "style", "class",
                                        "classDef", "click", "linkStyle", "direction", "call", "href", "default"]
    private var ids: [String: String] = [GraphDefinition.end: end]

    init(_ graph: GraphDefinition) {
        var taken = Set(Self.reserved)
        for (index, name) in (graph.nodes.map(\.name) + graph.forks.map(\.from)).enumerated() {
            let safe = name.first.map { $0.isLetter || $0 == "_" } == true
                && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            let id = safe && !taken.contains(name) ? name : "v\(index + 1)"
            taken.insert(id)
            ids[name] = id
        }
    }

    /// The id of `name` (unknown names, which the validator reports, are drawn under a safe id too).
    subscript(name: String) -> String {
        ids[name] ?? "unknown_" + String(name.unicodeScalars.map { $0.properties.isAlphabetic || ("0"..."9").contains($0) ? Character($0) : "_" })
    }
}
