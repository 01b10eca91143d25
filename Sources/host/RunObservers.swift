import Foundation
import Moondesk

/// What follows a run from the command line: the progress view on stderr and, with `--trace`, the trace file.
struct RunObservers {
    let progress: ProgressView
    let trace: ChromeTrace?
    let tracePath: String?

    init(verbosity: Verbosity, tracePath: String?) {
        progress = ProgressView(verbosity: verbosity)
        trace = tracePath.map { _ in ChromeTrace() }
        self.tracePath = tracePath
    }

    /// The sink to give `Session.decide`.
    var events: RunEventSink {
        { [progress, trace] event in
            progress.show(event)
            trace?.record(event)
        }
    }

    /// Clears the live progress line and writes the trace; returns why the trace could not be written, if so.
    func finish() -> String? {
        progress.finish()
        guard let trace, let tracePath else { return nil }
        do {
            try trace.write(to: tracePath)
            return nil
        } catch {
            // ChromeTrace's error names the path and the reason.
            return MoondeskError.from(error).description + "; the decision is kept"
        }
    }
}
