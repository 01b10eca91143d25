@testable import host
import LuaHost
import Testing

/// What `watch` lists as changed since the last run: what a person would see change, not rounding noise.
@Suite struct WatchChangeTests {
    @Test func valuesThatPrintTheSameAreNoChange() {
        let before: LuaValue = ["action": "BUY", "rating": "buy", "confidence": 0.5112, "position_size": 0.05501, "stop_loss": 7289.461]
        let after: LuaValue = ["action": "BUY", "rating": "buy", "confidence": 0.5108, "position_size": 0.05504, "stop_loss": 7289.458]
        #expect(DecisionChange.between(before, after).isEmpty)
        #expect(DecisionChange.text(DecisionChange.between(before, after)) == "since the last run: the decision did not change")
        let moved: LuaValue = ["action": "HOLD", "rating": "hold", "confidence": 0.40, "position_size": 0, "stop_loss": .nil]
        let changes = DecisionChange.between(before, moved)
        #expect(Set(changes.keys) == ["action", "rating", "confidence", "position_size", "stop_loss"])
        #expect(DecisionChange.text(changes).hasPrefix("since the last run: action BUY -> HOLD, rating buy -> hold, confidence 0.51 -> 0.40"))
    }
}
