import Testing
@testable import Orchestrator

@Test func OrchestratorModuleLoads() { #expect(true) }
