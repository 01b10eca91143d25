import Foundation
import LuaHost
import MarketData

/// `host lookahead`: runs an agent at several as-of dates twice, once on the data as it is and once on copies of
/// every data file the first run read, cut at that date (in a temporary project whose agents/ and config/ are the
/// original ones), and reports every field of the `--json` decision that differs. A point-in-time-safe agent
/// gives the same decision both ways; a difference means the decision depended on data after its as-of.
public enum Lookahead {
    /// The `--json` fields compared (timings, run ids and file hashes are not part of a decision).
    public static let comparedFields = ["status", "as_of", "as_of_effective", "decision", "validation", "quality",
                                        "bull_case", "bear_case", "analysis", "risk", "position", "warnings", "path",
                                        "error"]

    public struct Difference: Sendable, Equatable {
        public var asOf: Int64
        public var field: String
        public var full: String
        public var cut: String
    }

    public struct Report: Sendable {
        public var dates: [Int64] = []
        public var differences: [Difference] = []
        /// Per date, the data files the first run read (the ones cut for the second).
        public var files: [Int64: [String]] = [:]
    }

    /// `count` as-of instants (ends of UTC days) spread evenly over the run file's data, leaving its first
    /// 400 days (or first quarter) for warm-up, and the last day out.
    public static func dates(_ count: Int, options: SessionOptions) throws -> [Int64] {
        let paths = ProjectPaths.containing(options.agentPath)
        let market = try MarketContext(paths: paths, symbol: options.plan.symbol, dataPath: options.dataPath, asOf: nil,
                                       newsPath: nil)
        let series = try market.series()
        guard let first = series.time.first, let last = series.time.last, count > 0 else { return [] }
        let day = PointInTime.day
        let start = min(first + 400 * day, first + (last - first) / 4)
        let end = last - day
        guard end > start else { return [last / day * day + day] }
        return (1...count).map { i in
            let t = start + (end - start) * Int64(i) / Int64(count + 1)
            return t / day * day + day   // the end of that UTC day
        }
    }

    /// Runs the check. `log` gets one line per date.
    public static func check(options: SessionOptions, dates: [Int64], settings: RunSettings = RunSettings(),
                             log: @Sendable (String) -> Void = { _ in }) async throws -> Report {
        var report = Report()
        report.dates = dates
        let paths = ProjectPaths.containing(options.agentPath)
        for date in dates {
            var asOf = options
            asOf.asOf = date
            let full = try Session(asOf, print: { _ in })
            let fullRun = try await full.decide(settings: settings)
            let fullJSON = DecisionReport.json(fullRun, session: full)
            let files = full.runtime.market.dataFiles
            report.files[date] = files
            await full.close()

            let copy = try CutProject(paths: paths, files: files, newsPath: options.newsPath, agentPath: options.agentPath,
                                      cutoff: date)
            defer { copy.remove() }
            var cutOptions = asOf
            cutOptions.agentPath = copy.agentInCopy
            cutOptions.dataPath = options.dataPath.map(copy.map)
            cutOptions.newsPath = options.newsPath.map(copy.map)
            let cut = try Session(cutOptions, print: { _ in })
            let cutRun = try await cut.decide(settings: settings)
            let cutJSON = DecisionReport.json(cutRun, session: cut)
            await cut.close()
            // The second run must have read the cut copies only, or the check would pass without checking.
            if let stray = cut.runtime.market.dataFiles.first(where: { !MarketContext.key($0).hasPrefix(copy.root + "/") }) {
                throw MoondeskError(.failure, "lookahead: the run on cut data read \(stray), outside the cut copy \(copy.root)")
            }

            // The clock's diagnoses (a hole or the end of the data) are found from the whole file on purpose and
            // shown only in the output, never to scripts: they are left out of the comparison.
            let fullSeen = without(full.runtime.market.clock.diagnoses, in: fullJSON)
            let cutSeen = without(cut.runtime.market.clock.diagnoses, in: cutJSON)
            var found: [Difference] = []
            for field in comparedFields {
                compare(fullSeen[field], copy.unmap(cutSeen[field]), path: field) { path, a, b in
                    found.append(Difference(asOf: date, field: path, full: a, cut: b))
                }
            }
            report.differences += found
            log("\(PointInTime.describe(instant: date)): \(files.count) data file\(files.count == 1 ? "" : "s") cut, "
                + (found.isEmpty ? "same decision" : "\(found.count) field\(found.count == 1 ? " differs" : "s differ")"))
        }
        return report
    }

