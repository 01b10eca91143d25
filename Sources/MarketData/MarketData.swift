// Module MarketData: see docs/ARCHITECTURE.md.
