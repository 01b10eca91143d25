/// Script files as bytes: Lua strings are bytes, so a literal with a byte that is not UTF-8 must reach the
/// compiler unchanged (a Swift `String` would turn it into U+FFFD).
public enum ScriptBytes {
    /// The bytes the compiler sees for a file: a UTF-8 byte-order mark and a first line starting with `#`
    /// (`#!/usr/bin/env lua`) are skipped as the `lua` command skips them; the newline stays, so line numbers
    /// match the file.
    public static func chunk(_ bytes: [UInt8]) -> [UInt8] {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        guard start < bytes.count, bytes[start] == UInt8(ascii: "#") else {
            return start == 0 ? bytes : Array(bytes[start...])
        }
        guard let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else { return [] }
        return Array(bytes[newline...])
    }
}
