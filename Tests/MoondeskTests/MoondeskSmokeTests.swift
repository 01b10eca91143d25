import Testing
@testable import Moondesk

@Test func MoondeskModuleLoads() { #expect(true) }
