import ArgumentParser
import Foundation
import Moondesk

/// `host new NAME`: a project folder with a working strategy that builds on a bundled agent.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a project folder with a working strategy (agent, handler, node, test).",
        discussion: """
            NAME/agents/NAME.lua extends the bundled balanced agent with a task of its own \
            (agents/handlers/NAME_signal.lua) and replaces the bull node (agents/nodes/NAME_bull.lua); \
            agents/NAME_test.lua tests the handler; README.md says how to run it. The project runs from any \
            folder: modules are looked up beside the agent, in the project's agents/, then in Moondesk's own \
            agents/; presets and data come from Moondesk's unless the project has config/ or data/.

            Examples:
              host new my_strategy
              host run my_strategy/agents/my_strategy.lua
              host new momentum --in ~/strategies

            \(ExitStatus.helpTable)
            """
    )

    @Argument(help: "The strategy's name: letters, digits and _ (it names the folder, the agent and its modules).")
    var name: String

    @Option(name: .customLong("in"), help: ArgumentHelp("The folder to create it in (default: the current one).", valueName: "DIR"))
    var parent: String = "."

    func validate() throws {
        let allowed = name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "_" }
        guard !name.isEmpty, allowed, name.unicodeScalars.first.map({ !CharacterSet.decimalDigits.contains($0) }) ?? false else {
            throw ValidationError("\(name): a strategy name is letters, digits and _, not starting with a digit (it becomes a Lua module name)")
        }
    }

    func run() throws {
        let root = parent == "." ? name : parent + "/" + name
        let fm = FileManager.default
        guard !fm.fileExists(atPath: root) else {
            Diagnostics.error("\(root): already exists; choose another name or folder")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        let files = ProjectTemplate(name: name).files
        do {
            for (path, text) in files.sorted(by: { $0.key < $1.key }) {
                let full = root + "/" + path
                try fm.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: full))
            }
        } catch {
            Diagnostics.error("\(root): cannot create the project: \(error.localizedDescription)")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        Output.line("created \(root)/")
        for path in files.keys.sorted() { Output.line("  \(path)") }
        Output.line("")
        Output.line("next: host run \(root)/agents/\(name).lua     (or: cd \(root) && host test)")
    }
}

/// The files of a new project, by path inside it.
struct ProjectTemplate {
    var name: String

    var files: [String: String] {
        [
            "README.md": readme,
            "agents/\(name).lua": agent,
            "agents/handlers/\(name)_signal.lua": handler,
            "agents/nodes/\(name)_bull.lua": node,
            "agents/\(name)_test.lua": test,
        ]
    }

    var readme: String {
        """
        # \(name)
        A Moondesk strategy: `agents/\(name).lua` builds on the bundled balanced agent.
        Run it: `host run agents/\(name).lua` (add `--json`, `--as-of 2019-06-30`); test it: `host test`.
        Its own task is `agents/handlers/\(name)_signal.lua`; its bull is `agents/nodes/\(name)_bull.lua`.
        Modules are found beside the agent, in this agents/ folder, then in Moondesk's own agents/.

        """
    }

    var agent: String {
        """
        -- \(name): the balanced agent's research and graph, plus a task of its own and a bull of its own.
        --   host plan agents/\(name).lua    the plan, with \(name)_signal after technical
        --   host run agents/\(name).lua     the decision
        local balanced = require "balanced"    -- Moondesk's own agents/balanced.lua

        return desk.agent {
          name = "\(name)",
          profile = "balanced",
          plan = function(plan, ctx)
            balanced.plan(plan, ctx)
            plan:add{ id = "\(name)_signal", name = "\(name) signal", priority = "medium", depends = { "technical" },
                      cost = 0.0, seconds = 5, handler = "handlers.\(name)_signal" }
          end,
          graph = function(g, ctx)
            g:replace("bull", "nodes.\(name)_bull")
          end,
        }

        """
    }

    var handler: String {
        """
        -- \(name)_signal: where the close stands in its 20-bar range (0 at the low, 1 at the high), as a signal in
        -- [-1, 1], confident when the range is wide against the price. ctx.inputs.technical is the technical task's
        -- result (this task depends on it).
        return { run = function(task, ctx)
          local c = ctx.candles
          local n = #c.close
          if n < 20 then
            return { signal = 0, confidence = 0, summary = "\(name)_signal: fewer than 20 bars", metrics = { bars = n } }
          end
          local high, low = -math.huge, math.huge
          for i = n - 19, n do
            high = math.max(high, c.high[i])
            low = math.min(low, c.low[i])
          end
          local close = c.close[n]
          local place = high > low and (close - low) / (high - low) or 0.5
          local signal = 2 * place - 1
          local width = (high - low) / close
          local confidence = math.min(0.8, 0.2 + 4 * width)
          local technical = ctx.inputs.technical
          desk.cost(0)
          return {
            signal = signal, confidence = confidence,
            summary = string.format("close at %.0f%% of its 20-bar range (%.2f to %.2f)", 100 * place, low, high),
            metrics = { range_place = place, range_width = width, technical_signal = technical and technical.signal },
            facts = { { side = signal >= 0 and 1 or -1,
                        claim = string.format("\(name): close in the %s of its 20-bar range", place >= 0.5 and "top half" or "bottom half") } },
          }
        end }

        """
    }

    var node: String {
        """
        -- \(name)_bull: the bundled bull's case (agents/nodes/bull.lua in Moondesk), marked as this strategy's.
        -- Change how the case is built here; every other node is the default graph's.
        local bull = require "nodes.bull"

        return { run = function(state, ctx)
          local update = bull.run(state, ctx)
          update.bull_case.summary = "\(name) " .. update.bull_case.summary
          update.summary = update.bull_case.summary
          return update
        end }

        """
    }

    var test: String {
        """
        -- host test: runs this file's cases in the sandbox, on the bundled data at an as-of.
        test("\(name)_signal gives a signal in [-1, 1]", function()
          local r = desk.test.handler("handlers.\(name)_signal", { agent = "agents/\(name).lua", as_of = "2019-06-30",
                                                          inputs = { technical = { signal = 0.1 } } })
          assert(r.signal >= -1 and r.signal <= 1, "signal " .. tostring(r.signal))
          assert(r.confidence >= 0 and r.confidence <= 1)
        end)

        """
    }
}
