import Foundation

extension PlanningPresets {
    /// The risk profiles Moondesk knows: the presets' own and the three built in.
    public var profileNames: [String] {
        Array(Set(profiles.keys).union(["balanced", "conservative", "aggressive"])).sorted()
    }

    /// An unknown profile is bad input (it would run silently on the defaults): the error lists the known ones and
    /// the closest spelling.
    public func check(profile: String, flag: String) throws {
        guard !profileNames.contains(profile) else { return }
        let known = profileNames
        let close = known.min { distance($0, profile) < distance($1, profile) }
        let hint = close.map { distance($0, profile) <= 3 ? " (did you mean \($0)?)" : "" } ?? ""
        throw MoondeskError(.badInput, "\(flag) \(profile): unknown risk profile\(hint); known: \(known.joined(separator: ", "))"
                            + (path.map { " (from \($0) and the built-in ones)" } ?? ""), category: "config")
    }

    private func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let old = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = old
            }
        }
        return row[b.count]
    }
}
