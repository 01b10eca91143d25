/// "Did you mean ...?" for misspelt names: the nearest candidate by edit distance, when it is near enough.
enum NameSuggestion {
    /// The candidate closest to `name`, if within min(3, max(1, name.count / 3)) edits. Ties go to the first candidate.
    static func nearest(to name: String, in candidates: some Sequence<String>) -> String? {
        let limit = min(3, max(1, name.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let distance = editDistance(name, candidate, limit: limit)
            if distance <= limit, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// `" (did you mean \"x\"?)"` or an empty string.
    static func hint(for name: String, in candidates: some Sequence<String>) -> String {
        guard let nearest = nearest(to: name, in: candidates) else { return "" }
        return " (did you mean \"\(nearest)\"?)"
    }

    /// Levenshtein distance (insert, delete, substitute), or `limit + 1` once it is sure to exceed `limit`.
    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMin = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
