// libFuzzer target: config/planning.yaml (PlanningPresets.load, then config(for:) of every profile and of the
// defaults). Any text must give presets or a MoondeskError naming the file and line; a trap is a finding.
import Foundation
import LuaHost

let yamlFile = NSTemporaryDirectory() + "moondesk-fuzz-planning-\(getpid()).yaml"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FileManager.default.createFile(atPath: yamlFile, contents: Data(bytes: data, count: size))
    do {
        let presets = try PlanningPresets.load(path: yamlFile)
        for profile in ["balanced"] + presets.profiles.keys.sorted() {
            do {
                let config = try presets.config(for: profile)
                precondition(config.defaultTimeoutSeconds.isFinite && config.defaultTimeoutSeconds <= CheckedNumber.maxSeconds)
                _ = config.table(extra: [:])
            } catch let error as MoondeskError {
                precondition(error.description.contains(yamlFile), "no file in \(error.description)")
            }
        }
    } catch let error as MoondeskError {
        precondition(error.description.contains(yamlFile), "no file in \(error.description)")
    } catch {
        preconditionFailure("unexpected error type: \(error)")
    }
    return 0
}
