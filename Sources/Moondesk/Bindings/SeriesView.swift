import LuaHost

/// A column of numbers in Swift memory, seen from Lua without copying: `#x`, `x[i]` (1-based, nil outside),
/// `x:slice(a, b)` (a view, 1-based inclusive), `x:last()`, `x:to_table()`.
public final class SeriesView: LuaObject, @unchecked Sendable {
    public let values: ArraySlice<Double>
    /// The whole column these values are the first `count` of (SeriesOrigin.swift); nil when they are not a prefix.
    let origin: SeriesOrigin?

    public init(_ values: ArraySlice<Double>) { self.values = values; origin = nil }
    public convenience init(_ values: [Double]) { self.init(values[...]) }

    /// Values that are `origin.full`'s first `values.count` (a view starting anywhere else has no origin).
    init(_ values: ArraySlice<Double>, origin: SeriesOrigin?) {
        self.values = values
        self.origin = values.startIndex == 0 && values.count <= (origin?.full.count ?? 0) ? origin : nil
    }

    public override var luaTypeName: String { "series" }
    public override var length: Int? { values.count }
    public override var luaDescription: String { "series(\(values.count))" }

    public override func index(_ key: LuaValue) throws -> LuaValue {
        if let i = key.intValue {
            guard i >= 1, i <= values.count else { return .nil }
            return .number(values[values.startIndex + i - 1])
        }
        switch key.stringValue {
        case "slice":
            return .function(HostFunction("series:slice") { args in
                let view = try SeriesView.receiver(args, "slice")
                let n = view.values.count
                let a = max(1, args.arg(1).intValue ?? 1), b = min(n, args.arg(2).intValue ?? n)
                guard a <= b else { return [.object(SeriesView(ArraySlice<Double>()))] }
                let start = view.values.startIndex
                return [.object(SeriesView(view.values[(start + a - 1)...(start + b - 1)], origin: view.origin))]
            })
        case "last":
            return .function(HostFunction("series:last") { args in
                let view = try SeriesView.receiver(args, "last")
                return [view.values.last.map { .number($0) } ?? .nil]
            })
        case "to_table":
            return .function(HostFunction("series:to_table") { args in
                [.array(try SeriesView.receiver(args, "to_table").values.map { .number($0) })]
            })
        case "n": return .integer(Int64(values.count))
        default: return .nil
        }
    }

    static func receiver(_ args: [LuaValue], _ method: String) throws -> SeriesView {
        guard case .object(let o) = args.arg(0), let view = o as? SeriesView else {
            throw ArgumentError("call it as x:\(method)(...) on a series")
        }
        return view
    }

    /// A numeric argument that is a series or a Lua array of numbers (nil and non-numbers read as NaN).
    static func numbers(_ value: LuaValue, _ position: Int) throws -> ArraySlice<Double> {
        switch value {
        case .object(let o):
            if let view = o as? SeriesView { return view.values }
        case .array(let items):
            return items.map { $0.doubleValue ?? .nan }[...]
        case .table(let t) where t.isEmpty:
            return []
        default: break
        }
        throw ArgumentError("argument \(position) must be a series or an array of numbers, got \(value.typeName)")
    }
}
