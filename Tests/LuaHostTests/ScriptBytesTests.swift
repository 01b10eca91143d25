import Foundation
import LuaHost
import Testing

/// Scripts are bytes: a literal with a byte that is not UTF-8 reaches Lua unchanged through every way a file
/// is loaded, and the SHA-256 a state reports is of the file's bytes.
@Suite struct ScriptBytesTests {
    /// `local s = "<0xE1>b"` with 0xE1 written raw: not UTF-8 (a lead byte with no continuation).
    static let raw: [UInt8] = Array("local s = \"".utf8) + [0xE1] + Array("b\"\nreturn { #s, s:byte(1), s:byte(2) }\n".utf8)
    /// sha256 of `raw`, computed outside Swift (Python's hashlib).
    static let rawSHA = "2a65eeb22de644f292ecb1942751b00d124bfdf1a24dc913c8e09c7c906ee2e2"

    func folder(_ files: [String: [UInt8]]) -> String {
        let dir = temporaryFolder()
        for (name, bytes) in files { _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(bytes)) }
        return dir
    }

    static let kept: [LuaValue] = [.integer(2), .integer(0xE1), .integer(Int64(UInt8(ascii: "b")))]

    @Test(arguments: ["disk", "snapshot", "set"])
    func aRawByteInALiteralIsKeptAndHashedAsBytes(source name: String) async throws {
        let dir = folder(["raw.lua": Self.raw,
                          "main.lua": Array("""
                            local a = require "raw"
                            local b = dofile("raw.lua")
                            local c = loadfile("raw.lua")()
                            return a[1], a[2], a[3], b[1], b[2], b[3], c[1], c[2], c[3]
                            """.utf8)])
        let source: any ScriptSource = switch name {
        case "disk": DiskScriptSource()
        case "snapshot": SnapshotScriptSource()
        default: try ScriptSet(root: dir)
        }
        #expect(try source.bytes(of: dir + "/raw.lua") == Self.raw)
        #expect(source.sha256(of: dir + "/raw.lua") == Self.rawSHA)
        let host = try TestState(moduleRoots: [dir], source: source)
        let direct = try await host.state.run(try host.state.loadScript(dir + "/raw.lua"))
        #expect(direct == [.array(Self.kept)])
        let all = try await host.state.run(try host.state.loadScript(dir + "/main.lua"))
        #expect(all == Self.kept + Self.kept + Self.kept)
    }

    @Test func aReloadKeepsTheNewBytes() async throws {
        let dir = folder(["raw.lua": Array("return 0\n".utf8)])
        let set = try ScriptSet(root: dir)
        _ = FileManager.default.createFile(atPath: dir + "/raw.lua", contents: Data(Self.raw))
        #expect(set.reload(dir + "/raw.lua") == .changed(sha256: Self.rawSHA))
        let host = try TestState(moduleRoots: [dir], source: set)
        #expect(try await host.state.run(try host.state.loadScript(dir + "/raw.lua")) == [.array(Self.kept)])
    }

    @Test func aByteOrderMarkAndAShebangLineAreSkippedAndLinesStillCount() async throws {
        let text = [0xEF, 0xBB, 0xBF] + Array("#!/usr/bin/env lua\nlocal x = 1\nerror(\"line three\")\n".utf8)
        let dir = folder(["bom.lua": text])
        let host = try TestState(moduleRoots: [dir], source: SnapshotScriptSource())
        let error = await #expect(throws: LuaError.self) {
            try await host.state.run(try host.state.loadScript(dir + "/bom.lua"))
        }
        #expect(error?.line == 3)
        #expect(error?.message.contains("line three") == true)
        #expect(LuaSyntax.check(text, chunkName: "bom.lua") == nil)
        // The same file through require (compiled by the sandbox from the bytes host.read hands it).
        let required = await #expect(throws: LuaError.self) {
            try await host.state.run(module: "bom", function: "run", directory: dir, clock: nil, [], limits: .standard)
        }
        #expect(required?.line == 3 && required?.message.contains("line three") == true, "\(String(describing: required))")
    }
}
