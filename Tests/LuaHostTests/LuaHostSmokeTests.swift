import Testing
@testable import LuaHost

@Test func LuaHostModuleLoads() { #expect(true) }
