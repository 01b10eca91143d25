import Foundation
import LuaHost
import Moondesk
import Testing

/// Node settings are declared in Lua (`g:setting`) and flow from the presets and the agent's config into
/// `ctx.config`, checked with the file and line of the value; no Swift list names them.
@Suite(.serialized) struct NodeSettingTests {
    let graph = """
        return function(g)
          g:node("a", "nodes.a")
          g:entry("a")
          g:edge("a", "END")
          g:setting("lookback", { kind = "integer", default = 20, min = 1, doc = "bars the node looks back" })
          g:setting("tilt", { kind = "fraction", default = 0.5 })
        end
        """
    let node = "return { run = function(state, ctx) return { lookback = ctx.config.lookback, tilt = ctx.config.tilt } end }"

    func project(yaml: String, agentConfig: String = "") throws -> String {
        try makeProject([
            "agents/graph.lua": graph, "agents/nodes/a.lua": node,
            "agents/t.lua": "return desk.agent { name = 't', config = { \(agentConfig) } }",
            "config/planning.yaml": yaml,
        ]) + "/agents/t.lua"
    }

    @Test func aDeclaredSettingFlowsFromThePresetsAndTheAgentIntoTheNode() async throws {
        let run = try await session(try project(yaml: "defaults:\n  lookback: 30\n")).decide()
        #expect(run.state["lookback"] == .integer(30))
        #expect(run.state["tilt"] == .number(0.5))          // the declared default
        let own = try await session(try project(yaml: "defaults:\n  lookback: 30\n", agentConfig: "tilt = 0.8")).decide()
        #expect(own.state["tilt"] == .number(0.8))
    }

    @Test func aValueOfTheWrongKindNamesTheYAMLLine() throws {
        #expect { try session(try project(yaml: "defaults:\n  seed: 1\n  lookback: 2.5\n")) } throws: { error in
            String(describing: error).contains("planning.yaml:3: lookback must be a whole number, got 2.5")
        }
        #expect { try session(try project(yaml: "defaults:\n  tilt: 2\n")) } throws: { error in
            String(describing: error).contains("planning.yaml:2: tilt is a fraction between 0 and 1")
        }
    }

    @Test func aKeyNoNodeDeclaresIsAnErrorWithAHint() throws {
        #expect { try session(try project(yaml: "defaults:\n  lookbak: 5\n")) } throws: { error in
            let m = String(describing: error)
            return m.contains("planning.yaml:2: unknown key \"lookbak\" (did you mean \"lookback\"?)")
        }
    }
}