    /// `json` with `diagnoses` taken out of its `warnings`.
    static func without(_ diagnoses: [String], in json: LuaValue) -> LuaValue {
        guard case .table(var fields) = json, let warnings = fields["warnings"]?.arrayValue else { return json }
        fields["warnings"] = .array(warnings.filter { !diagnoses.contains($0.stringValue ?? "") })
        return .table(fields)
    }

    /// Calls `differ(path, a, b)` for each leaf where `a` and `b` differ (numbers compared exactly).
    static func compare(_ a: LuaValue, _ b: LuaValue, path: String, _ differ: (String, String, String) -> Void) {
        switch (a, b) {
        case (.table(let x), .table(let y)):
            for key in Set(x.keys).union(y.keys).sorted() {
                compare(x[key] ?? .nil, y[key] ?? .nil, path: path + "." + key, differ)
            }
        case (.array(let x), .array(let y)) where x.count == y.count:
            for (i, (p, q)) in zip(x, y).enumerated() { compare(p, q, path: "\(path)[\(i + 1)]", differ) }
        default:
            if !same(a, b) { differ(path, a.jsonText(), b.jsonText()) }
        }
    }

    static func same(_ a: LuaValue, _ b: LuaValue) -> Bool {
        switch (a, b) {
        case (.integer(let x), .number(let y)), (.number(let y), .integer(let x)): return Double(x) == y
        case (.number(let x), .number(let y)): return x == y || (x.isNaN && y.isNaN)
        default: return a == b
        }
    }
}

/// A temporary project: the original agents/ and config/ (linked), data/ with every file linked except the ones
/// a run read, which are copies cut at `cutoff` (candles: the bars closed by then; synthetic samples: the days
/// ended by then; news: the texts stamped by then).
struct CutProject {
    let root: String
    let originalRoot: String
    /// The agent's path in the copy.
    let agentInCopy: String
    /// The folder of an agent kept outside agents/, linked into the copy's agents/ as `outsideAgent`.
    let outsideAgentDir: String?
    static let outsideAgent = "lookahead-agent"

