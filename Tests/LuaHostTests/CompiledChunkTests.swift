import Foundation
import LuaHost
import Testing

/// A module another state already compiled is loaded from its bytecode, and behaves as the text does: the same
/// results, the same file and line in its errors; a changed file is compiled again.
@Suite struct CompiledChunkTests {
    @Test func aModuleLoadedFromBytecodeKeepsItsLinesAndAChangeIsCompiledAgain() async throws {
        let dir = temporaryFolder()
        write("local M = {}\nfunction M.twice(x) return 2 * x end\nfunction M.fail()\n  error('no quote')\nend\nreturn M\n",
              to: dir + "/quotes.lua")
        for _ in 0..<3 {   // the first state compiles the text, the others load what it compiled
            let host = try TestState(moduleRoots: [dir])
            #expect(try await host.run("return require('quotes').twice(21)") == [.integer(42)])
            let error = await expectLuaError { try await host.run("require('quotes').fail()") }
            #expect(error?.file?.hasSuffix("quotes.lua") == true && error?.line == 4, "\(String(describing: error))")
        }
        write("local M = {}\nfunction M.twice(x) return 3 * x end\nreturn M\n", to: dir + "/quotes.lua")
        #expect(try await TestState(moduleRoots: [dir]).run("return require('quotes').twice(21)") == [.integer(63)])
        write("local M = {\nreturn M\n", to: dir + "/quotes.lua")
        for _ in 0..<2 {
            let error = await expectLuaError { try await TestState(moduleRoots: [dir]).run("return require('quotes')") }
            #expect(error?.kind == .syntax && error?.file?.hasSuffix("quotes.lua") == true, "\(String(describing: error))")
        }
    }

    @Test func scriptsStillCannotLoadBinaryChunks() async throws {
        let host = try TestState()
        let error = await expectLuaError { try await host.run("return load(string.char(27) .. 'Lua')") }
        #expect(error?.kind == .sandbox)
        let chunk = await expectLuaError { _ = try host.state.load(bytes: [0x1B, 0x4C, 0x75, 0x61], chunkName: "x.lua") }
        #expect(chunk?.kind == .sandbox)
    }
}
