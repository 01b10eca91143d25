import Testing
@testable import host

@Test func HostModuleLoads() { #expect(true) }
