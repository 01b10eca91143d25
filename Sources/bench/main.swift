// moondesk-bench: the benchmarks behind docs/BENCHMARKS.md. Run with ./scripts/bench (release build).
print("# Moondesk benchmarks")
