import Foundation

/// Reads what a report page drew from its DOM (as Chromium serialized it after the page's scripts ran).
struct PageReading {
    var dom: String

    /// The values of `attribute` on every `<tag class="cls" ...>` (class written first, as the templates do).
    func attributes(_ tag: String, class cls: String, _ attribute: String) -> [String] {
        let pattern = "<\(tag) class=\"\(NSRegularExpression.escapedPattern(for: cls))\"[^>]*? \(attribute)=\"([^\"]*)\""
        let regex = try! NSRegularExpression(pattern: pattern)
        let range = NSRange(dom.startIndex..., in: dom)
        return regex.matches(in: dom, range: range).compactMap { Range($0.range(at: 1), in: dom).map { String(dom[$0]) } }
    }

    /// How many subpaths (`M`) the `<path class="cls">` elements draw: one per candle.
    func subpaths(class cls: String) -> Int {
        attributes("path", class: cls, "d").map { $0.filter { $0 == "M" }.count }.reduce(0, +)
    }

    /// How many points the `<polyline class="cls">` elements draw.
    func points(class cls: String) -> Int {
        attributes("polyline", class: cls, "points").map { $0.split(separator: " ").count }.reduce(0, +)
    }

    /// The first `viewBox` attribute.
    func firstViewBox() -> String? {
        guard let start = dom.range(of: "viewBox=\""), let end = dom[start.upperBound...].firstIndex(of: "\"") else { return nil }
        return String(dom[start.upperBound..<end])
    }

    /// How many times the regular expression `pattern` matches.
    func matches(_ pattern: String) -> Int {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.numberOfMatches(in: dom, range: NSRange(dom.startIndex..., in: dom))
    }

    /// How many times `text` occurs.
    func count(_ text: String) -> Int { dom.components(separatedBy: text).count - 1 }

    /// An attribute of the `<html>` element (the page's self-check writes there).
    func root(_ attribute: String) -> String? {
        guard let open = dom.range(of: "<html"), let close = dom[open.upperBound...].firstIndex(of: ">") else { return nil }
        let tag = String(dom[open.upperBound..<close])
        guard let start = tag.range(of: " \(attribute)=\"") else { return nil }
        let rest = tag[start.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]).replacingOccurrences(of: "&quot;", with: "\"") }
    }

    /// The rows of `<table id="id">`'s bodies.
    func rows(table id: String) -> Int {
        guard let start = dom.range(of: "<table class=\"sortable\" id=\"\(id)\"") ?? dom.range(of: "<table id=\"\(id)\""),
              let end = dom[start.upperBound...].range(of: "</table>") else { return 0 }
        let table = dom[start.upperBound..<end.lowerBound]
        guard let body = table.range(of: "</thead>") else { return 0 }
        return table[body.upperBound...].components(separatedBy: "<tr").count - 1
    }
}
