/// A vertex of a drawn graph.
public struct GraphVertex: Sendable, Hashable {
    public enum Shape: String, Sendable { case node, fork, terminal }
    public var name: String
    public var label: String
    public var shape: Shape
    public init(name: String, label: String? = nil, shape: Shape = .node) {
        self.name = name
        self.label = label ?? name
        self.shape = shape
    }
}

/// An edge of a drawn graph; `conditional` ones are drawn dashed, `parallel` ones thick.
public struct GraphLink: Sendable, Hashable {
    public enum Kind: String, Sendable { case plain, conditional, parallel }
    public var from: String
    public var to: String
    public var kind: Kind
    public var label: String?
    public init(from: String, to: String, kind: Kind = .plain, label: String? = nil) {
        self.from = from
        self.to = to
        self.kind = kind
        self.label = label
    }
}

/// Lays a directed graph out top to bottom in layers: a vertex's layer is its longest distance from the entry
/// over the edges that do not close a loop (found by depth-first search from the entry, in declaration order);
/// vertices of a layer sit side by side in declaration order. Loop edges go back up on the right as curves.
public struct GraphLayout: Sendable {
    public struct Box: Sendable, Hashable {
        public var vertex: GraphVertex
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double
        public var layer: Int
        public var centreX: Double { x + width / 2 }
    }

    public struct Route: Sendable, Hashable {
        public var link: GraphLink
        /// SVG path data from the source box to the target box.
        public var path: String
        /// Where the label goes.
        public var labelX: Double
        public var labelY: Double
        public var isLoop: Bool
    }

    public static let boxWidth = 130.0
    public static let boxHeight = 26.0
    public static let layerGap = 30.0
    /// Room on the right for the loops and their labels.
    public static let loopMargin = 240.0
    public static let columnGap = 40.0

    public var boxes: [Box] = []
    public var routes: [Route] = []
    public var width = 0.0
    public var height = 0.0

    public init(vertices: [GraphVertex], links: [GraphLink], entry: String) {
        let names = vertices.map(\.name)
        let index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var outgoing: [[Int]] = Array(repeating: [], count: names.count)
        for link in links { if let a = index[link.from], let b = index[link.to] { outgoing[a].append(b) } }

        // Loop edges: those reaching a vertex still on the depth-first stack.
        var loops = Set<[Int]>()
        var state = Array(repeating: 0, count: names.count)  // 0 new, 1 on stack, 2 done
        func visit(_ v: Int) {
            state[v] = 1
            for w in outgoing[v] {
                if state[w] == 1 { loops.insert([v, w]) } else if state[w] == 0 { visit(w) }
            }
            state[v] = 2
        }
        if let start = index[entry] { visit(start) }
        for v in names.indices where state[v] == 0 { visit(v) }

        // Longest path layering over the remaining (acyclic) edges, by repeated relaxation.
        var layer = Array(repeating: 0, count: names.count)
        for _ in 0..<names.count {
            var changed = false
            for v in names.indices {
                for w in outgoing[v] where !loops.contains([v, w]) && layer[w] < layer[v] + 1 {
                    layer[w] = layer[v] + 1
                    changed = true
                }
            }
            if !changed { break }
        }
        let layers = (layer.max() ?? 0) + 1
        var members: [[Int]] = Array(repeating: [], count: layers)
        for v in names.indices { members[layer[v]].append(v) }
        let widest = members.map(\.count).max() ?? 1
        width = Double(widest) * Self.boxWidth + Double(widest - 1) * Self.columnGap + 20 + Self.loopMargin
        height = Double(layers) * Self.boxHeight + Double(layers - 1) * Self.layerGap + 20
        var boxAt: [Int: Box] = [:]
        for (l, row) in members.enumerated() {
            let rowWidth = Double(row.count) * Self.boxWidth + Double(row.count - 1) * Self.columnGap
            let left = (width - Self.loopMargin - 20 - rowWidth) / 2 + 10
            for (k, v) in row.enumerated() {
                boxAt[v] = Box(vertex: vertices[v], x: left + Double(k) * (Self.boxWidth + Self.columnGap),
                               y: 10 + Double(l) * (Self.boxHeight + Self.layerGap),
                               width: Self.boxWidth, height: Self.boxHeight, layer: l)
            }
        }
        boxes = names.indices.compactMap { boxAt[$0] }
        var loopCount = 0
        for link in links {
            guard let a = index[link.from], let b = index[link.to], let from = boxAt[a], let to = boxAt[b] else { continue }
            var path = SVGPath()
            if loops.contains([a, b]) {
                // back up the right-hand side, each loop a little further out
                loopCount += 1
                let out = width - Self.loopMargin + Double(loopCount) * 22
                let y1 = from.y + from.height / 2, y2 = to.y + to.height / 2
                path.move(from.x + from.width, y1)
                path.curve((out, y1), (out, y2), (to.x + to.width, y2))
                routes.append(Route(link: link, path: path.data, labelX: out + 4, labelY: (y1 + y2) / 2, isLoop: true))
            } else {
                let x1 = from.centreX, y1 = from.y + from.height, x2 = to.centreX, y2 = to.y
                path.move(x1, y1)
                let mid = (y1 + y2) / 2
                path.curve((x1, mid), (x2, mid), (x2, y2))
                routes.append(Route(link: link, path: path.data, labelX: (x1 + x2) / 2 + 4, labelY: mid, isLoop: false))
            }
        }
    }
}
