import Foundation

/// Files a target bundles (its Lua preludes, Moondesk's schemas), read at start.
public enum LuaResource {
    /// `name`.lua of the target whose resources are `resources` (SwiftPM's `<package>_<target>`).
    public static func text(_ name: String, resources: String, bundle: () -> Bundle) -> String {
        guard let data = file(name + ".lua", subdirectory: "Lua", resources: resources, bundle: bundle) else {
            fatalError("moondesk: the bundled Lua file \(name).lua is missing from \(resources).resources")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// A bundled file's bytes: from the `<resources>.resources` folder beside the executable, where SwiftPM puts
    /// it, else through `bundle()`. Making Foundation's `Bundle.module` cost about a millisecond of every start.
    public static func file(_ file: String, subdirectory: String, resources: String, bundle: () -> Bundle) -> Data? {
        if let folder = executablePath.map(PathText.directory(of:)) {
            for path in [folder + "/" + resources + ".resources/" + subdirectory + "/" + file,
                         folder + "/" + resources + ".resources/" + file] {
                if let data = FileManager.default.contents(atPath: path) { return data }
            }
        }
        let bundle = bundle()
        let dot = file.lastIndex(of: ".")
        let (base, ext) = dot.map { (String(file[..<$0]), String(file[file.index(after: $0)...])) } ?? (file, "")
        guard let url = bundle.url(forResource: base, withExtension: ext, subdirectory: subdirectory)
                ?? bundle.url(forResource: base, withExtension: ext) else { return nil }
        return FileManager.default.contents(atPath: url.path)
    }

    /// The running executable with its symlinks resolved: the kernel's link on Linux (Foundation's Bundle and
    /// URL resolution cost a millisecond of every start), Foundation's answer elsewhere.
    public static let executablePath: String? = {
        #if os(Linux)
        var buffer = [UInt8](repeating: 0, count: 4097)
        let count = buffer.withUnsafeMutableBytes { readlink("/proc/self/exe", $0.baseAddress!, 4096) }
        if count > 0 { return String(decoding: buffer[0..<count], as: UTF8.self) }
        #endif
        return Bundle.main.executableURL?.resolvingSymlinksInPath().path
    }()
}