    init(paths: ProjectPaths, files: [String], newsPath: String?, agentPath: String, cutoff: Int64) throws {
        let fm = FileManager.default
        root = NSTemporaryDirectory() + "moondesk-lookahead-" + UUID().uuidString
        originalRoot = URL(fileURLWithPath: paths.root).standardizedFileURL.path
        try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: root + "/config", withDestinationPath: originalRoot + "/config")
        // agents/: a copy of the original's entries, plus, for an agent kept elsewhere (a test agent), a copy of
        // its folder, so the copy's project root is this folder whichever agent runs. Copies, not links: the path
        // rule (PathRule) refuses scripts and data whose real path leads out of the project.
        let agents = originalRoot + "/agents"
        try fm.createDirectory(atPath: root + "/agents", withIntermediateDirectories: true)
        for entry in (try? fm.contentsOfDirectory(atPath: agents)) ?? [] {
            try fm.copyItem(atPath: agents + "/" + entry, toPath: root + "/agents/" + entry)
        }
        let agent = MarketContext.key(agentPath)
        if agent.hasPrefix(agents + "/") {
            agentInCopy = root + agent.dropFirst(originalRoot.count)
            outsideAgentDir = nil
        } else {
            let dir = (agent as NSString).deletingLastPathComponent
            try fm.copyItem(atPath: dir, toPath: root + "/agents/" + Self.outsideAgent)
            agentInCopy = root + "/agents/" + Self.outsideAgent + "/" + (agent as NSString).lastPathComponent
            outsideAgentDir = dir
        }
        // Copy every file of data/, so unread files stay reachable (the files read are cut below).
        let data = URL(fileURLWithPath: originalRoot + "/data").resolvingSymlinksInPath().path
        if let walker = fm.enumerator(atPath: data) {
            while let relative = walker.nextObject() as? String {
                var isDir: ObjCBool = false
                _ = fm.fileExists(atPath: data + "/" + relative, isDirectory: &isDir)
                let target = root + "/data/" + relative
                if isDir.boolValue {
                    try fm.createDirectory(atPath: target, withIntermediateDirectories: true)
                } else {
                    try fm.copyItem(atPath: data + "/" + relative, toPath: target)
                }
            }
        }
        for file in files {
            let destination = Self.map(file, from: originalRoot, to: root)
            try fm.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try? fm.removeItem(atPath: destination)
            let text: String
            if let newsPath, MarketContext.key(file) == MarketContext.key(newsPath) {
                text = try Self.cutNews(file, cutoff: cutoff)
            } else if file.contains("/synthetic/") {
                text = try Self.cutSample(file, cutoff: cutoff)
            } else {
                text = Self.plain(PointInTime.cut(try CandleLoader.load(path: file), at: cutoff))
            }
            try text.write(toFile: destination, atomically: true, encoding: .utf8)
        }
    }

    /// `path` (of the original project, or elsewhere) inside the copy.
    func map(_ path: String) -> String { Self.map(path, from: originalRoot, to: root) }

    static func map(_ path: String, from original: String, to root: String) -> String {
        let absolute = MarketContext.key(path)
        if absolute.hasPrefix(original + "/") { return root + absolute.dropFirst(original.count) }
        return root + "/outside" + absolute   // a --data or --news file outside the project
    }

    /// Strings of the copy's run with the copy's paths written as the original's.
    func unmap(_ value: LuaValue) -> LuaValue {
        switch value {
        case .string(let s):
            let prefix = ProjectPaths.relative(originalRoot)
            var s = s
            if let dir = outsideAgentDir {
                s = s.replacingOccurrences(of: root + "/agents/" + Self.outsideAgent, with: ProjectPaths.relative(dir))
            }
            return .string(s.replacingOccurrences(of: root + "/outside", with: "")
                .replacingOccurrences(of: root + "/", with: prefix == "." ? "" : prefix + "/")
                .replacingOccurrences(of: root, with: prefix))
        case .array(let items): return .array(items.map(unmap))
        case .table(let fields): return .table(fields.mapValues(unmap))
        default: return value
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    /// A candle series in the plain layout, times as epoch seconds, prices exactly as parsed.
    static func plain(_ s: CandleSeries) -> String {
        var out = "time,open,high,low,close,volume\n"
        for i in 0..<s.count { out += "\(s.time[i]),\(s.open[i]),\(s.high[i]),\(s.low[i]),\(s.close[i]),\(s.volume[i])\n" }
        return out
    }

    /// A labelled daily sample's comment and header lines and the rows whose day ended by `cutoff`.
    static func cutSample(_ path: String, cutoff: Int64) throws -> String {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var out = "", header = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#") || line.isEmpty { out += line + "\n"; continue }
            if !header { header = true; out += line + "\n"; continue }
            let day = line.prefix { $0 != "," }
            guard let epoch = try? PointInTime.parseAsOf(String(day)) else { out += line + "\n"; continue }
            if epoch <= cutoff { out += line + "\n" }   // parseAsOf of a date is the end of that day
        }
        return out.hasSuffix("\n\n") ? String(out.dropLast()) : out
    }

    /// The news texts stamped at or before `cutoff`, as JSON lines.
    static func cutNews(_ path: String, cutoff: Int64) throws -> String {
        try NewsLoader.load(path: path).filter { $0.time <= cutoff }.map { item in
            var fields: [String: LuaValue] = ["time": .integer(item.time), "title": .string(item.title), "source": .string(item.source)]
            if let body = item.body { fields["body"] = .string(body) }
            return LuaValue.table(fields).jsonText() + "\n"
        }.joined()
    }
}
