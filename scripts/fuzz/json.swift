// libFuzzer target: desk.json.decode's parser (LuaValue.parseJSON) on arbitrary text. It must return a value or
// throw ArgumentError with a line and column; a value it returns must encode and decode again to the same text.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let value = try LuaValue.parseJSON(text)
        let encoded = value.jsonText()
        let again = try LuaValue.parseJSON(encoded)
        precondition(again.jsonText() == encoded, "round trip changed \(encoded) to \(again.jsonText())")
    } catch let error as ArgumentError {
        precondition(error.description.contains("line "), "no line in \(error)")
    } catch {
        preconditionFailure("unexpected error type: \(error)")
    }
    return 0
}
