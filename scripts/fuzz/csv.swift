// libFuzzer target: the candle CSV loader (CandleLoader.parse) on arbitrary bytes, strict and lenient.
// Any input must end in a series or a CandleError; a trap, a crash or a hang is a finding.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    for lenient in [false, true] {
        do {
            let series = try CandleLoader.parse(data: bytes, name: "fuzz.csv", lenient: lenient)
            // A loaded series is sound: ascending times, finite positive prices inside each bar's range.
            for i in 0..<series.count {
                precondition(series.low[i] > 0 && series.low[i] <= series.high[i], "bar \(i) out of range")
                precondition(series.open[i] >= series.low[i] && series.open[i] <= series.high[i], "open out of range")
                precondition(series.close[i] >= series.low[i] && series.close[i] <= series.high[i], "close out of range")
                precondition(series.volume[i].isFinite && series.volume[i] >= 0, "volume")
                if i > 0 { precondition(series.time[i - 1] < series.time[i], "times not ascending") }
            }
        } catch is CandleError {
        } catch {
            preconditionFailure("unexpected error type: \(error)")
        }
    }
    return 0
}
