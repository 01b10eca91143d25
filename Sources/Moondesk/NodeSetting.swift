import Foundation
import LuaHost
import Research

/// A setting a node reads from `ctx.config`, declared in Lua with `g:setting(name, { kind, default, min, max, doc })`
/// (agents/graph.lua, or an agent's own `graph` function): presets and the agent's `config` may set it, and its
/// value is checked against the declaration, with the file and line of the value. A new node setting is one line of
/// Lua; no Swift list names it.
public struct NodeSetting: Sendable, Equatable {
    public enum Kind: String, Sendable { case integer, number, fraction, boolean, string }
    public var name: String
    public var kind: Kind
    public var defaultValue: LuaValue
    public var min: Double?
    public var max: Double?
    public var doc: String?
    public var declaredAt: SourceLocation?

    /// The value `value` given at `origin` (`config/planning.yaml:14`), checked and normalised to the kind
    /// (`2` for a number becomes `2.0`), or a bad-input error naming the origin.
    public func check(_ value: LuaValue, origin: String) throws -> LuaValue {
        func fail(_ what: String) -> MoondeskError {
            MoondeskError(.badInput, "\(origin): \(name) \(what), got \(value.jsonText())")
        }
        if value.isNil { return defaultValue }
        switch kind {
        case .boolean:
            guard value.boolValue != nil else { throw fail("must be true or false") }
            return value
        case .string:
            guard value.stringValue != nil else { throw fail("must be a string") }
            return value
        case .integer, .number, .fraction:
            guard let d = value.doubleValue, d.isFinite else { throw fail("must be a number") }
            if kind == .integer, d != d.rounded() || abs(d) > 1e15 { throw fail("must be a whole number") }
            if kind == .fraction, !(0...1).contains(d) { throw fail("is a fraction between 0 and 1") }
            if let min, d < min { throw fail("must be at least \(LuaValue.number(min).jsonText())") }
            if let max, d > max { throw fail("must be at most \(LuaValue.number(max).jsonText())") }
            return kind == .integer ? .integer(Int64(d)) : .number(d)
        }
    }

    /// The settings among a graph's declarations (`op = "setting"`); a malformed one is reported with its line.
    static func declared(in ops: [LuaValue]) throws -> [String: NodeSetting] {
        var out: [String: NodeSetting] = [:]
        for op in ops where op["op"].stringValue == "setting" {
            let at = op["file"].stringValue.map { SourceLocation(file: $0, line: op["line"].intValue ?? 0) }
            let name = op["name"].stringValue ?? ""
            guard let kind = Kind(rawValue: op["kind"].stringValue ?? "") else {
                throw MoondeskError(.badInput, "\(at?.description ?? "graph"): setting \(name): unknown kind \(op["kind"].jsonText())")
            }
            var setting = NodeSetting(name: name, kind: kind, defaultValue: .nil, min: op["min"].doubleValue,
                                      max: op["max"].doubleValue, doc: op["doc"].stringValue, declaredAt: at)
            setting.defaultValue = try setting.check(op["default"], origin: at?.description ?? "graph")
            out[name] = setting
        }
        return out
    }
}
