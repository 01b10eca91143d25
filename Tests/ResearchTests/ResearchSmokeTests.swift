import Testing
@testable import Research

@Test func ResearchModuleLoads() { #expect(true) }
