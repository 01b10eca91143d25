import Foundation
import LuaHost
import Synchronization

/// The JSON Schemas of `host`'s `--json` outputs (`Schemas/*.schema.json`, shipped as resources and shown in
/// docs/CLI.md), used two ways: the printers `conform` a value to its schema before writing it (Lua cannot tell
/// an empty list from an empty table, so the schema says which an empty one is: `"weak": []`, never `{}`), and
/// the tests `validate` real output against the same files.
///
/// The keywords understood are a subset of JSON Schema 2020-12: `type` (a name or a list), `properties`,
/// `required`, `additionalProperties` (false or a schema), `items`, `enum`, `const`, `minimum`, `$ref` to
/// `#/$defs/NAME`, `$defs`, `description` (ignored). That is all the schemas use.
public struct JSONSchema: Sendable {
    public let name: String
    let root: LuaValue

    public init(name: String, schema: LuaValue) {
        self.name = name
        root = schema
    }

    /// A schema shipped with Moondesk: `decision`, `plan`, `lookahead`, `error`, `watch_problem`, `version`.
    public static func named(_ name: String) -> JSONSchema {
        if let known = cache.withLock({ $0[name] }) { return known }
        let schema = load(name)
        cache.withLock { $0[name] = schema }
        return schema
    }

    private static let cache = Mutex<[String: JSONSchema]>([:])

    private static func load(_ name: String) -> JSONSchema {
        guard let data = LuaResource.file(name + ".schema.json", subdirectory: "Schemas", resources: "Moondesk_Moondesk", bundle: { .module }),
              let value = try? LuaValue.parseJSON(String(decoding: data, as: UTF8.self)) else {
            fatalError("moondesk: the bundled schema \(name).schema.json is missing or invalid in Moondesk_Moondesk.resources")
        }
        return JSONSchema(name: name, schema: value)
    }

    /// The schema's version (`schema_version`'s `const`): printed at the top of every object.
    public static let version: Int64 = 1

    /// `value` with every empty table the schema calls a list made `[]` (and every empty list it calls an object
    /// made `{}`), everywhere the schema reaches.
    public func conform(_ value: LuaValue) -> LuaValue { conform(value, root) }

    /// Every way `value` departs from the schema, as `path: problem` lines (empty: it conforms).
    public func validate(_ value: LuaValue) -> [String] {
        var problems: [String] = []
        validate(value, root, path: "$", into: &problems)
        return problems
    }

    // MARK: -

    private func resolve(_ schema: LuaValue) -> LuaValue {
        guard let ref = schema["$ref"].stringValue, ref.hasPrefix("#/$defs/") else { return schema }
        return resolve(root["$defs"][String(ref.dropFirst("#/$defs/".count))])
    }

    private func types(_ schema: LuaValue) -> [String] {
        if let one = schema["type"].stringValue { return [one] }
        return (schema["type"].arrayValue ?? []).compactMap(\.stringValue)
    }

    private func conform(_ value: LuaValue, _ raw: LuaValue) -> LuaValue {
        let schema = resolve(raw)
        let kinds = types(schema)
        switch value {
        case .table(let fields):
            if fields.isEmpty, kinds.contains("array"), !kinds.contains("object") { return .array([]) }
            guard !kinds.contains("array") || kinds.contains("object") else { return value }
            var out: [String: LuaValue] = [:]
            let properties = schema["properties"]
            let extra = schema["additionalProperties"]
            for (key, item) in fields {
                let sub = properties[key]
                out[key] = !sub.isNil ? conform(item, sub) : extra.tableValue != nil && !extra.isNil ? conform(item, extra) : item
            }
            return .table(out)
        case .array(let items):
            if items.isEmpty, kinds.contains("object"), !kinds.contains("array") { return .table([:]) }
            let sub = schema["items"]
            return sub.isNil ? value : .array(items.map { conform($0, sub) })
        default:
            return value
        }
    }

    private func typeName(_ value: LuaValue) -> String {
        switch value {
        case .nil: return "null"
        case .boolean: return "boolean"
        case .integer: return "integer"
        case .number(let d): return d == d.rounded() && d.isFinite ? "integer" : d.isFinite ? "number" : "null"
        case .string, .bytes, .function, .object, .opaque: return "string"
        case .array: return "array"
        case .table: return "object"
        }
    }

    private func validate(_ value: LuaValue, _ raw: LuaValue, path: String, into problems: inout [String]) {
        let schema = resolve(raw)
        let kinds = types(schema)
        let actual = typeName(value)
        if !kinds.isEmpty {
            let ok = kinds.contains(actual) || (actual == "integer" && kinds.contains("number"))
            guard ok else {
                problems.append("\(path): expected \(kinds.joined(separator: " or ")), got \(actual)")
                return
            }
        }
        if let allowed = schema["enum"].arrayValue, !allowed.contains(where: { same($0, value) }) {
            problems.append("\(path): \(value.jsonText()) is not one of \(LuaValue.array(allowed).jsonText())")
        }
        let constant = schema["const"]
        if !constant.isNil, !same(constant, value) {
            problems.append("\(path): expected \(constant.jsonText()), got \(value.jsonText())")
        }
        if let minimum = schema["minimum"].doubleValue, let n = value.doubleValue, n < minimum {
            problems.append("\(path): \(n) is below the minimum \(minimum)")
        }
        switch value {
        case .table(let fields):
            for key in (schema["required"].arrayValue ?? []).compactMap(\.stringValue) where fields[key] == nil {
                problems.append("\(path): missing required field \"\(key)\"")
            }
            let properties = schema["properties"]
            let extra = schema["additionalProperties"]
            for key in fields.keys.sorted() {
                let sub = properties[key]
                if !sub.isNil {
                    validate(fields[key]!, sub, path: path + "." + key, into: &problems)
                } else if extra == .boolean(false) {
                    problems.append("\(path): unexpected field \"\(key)\"")
                } else if extra.tableValue != nil, !extra.isNil {
                    validate(fields[key]!, extra, path: path + "." + key, into: &problems)
                }
            }
        case .array(let items):
            let sub = schema["items"]
            guard !sub.isNil else { return }
            for (i, item) in items.enumerated() { validate(item, sub, path: "\(path)[\(i)]", into: &problems) }
        default:
            return
        }
    }

    private func same(_ a: LuaValue, _ b: LuaValue) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return a == b
    }
}
