/// Everything a decision report shows, as plain values (built from a run by `DecisionReportInput(run:session:)`,
/// or by hand for a run that never started: `DecisionReportInput(failure:agent:)`).
public struct DecisionReportInput: Sendable, Equatable {
    public struct Evidence: Sendable, Equatable {
        public var claim: String
        public var weight: Double
        public var signal: Double?
        public var confidence: Double?
        public var task: String
        public var synthetic: Bool
        public var suspect: Bool
        public init(claim: String, weight: Double, signal: Double? = nil, confidence: Double? = nil, task: String = "",
                    synthetic: Bool = false, suspect: Bool = false) {
            self.claim = claim
            self.weight = weight
            self.signal = signal
            self.confidence = confidence
            self.task = task
            self.synthetic = synthetic
            self.suspect = suspect
        }
    }

    public struct Case: Sendable, Equatable {
        public var strength: Double?
        public var evidence: [Evidence]
        public var rebuttals: [String]
        public init(strength: Double? = nil, evidence: [Evidence] = [], rebuttals: [String] = []) {
            self.strength = strength
            self.evidence = evidence
            self.rebuttals = rebuttals
        }
    }

    public struct Research: Sendable, Equatable {
        public var task: String
        public var status: String
        public var signal: Double?
        public var confidence: Double?
        public var summary: String
        public var source: String
        public init(task: String, status: String, signal: Double? = nil, confidence: Double? = nil, summary: String = "",
                    source: String = "") {
            self.task = task
            self.status = status
            self.signal = signal
            self.confidence = confidence
            self.summary = summary
            self.source = source
        }
    }

    /// The decision graph as drawn: its vertices and edges, the entry, the nodes run in order, each node's status.
    public struct Graph: Sendable, Equatable {
        public var vertices: [GraphVertex]
        public var links: [GraphLink]
        public var entry: String
        public var path: [String]
        public var status: [String: String]
        public init(vertices: [GraphVertex] = [], links: [GraphLink] = [], entry: String = "", path: [String] = [],
                    status: [String: String] = [:]) {
            self.vertices = vertices
            self.links = links
            self.entry = entry
            self.path = path
            self.status = status
        }
    }

    public var agent: String
    public var symbol: String
    public var profile: String
    /// The effective as-of, UTC epoch seconds (nil when the run never got that far).
    public var asOf: Int64?
    /// completed, failed, cancelled.
    public var status: String
    public var failure: String?
    public var action: String?
    public var rating: String?
    public var confidence: Double?
    public var positionSize: Double?
    public var entry: Double?
    public var stopLoss: Double?
    public var takeProfit: Double?
    public var rationale: String?
    /// The bars shown (the last `window` bars to the as-of) and the indicators over them, aligned by index.
    public var bars: [Bar]
    public var sma50: [Double]
    public var sma200: [Double]
    public var bollinger: (upper: [Double], middle: [Double], lower: [Double])
    public var dataSource: String
    public var bull: Case
    public var bear: Case
    public var research: [Research]
    /// Node runs and task attempts on the run's one time axis.
    public var spans: [TimeSpan]
    public var graph: Graph
    public var warnings: [String]
    public var riskNotes: [String]
    public var runID: String

    public init(agent: String, symbol: String = "", profile: String = "", asOf: Int64? = nil, status: String = "failed",
                failure: String? = nil) {
        self.agent = agent
        self.symbol = symbol
        self.profile = profile
        self.asOf = asOf
        self.status = status
        self.failure = failure
        bars = []
        sma50 = []
        sma200 = []
        bollinger = ([], [], [])
        dataSource = ""
        bull = Case()
        bear = Case()
        research = []
        spans = []
        graph = Graph()
        warnings = []
        riskNotes = []
        runID = ""
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.agent == b.agent && a.symbol == b.symbol && a.profile == b.profile && a.asOf == b.asOf && a.status == b.status
            && a.failure == b.failure && a.action == b.action && a.rating == b.rating && a.confidence == b.confidence
            && a.positionSize == b.positionSize && a.entry == b.entry && a.stopLoss == b.stopLoss
            && a.takeProfit == b.takeProfit && a.rationale == b.rationale && a.bars == b.bars
            && a.bull == b.bull && a.bear == b.bear && a.research == b.research && a.spans == b.spans
            && a.graph == b.graph && a.warnings == b.warnings && a.riskNotes == b.riskNotes
    }
}
