import LiveData
import LuaHost
import Moondesk
import Testing

/// The schemas the printers conform to and the tests validate with: what they accept, refuse and fix.
@Suite struct JSONSchemaTests {
    let schema = JSONSchema(name: "t", schema: try! LuaValue.parseJSON("""
        {"type": "object", "required": ["list", "map"], "additionalProperties": false,
         "properties": {"list": {"type": "array", "items": {"type": "string"}},
                        "map": {"type": "object", "additionalProperties": {"$ref": "#/$defs/item"}},
                        "n": {"type": "integer", "minimum": 1}, "kind": {"enum": ["a", "b"]}},
         "$defs": {"item": {"type": "object", "properties": {"tags": {"type": "array"}}}}}
        """))

    @Test func emptyTablesBecomeWhatTheSchemaSays() {
        // Lua has one empty table: the schema decides, at any depth it reaches.
        let value: LuaValue = ["list": .table([:]), "map": .array([]), "other": .table([:])]
        let fixed = schema.conform(["list": .table([:]), "map": ["x": ["tags": .table([:])]]])
        #expect(fixed == ["list": .array([]), "map": ["x": ["tags": .array([])]]])
        #expect(schema.conform(value)["map"] == .table([:]))
        #expect(fixed.jsonText() == #"{"list":[],"map":{"x":{"tags":[]}}}"#)
    }

    @Test func validateNamesEachProblemWithItsPath() {
        #expect(schema.validate(["list": ["a"], "map": [:] as LuaValue]).isEmpty)
        let problems = schema.validate(["list": [1], "n": 0, "kind": "c", "extra": true])
        #expect(problems.contains("$: missing required field \"map\""))
        #expect(problems.contains("$.list[0]: expected string, got integer"))
        #expect(problems.contains("$.n: 0.0 is below the minimum 1.0"))
        #expect(problems.contains { $0.hasPrefix("$.kind: \"c\" is not one of") })
        #expect(problems.contains("$: unexpected field \"extra\""))
        #expect(!schema.validate(["list": .table([:]), "map": [:] as LuaValue]).isEmpty, "an unconformed {} is not a list")
    }

    @Test func everyShippedSchemaLoads() {
        for name in ["decision", "plan", "lookahead", "error", "watch_problem"] {
            #expect(!JSONSchema.named(name).validate(.table([:])).isEmpty, "\(name) requires fields")
        }
    }

    @Test func providerFailuresThatCanChangeAreTransient() {
        func mark(_ problem: ProviderError.Problem) -> Bool { ProviderError(provider: "p", problem: problem).isTransient }
        #expect(mark(.httpStatus(503, attempts: 3, detail: nil)) && mark(.httpStatus(429, attempts: 1, detail: nil)))
        #expect(mark(.timedOut(seconds: 10)) && !mark(.unreachable("refused")))
        #expect(!mark(.httpStatus(404, attempts: 1, detail: nil)) && !mark(.missingEnvironment("FRED_API_KEY")))
        #expect(!mark(.malformedJSON("at 1")) && !mark(.badRequest("url")))
    }
}
