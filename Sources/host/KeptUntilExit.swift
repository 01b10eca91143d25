/// Objects a command leaves to the end of the process: a finished run's Lua states are freed with the process's
/// memory when it exits, not one object at a time (lua_close walks every table and closure: 1-2 ms of every
/// `host run`). Only for what lives until the process exits anyway.
enum KeptUntilExit {
    nonisolated(unsafe) private static var objects: [AnyObject] = []

    /// Called from the command's task once its output is written; nothing reads the list.
    static func keep(_ object: AnyObject) { objects.append(object) }
}
