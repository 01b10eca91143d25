import Foundation

/// The one rule for every path a script can name (`require`, `loadfile`, `dofile`, `desk.candles.load`, ...):
///
/// 1. no NUL or other control byte (the file system would cut the name at a NUL, and open another file than the
///    one checked);
/// 2. the path is resolved on disk, symbolic links followed, and the real path must lie under one of the allowed
///    roots (their real paths too), or be one of the allowed files.
///
/// So `../` spellings, a root spelt `..`, and links out of `agents/` or `data/` are refused alike.
public enum PathRule {
    /// The reason a path was refused, for the message: "contains a NUL byte", "is outside ...".
    public enum Refusal: Error, Equatable {
        case controlByte(UInt8)
        case outside
        case missing
    }

    /// Checks `path` against `roots` (folders) and `files` (single files allowed besides); returns the real path.
    public static func check(_ path: String, roots: [String], files: [String] = []) -> Result<String, Refusal> {
        if let bad = path.utf8.first(where: { $0 < 0x20 || $0 == 0x7F }) { return .failure(.controlByte(bad)) }
        guard let real = realPath(path) else { return .failure(.missing) }
        for root in roots {
            guard let base = realPath(root) else { continue }
            if base == "/" || real.hasPrefix(base + "/") { return .success(real) }
        }
        for file in files where realPath(file) == real { return .success(real) }
        return .failure(.outside)
    }

    /// Throws a `SandboxRefusal` naming `what` (e.g. `desk.candles.load("x")`) and the rule when `path` fails it;
    /// a file that does not exist is `missing` (the caller's own "cannot read" error applies).
    public static func require(_ path: String, roots: [String], files: [String] = [], what: String,
                               allowed: String) throws -> String {
        switch check(path, roots: roots, files: files) {
        case .success(let real): return real
        case .failure(.controlByte(let byte)):
            throw SandboxRefusal("\(what): the path contains a control byte (\(byte == 0 ? "NUL" : String(format: "0x%02x", byte))); paths are plain text")
        case .failure(.outside):
            throw SandboxRefusal("\(what): \(allowed) (links are followed and checked too)")
        case .failure(.missing):
            throw ArgumentError("\(what): no such file")
        }
    }

    /// A path as a message shows it: control bytes written as `\0`, `\n`, `\x1b`, so the line stays one line.
    public static func shown(_ path: String) -> String {
        var out = ""
        for scalar in path.unicodeScalars {
            switch scalar.value {
            case 0: out += "\\0"
            case 10: out += "\\n"
            case 13: out += "\\r"
            case 9: out += "\\t"
            case 0..<0x20, 0x7F: out += String(format: "\\x%02x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The canonical absolute path of an existing file or folder (symbolic links resolved), or nil.
    public static func realPath(_ path: String) -> String? {
        guard !path.utf8.contains(0) else { return nil }
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
