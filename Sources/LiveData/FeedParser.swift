import Foundation
import MarketData

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads RSS 2.0, RSS 1.0 (RDF) and Atom feeds into `NewsItem`s with Foundation's `XMLParser`.
///
/// RSS: `<item>` with `<title>`, `<pubDate>` (RFC 822) or `<dc:date>` (ISO 8601), `<description>`.
/// Atom: `<entry>` with `<title>`, `<updated>` (or `<published>`), `<summary>` (or `<content>`).
/// HTML in titles and bodies is reduced to plain text. Each item's `source` is the feed's own title
/// (the `fallbackSource` when it has none). An item without a title and body, or without a readable date,
/// is an error naming the item, not skipped.
public enum FeedParser {
    /// The items of a feed body, oldest first.
    public static func parse(_ body: [UInt8], fallbackSource: String) throws(ProviderError.Problem) -> [NewsItem] {
        let collector = FeedCollector()
        let parser = XMLParser(data: Data(body))
        parser.delegate = collector
        parser.shouldResolveExternalEntities = false
        let finished = parser.parse()
        // Foundation on Linux recovers from some errors (a mismatched or unclosed tag) and still reports
        // success, so the delegate's first reported error decides, not `parse()`'s result alone.
        if let problem = collector.problem { throw problem }
        if let syntax = collector.syntaxError { throw .malformedXML(syntax) }
        if !finished {
            let code = (parser.parserError as NSError?)?.code ?? 0
            throw .malformedXML("at line \(parser.lineNumber), column \(parser.columnNumber): \(FeedCollector.describe(code: code))")
        }
        if let problem = collector.problem { throw problem }
        guard collector.kind != nil else { throw .unexpectedShape("the body has no root element") }
        let source = collector.feedTitle.map(HTMLText.plain).flatMap { $0.isEmpty ? nil : $0 } ?? fallbackSource
        var items: [NewsItem] = []
        for (index, entry) in collector.entries.enumerated() {
            items.append(try entry.newsItem(number: index + 1, source: source))
        }
        return items.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }
}

/// The fields of one `<item>` or `<entry>` as written.
struct FeedEntry {
    var fields: [String: String] = [:]

    func first(_ names: String...) -> String? {
        for name in names { if let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty { return value } }
        return nil
    }

    func newsItem(number: Int, source: String) throws(ProviderError.Problem) -> NewsItem {
        let title = first("title").map(HTMLText.plain)
        let body = first("description", "summary", "content", "content:encoded").map(HTMLText.plain)
        guard let heading = title.flatMap({ $0.isEmpty ? nil : $0 }) ?? body.flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw .unexpectedShape("item \(number) has neither a title nor a description")
        }
        let label = "item \(number) ('\(heading.prefix(50))')"
        guard let dateText = first("pubDate", "updated", "published", "dc:date") else {
            throw .unexpectedShape("\(label) has no pubDate/updated date")
        }
        guard let time = RFC822Date.epochSeconds(dateText) ?? TimestampParser.epochSeconds(dateText) else {
            throw .unexpectedShape("\(label): date '\(dateText.prefix(40))' is neither RFC 822 nor ISO 8601")
        }
        let text = body.flatMap { $0.isEmpty || $0 == heading ? nil : $0 }
        return NewsItem(time: time, title: heading, body: text, source: source)
    }
}

/// The `XMLParserDelegate` that collects a feed's title and entries.
final class FeedCollector: NSObject, XMLParserDelegate {
    enum Kind { case rss, rdf, atom }
    var kind: Kind?
    var feedTitle: String?
    var entries: [FeedEntry] = []
    var problem: ProviderError.Problem?
    /// The first syntax error the parser reported, with where it was.
    var syntaxError: String?

    private var path: [String] = []
    private var current: FeedEntry?
    private var text = ""
    private static let itemFields: Set<String> = [
        "title", "pubDate", "description", "updated", "published", "summary", "content", "content:encoded", "dc:date",
    ]

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if path.isEmpty {
            switch name {
            case "rss": kind = .rss
            case "rdf:RDF", "RDF": kind = .rdf
            case "feed": kind = .atom
            default:
                problem = .unexpectedShape("not an RSS or Atom feed: the root element is <\(name)>")
                parser.abortParsing()
            }
        }
        if (name == "item" || name == "entry"), current == nil { current = FeedEntry() }
        path.append(name)
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        guard syntaxError == nil, problem == nil else { return }
        syntaxError = "at line \(parser.lineNumber), column \(parser.columnNumber): "
            + Self.describe(code: (parseError as NSError).code)
    }

    /// libxml2's names for the errors a broken feed usually has (Foundation on Linux reports libxml2's codes).
    static let errorNames: [Int: String] = [
        4: "empty document", 5: "the document ends too soon or has extra content", 9: "invalid character",
        23: "entity reference without ';'", 26: "undeclared entity", 38: "attribute value not quoted",
        41: "attribute redefined", 64: "XML declaration not finished", 68: "element name expected",
        73: "'>' expected", 74: "'</' expected", 76: "closing tag does not match the opening tag",
        77: "unclosed tag at the end of the body",
    ]

    /// "closing tag does not match the opening tag (XML error 76)" for a libxml2 error code.
    static func describe(code: Int) -> String {
        "\(errorNames[code] ?? "XML syntax error") (XML error \(code))"
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) { text += String(decoding: block, as: UTF8.self) }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        path.removeLast()
        if name == "item" || name == "entry", let entry = current, !path.contains("item"), !path.contains("entry") {
            entries.append(entry)
            current = nil
        } else if current != nil, Self.itemFields.contains(name), path.last == "item" || path.last == "entry" {
            if current!.fields[name] == nil { current!.fields[name] = text }
        } else if name == "title", current == nil, feedTitle == nil, path.last == "channel" || path.last == "feed" {
            feedTitle = text
        }
        text = ""
    }
}

/// Plain text from the HTML feeds put in titles and descriptions.
enum HTMLText {
    static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "#39": "'", "mdash": "—",
        "ndash": "–", "hellip": "…", "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“",
    ]

    /// Tags removed (block tags become spaces), entities decoded, runs of white space collapsed.
    static func plain(_ html: String) -> String {
        var output = ""
        output.reserveCapacity(html.count)
        var index = html.startIndex
        while index < html.endIndex {
            let character = html[index]
            if character == "<", let close = html[index...].firstIndex(of: ">") {
                output += " "
                index = html.index(after: close)
                continue
            }
            if character == "&", let semicolon = html[index...].prefix(10).firstIndex(of: ";") {
                let name = String(html[html.index(after: index)..<semicolon])
                if let replacement = entities[name] ?? numericEntity(name) {
                    output += replacement
                    index = html.index(after: semicolon)
                    continue
                }
            }
            output.append(character)
            index = html.index(after: index)
        }
        return output.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func numericEntity(_ name: String) -> String? {
        guard name.hasPrefix("#") else { return nil }
        let digits = name.dropFirst()
        let code = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
        return code.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
    }
}
