/// One news headline (and optional body) with its time and source.
public struct NewsItem: Sendable, Equatable {
    /// Publication time, Unix epoch seconds (UTC).
    public var time: Int64
    public var title: String
    public var body: String?
    /// Who published it ("coindesk", "reuters", ...).
    public var source: String

    public init(time: Int64, title: String, body: String? = nil, source: String) {
        self.time = time
        self.title = title
        self.body = body
        self.source = source
    }

    /// The text to score: the title, then the body after a blank line when there is one.
    public var text: String {
        guard let body, !body.isEmpty else { return title }
        return title + "\n\n" + body
    }
}
