// Module Moondesk: see docs/ARCHITECTURE.md.
