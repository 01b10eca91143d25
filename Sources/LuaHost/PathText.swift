import Foundation

/// Paths as text, without Foundation's URL or NSString (a stat and a parse per call, most of finding a project at
/// every start): the folder of a path, its last component, and its absolute standardized spelling.
public enum PathText {
    /// The folder part of `path`: "." when it has no slash, "/" for a top-level entry.
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// What follows the last slash of `path` (all of it without one).
    public static func lastComponent(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }

    /// `path` made absolute from the current directory, with `.` and `..` resolved: what
    /// `URL(fileURLWithPath:).standardizedFileURL.path` spells.
    public static func standardized(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for part in absolute.split(separator: "/") where part != "." {
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
            } else {
                parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
