// Module Research: see docs/ARCHITECTURE.md.
