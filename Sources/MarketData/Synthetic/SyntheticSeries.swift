import Foundation

/// Loads the synthetic on-chain and macro samples (data/synthetic/*.csv, written by scripts/make_synthetic.py).
///
/// The first line must be the label `# synthetic-sample: ...`; a file without it is refused, so unlabelled
/// numbers never enter the system as if they were real. Then a header `time,<column>,...` and one row per day:
/// an ISO 8601 date or epoch seconds, then numbers.
public enum SyntheticSeries {
    /// The source every synthetic series and every figure computed from it carries.
    public static let source = "synthetic-sample"
    /// The label line the files must begin with.
    public static let labelPrefix = "# synthetic-sample:"

    /// Reads a labelled CSV. Throws `DataLineError` naming file:line for a missing label, a bad header,
    /// a row with the wrong number of fields, an unparsable time or number, or times out of order.
    public static func load(path: String) throws -> LabelledSeries {
        var label: String?
        var names: [String] = []
        var values: [[Double]] = []
        var time: [Int64] = []
        try TextFileLines.forEach(path) { number, line in
            if label == nil {
                guard line.hasPrefix(labelPrefix) else {
                    throw DataLineError(file: path, line: number,
                                        "missing the label line '\(labelPrefix) ...': refusing unlabelled data")
                }
                label = String(line.dropFirst()).trimmingCharacters(in: .whitespaces)
                return
            }
            if line.hasPrefix("#") { return }
            // Foundation's trimmingCharacters costs ~20x this on Linux: it was most of a decision's time.
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(trimmingBlanks)
            if names.isEmpty {
                guard fields.count >= 2, fields[0] == "time", !fields.contains(""), Set(fields).count == fields.count
                else {
                    throw DataLineError(file: path, line: number,
                                        "expected a header 'time,<column>,...' with distinct names, got '\(line)'")
                }
                names = fields.dropFirst().map(String.init)
                values = Array(repeating: [], count: names.count)
                return
            }
            guard fields.count == names.count + 1 else {
                throw DataLineError(file: path, line: number, "expected \(names.count + 1) fields, got \(fields.count)")
            }
            guard let seconds = TimestampParser.epochSeconds(String(fields[0])) else {
                throw DataLineError(file: path, line: number, "time '\(fields[0])' is neither ISO 8601 nor epoch seconds")
            }
            if let last = time.last, seconds <= last {
                throw DataLineError(file: path, line: number, "time '\(fields[0])' does not follow the previous row")
            }
            for (column, field) in fields.dropFirst().enumerated() {
                guard let value = Double(field), value.isFinite else {
                    throw DataLineError(file: path, line: number, "\(names[column]) '\(field)' is not a number")
                }
                values[column].append(value)
            }
            time.append(seconds)
        }
        guard let label else { throw DataLineError(file: path, line: 0, "empty file: no label line, no data") }
        guard !names.isEmpty else { throw DataLineError(file: path, line: 0, "no header line 'time,<column>,...'") }
        return LabelledSeries(
            source: source, label: label, columns: Dictionary(uniqueKeysWithValues: zip(names, values)),
            columnNames: names, time: time)
    }
}

/// `text` without the spaces and tabs around it.
func trimmingBlanks(_ text: Substring) -> Substring {
    var text = text
    while let c = text.first, c == " " || c == "\t" { text.removeFirst() }
    while let c = text.last, c == " " || c == "\t" { text.removeLast() }
    return text
}
