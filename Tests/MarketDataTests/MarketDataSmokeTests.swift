import Testing
@testable import MarketData

@Test func MarketDataModuleLoads() { #expect(true) }
