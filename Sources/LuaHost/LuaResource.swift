import Foundation

/// The text of a trusted Lua file shipped with a module (`Lua/NAME.lua` in its resources): the preludes are Lua
/// files a Lua reader can open, not strings inside Swift.
public enum LuaResource {
    public static func text(_ name: String, bundle: Bundle) -> String {
        guard let url = bundle.url(forResource: name, withExtension: "lua", subdirectory: "Lua")
                ?? bundle.url(forResource: name, withExtension: "lua"),
              let data = FileManager.default.contents(atPath: url.path) else {
            fatalError("moondesk: the bundled Lua file \(name).lua is missing from \(bundle.bundlePath)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
