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
        // One row's bytes, field bounds and numbers, reused from row to row: a row makes no String.
        var bytes: [UInt8] = []
        var bounds: [(Int, Int)] = []
        var numbers: [Double?] = []
        try TextFileLines.forEachBytes(path) { number, lineBytes in
            func text() -> String { String(decoding: lineBytes, as: UTF8.self) }
            if label == nil {
                let line = text()
                guard line.hasPrefix(labelPrefix) else {
                    throw DataLineError(file: path, line: number,
                                        "missing the label line '\(labelPrefix) ...': refusing unlabelled data")
                }
                label = String(line.dropFirst()).trimmingCharacters(in: .whitespaces)
                return
            }
            if lineBytes[0] == UInt8(ascii: "#") { return }
            // Rows are read from the line's bytes (the candle loader's readers): splitting by Character and
            // Double(Substring) were most of a run's start-up. Text fields are made only for the header and errors.
            func split() -> [Substring] { text().split(separator: ",", omittingEmptySubsequences: false).map(trimmingBlanks) }
            if names.isEmpty {
                let fields = split()
                guard fields.count >= 2, fields[0] == "time", !fields.contains(""), Set(fields).count == fields.count
                else {
                    throw DataLineError(file: path, line: number,
                                        "expected a header 'time,<column>,...' with distinct names, got '\(text())'")
                }
                names = fields.dropFirst().map(String.init)
                values = Array(repeating: [], count: names.count)
                return
            }
            bytes.removeAll(keepingCapacity: true)
            bytes.append(contentsOf: lineBytes)
            bytes.append(0)
            bounds.removeAll(keepingCapacity: true)
            numbers.removeAll(keepingCapacity: true)
            let seconds: Int64? = bytes.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress!
                var start = 0
                for i in 0...(buffer.count - 1) where i == buffer.count - 1 || base[i] == UInt8(ascii: ",") {
                    var a = start, b = i
                    while a < b, base[a] == 32 || base[a] == 9 { a += 1 }
                    while b > a, base[b - 1] == 32 || base[b - 1] == 9 { b -= 1 }
                    bounds.append((a, b))
                    start = i + 1
                }
                for (a, b) in bounds.dropFirst() {
                    if case .number(let d) = NumberField.parse(base, a, b), d.isFinite { numbers.append(d) } else { numbers.append(nil) }
                }
                return TimestampField.parse(base, bounds[0].0, bounds[0].1)
            }
            guard numbers.count == names.count else {
                throw DataLineError(file: path, line: number, "expected \(names.count + 1) fields, got \(numbers.count + 1)")
            }
            let needsText = seconds == nil || numbers.contains { $0 == nil }
            let fields = needsText ? split() : []
            guard let seconds = seconds ?? TimestampParser.epochSeconds(String(fields[0])) else {
                throw DataLineError(file: path, line: number, "time '\(fields[0])' is neither ISO 8601 nor epoch seconds")
            }
            if let last = time.last, seconds <= last {
                throw DataLineError(file: path, line: number, "time '\(split()[0])' does not follow the previous row")
            }
            for column in 0..<names.count {
                guard let value = numbers[column] ?? Double(fields[column + 1]).flatMap({ $0.isFinite ? $0 : nil }) else {
                    throw DataLineError(file: path, line: number, "\(names[column]) '\(fields[column + 1])' is not a number")
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
