/// A text with the mean of its human sentiment ratings (-4...+4), for measuring a sentiment scorer.
public struct LabelledText: Sendable, Equatable {
    public var id: String
    public var rating: Double
    public var text: String

    public init(id: String, rating: Double, text: String) {
        self.id = id
        self.rating = rating
        self.text = text
    }

    /// Reads `id<TAB>rating<TAB>text` lines (data/labelled/tweets_human_rated.tsv). Throws `DataLineError`
    /// naming file:line for a line without three fields or with a rating that is not a number.
    public static func load(path: String) throws -> [LabelledText] {
        var texts: [LabelledText] = []
        try TextFileLines.forEach(path) { number, line in
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else {
                throw DataLineError(file: path, line: number, "expected id<TAB>rating<TAB>text, got \(fields.count) field(s)")
            }
            guard let rating = Double(fields[1]), rating.isFinite else {
                throw DataLineError(file: path, line: number, "rating \"\(fields[1])\" is not a number")
            }
            texts.append(LabelledText(id: String(fields[0]), rating: rating, text: String(fields[2])))
        }
        return texts
    }
}
