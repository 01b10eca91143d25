import CLuaShim

/// `desk.strings(value [, needles [, patterns]])`: the distinct strings inside a value (its keys and its values, at
/// any depth), sorted; given needles or patterns, only those containing one of `needles` (plain text, ignoring
/// ASCII case) or matching one of `patterns` (Lua patterns, as string.find has them). A node that must look at
/// every text of the state (the privacy scan) asks once: the walk and the filters run in Swift and C, and Lua
/// sees only the strings worth its time.
enum TextSearch {
    static func strings(in value: LuaValue, needles: [String], patterns: [String]) throws -> [LuaValue] {
        let finder = NeedleFinder(needles)
        let everything = needles.isEmpty && patterns.isEmpty
        var seen = Set<String>(minimumCapacity: 64)
        var considered = 0
        func consider(_ s: String) throws {
            // A state of millions of short strings is long work too: the deadline is looked at every 256.
            considered &+= 1
            if considered & 255 == 0, mdk_thread_should_stop() != 0 { throw ArgumentError("stopped") }
            if everything { seen.insert(s); return }
            if finder.matches(s) { seen.insert(s); return }
            for pattern in patterns where try PatternFind.matches(s, pattern) {
                seen.insert(s)
                return
            }
        }
        func walk(_ v: LuaValue) throws {
            switch v {
            case .string(let s):
                try consider(s)
            case .array(let items):
                for item in items { try walk(item) }
            case .table(let fields):
                for (key, item) in fields {
                    try consider(key)
                    try walk(item)
                }
            default:
                break
            }
        }
        try walk(value)
        // Sorted, not in table order: the answer is the same in every run.
        return seen.sorted().map { .string($0) }
    }
}

/// string.find(text, pattern) ~= nil, run by the sandbox's matcher (patterns.c) without a Lua call: it stops
/// when the script's deadline passes, and a malformed pattern is an error naming it.
enum PatternFind {
    static func matches(_ text: String, _ pattern: String) throws -> Bool {
        var text = text, pattern = pattern
        let found = text.withUTF8 { s in
            pattern.withUTF8 { p in
                mdk_pattern_find(UnsafeRawPointer(s.baseAddress)?.assumingMemoryBound(to: CChar.self), s.count,
                                 UnsafeRawPointer(p.baseAddress)?.assumingMemoryBound(to: CChar.self), p.count)
            }
        }
        switch found {
        case 1: return true
        case 0: return false
        case -2: throw ArgumentError("stopped")   // the trampoline reports the stop itself
        default: throw ArgumentError("pattern \(pattern): \(String(cString: mdk_pattern_error()))")
        }
    }
}

/// Finds any of several needles in one pass over a text: a table of the bytes a needle starts with lets most
/// positions be skipped with one lookup, and only needles starting with the byte found are compared. The needles
/// live in one flat buffer, so a search touches no array it must retain.
struct NeedleFinder {
    /// Every needle lower-cased, back to back, grouped by first byte.
    private let bytes: [UInt8]
    /// For needle i (in that order), where it starts in `bytes`; one more entry marks the end.
    private let starts: [Int]
    /// For byte b, the needles starting with it: indices `first[b] ..< first[b + 1]`.
    private let first: [Int]

    init(_ needles: [String]) {
        let lowered = needles.map { Array($0.utf8).map(Self.lower) }.filter { !$0.isEmpty }
            .enumerated().sorted { ($0.element[0], $0.offset) < ($1.element[0], $1.offset) }.map(\.element)
        var bytes: [UInt8] = [], starts: [Int] = [], first = [Int](repeating: 0, count: 257)
        for needle in lowered {
            starts.append(bytes.count)
            bytes += needle
            first[Int(needle[0]) + 1] += 1
        }
        starts.append(bytes.count)
        for b in 0..<256 { first[b + 1] += first[b] }
        self.bytes = bytes
        self.starts = starts
        self.first = first
    }

    func matches(_ text: String) -> Bool {
        guard starts.count > 1 else { return false }
        var text = text
        return text.withUTF8 { s in
            bytes.withUnsafeBufferPointer { bytes in
                starts.withUnsafeBufferPointer { starts in
                    first.withUnsafeBufferPointer { first in
                        let n = s.count
                        var i = 0
                        while i < n {
                            let b = Int(Self.lower(s[i]))
                            var c = first[b]
                            let end = first[b + 1]
                            while c < end {
                                let from = starts[c], count = starts[c + 1] - from
                                if count <= n - i {
                                    var j = 1
                                    while j < count, Self.lower(s[i + j]) == bytes[from + j] { j += 1 }
                                    if j == count { return true }
                                }
                                c += 1
                            }
                            i += 1
                        }
                        return false
                    }
                }
            }
        }
    }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
}
