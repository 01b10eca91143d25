/// `desk.strings(value [, needles])`: the distinct strings inside a value (its keys and its values, at any
/// depth, in a fixed order), or only those containing one of `needles` (ignoring case). A node that must look at
/// every text of the state (the privacy scan) asks once, and the walk and the first filter run in Swift.
enum TextSearch {
    static func strings(in value: LuaValue, needles: [String]) -> [LuaValue] {
        var seen = Set<String>(), out: [LuaValue] = []
        let lowered = needles.map { Array($0.lowercased().utf8) }
        func consider(_ s: String) {
            guard !seen.contains(s) else { return }
            seen.insert(s)
            if lowered.isEmpty || contains(s, anyOf: lowered) { out.append(.string(s)) }
        }
        func walk(_ v: LuaValue) {
            switch v {
            case .string(let s): consider(s)
            case .array(let items): items.forEach(walk)
            case .table(let fields):
                for key in fields.keys.sorted() {
                    consider(key)
                    walk(fields[key]!)
                }
            default: break
            }
        }
        walk(value)
        return out
    }

    /// True when `text` holds one of the (lower-case) needles, comparing ASCII letters without case.
    static func contains(_ text: String, anyOf needles: [[UInt8]]) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for needle in needles where !needle.isEmpty && needle.count <= bytes.count {
                let first = needle[0]
                var i = 0
                let last = bytes.count - needle.count
                while i <= last {
                    if lower(bytes[i]) == first {
                        var j = 1
                        while j < needle.count, lower(bytes[i + j]) == needle[j] { j += 1 }
                        if j == needle.count { return true }
                    }
                    i += 1
                }
            }
            return false
        }
    }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
}
