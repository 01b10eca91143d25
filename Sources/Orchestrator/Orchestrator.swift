// Module Orchestrator: see docs/ARCHITECTURE.md.
