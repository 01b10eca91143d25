// libFuzzer target: the news loader (NewsLoader.load) on arbitrary bytes written to a file, as a user's --news
// file would be. Any input must end in items or a DataLineError; a trap, a crash or a hang is a finding.
import Foundation

let newsFile = NSTemporaryDirectory() + "moondesk-fuzz-news-\(getpid()).jsonl"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FileManager.default.createFile(atPath: newsFile, contents: Data(bytes: data, count: size))
    do {
        let items = try NewsLoader.load(path: newsFile)
        for item in items { precondition(!item.title.isEmpty, "empty title accepted") }
    } catch is DataLineError {
    } catch {
        preconditionFailure("unexpected error type: \(error)")
    }
    return 0
}
