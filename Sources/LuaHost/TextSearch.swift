/// `desk.strings(value [, needles])`: the distinct strings inside a value (its keys and its values, at any
/// depth), sorted, or only those containing one of `needles` (ignoring ASCII case). A node that must
/// look at every text of the state (the privacy scan) asks once, and the walk and the first filter run in Swift.
enum TextSearch {
    static func strings(in value: LuaValue, needles: [String]) -> [LuaValue] {
        let finder = NeedleFinder(needles)
        var seen = Set<String>(minimumCapacity: 256)
        // Matched first, deduplicated after: most strings hold no needle and are never hashed.
        func consider(_ s: String) { if finder.matches(s) { seen.insert(s) } }
        func walk(_ v: LuaValue) {
            switch v {
            case .string(let s):
                consider(s)
            case .array(let items):
                for item in items { walk(item) }
            case .table(let fields):
                for (key, item) in fields {
                    consider(key)
                    walk(item)
                }
            default:
                break
            }
        }
        walk(value)
        // Sorted, not in table order: the answer is the same in every run.
        return seen.sorted().map { .string($0) }
    }
}

/// Finds any of several needles in one pass over a text: a table of the bytes a needle starts with lets most
/// positions be skipped with one lookup, and only needles starting with the byte found are compared.
struct NeedleFinder {
    private let needles: [[UInt8]]
    /// For each byte (lower-cased), the needles that start with it.
    private let starting: [[Int]]
    private let matchesAll: Bool

    init(_ needles: [String]) {
        let lowered = needles.map { Array($0.utf8).map(Self.lower) }.filter { !$0.isEmpty }
        var starting = [[Int]](repeating: [], count: 256)
        for (i, needle) in lowered.enumerated() { starting[Int(needle[0])].append(i) }
        self.needles = lowered
        self.starting = starting
        self.matchesAll = needles.isEmpty
    }

    func matches(_ text: String) -> Bool {
        if matchesAll { return true }
        var text = text
        return text.withUTF8 { bytes in
            let n = bytes.count
            var i = 0
            while i < n {
                let candidates = starting[Int(Self.lower(bytes[i]))]
                if !candidates.isEmpty {
                    for c in candidates {
                        let needle = needles[c]
                        guard needle.count <= n - i else { continue }
                        var j = 1
                        while j < needle.count, Self.lower(bytes[i + j]) == needle[j] { j += 1 }
                        if j == needle.count { return true }
                    }
                }
                i += 1
            }
            return false
        }
    }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
}
