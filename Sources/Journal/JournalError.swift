import Moondesk

/// Why a journal cannot be used. `unusable`: the file is not a journal this Moondesk can read (not SQLite, damaged,
/// from a newer version): the command stops, naming the file. `unwritable`: the disk refuses (read-only, full):
/// the run goes on and says it was not recorded.
public struct JournalError: Error, CustomStringConvertible, Sendable, ClassifiedError {
    public enum Kind: Sendable { case unusable, unwritable, notFound }
    public var kind: Kind
    public var message: String
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
    public var description: String { message }
    /// Not a usable journal, or no such run: bad input (exit 2); a disk that refuses: a failure.
    public var moondeskError: MoondeskError { MoondeskError(kind == .unwritable ? .failure : .badInput, message, category: "journal") }
}
