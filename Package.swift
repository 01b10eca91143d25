// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Moondesk",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "host", targets: ["host"]),
        .library(name: "Moondesk", targets: ["Moondesk"]),
        .library(name: "LuaHost", targets: ["LuaHost"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/onevcat/Rainbow", from: "4.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // The system's Lua 5.4 (Debian's liblua5.4-dev), found through pkg-config.
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        // C for what Swift cannot call directly: Lua's macros, error raising, the deadline hook, the capped allocator.
        .target(name: "CLuaShim", dependencies: ["CLua"]),
        .target(
            name: "LuaHost",
            dependencies: [
                "CLuaShim", "CLua",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Lua")]
        ),
        .target(
            name: "Research",
            dependencies: [
                "LuaHost",
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        .target(name: "MarketData"),
        .target(
            name: "LiveData",
            dependencies: [
                "MarketData",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "Orchestrator", dependencies: ["LuaHost", "Research"]),
        .target(
            name: "Moondesk",
            dependencies: [
                "LuaHost", "Research", "MarketData", "Orchestrator", "LiveData",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Lua"), .copy("Schemas")]
        ),
        // Walk-forward backtests: the decision graph at every bar, the fill rules, backtesting.py's metrics.
        .target(name: "Backtest", dependencies: ["Moondesk", "MarketData", "Orchestrator", "Research", "LuaHost"]),
        // The run journal: every run, its files, attempts, node runs and results in SQLite (GRDB); resume, cache, replay.
        .target(
            name: "Journal",
            dependencies: ["Moondesk", "LuaHost", "Research", "Orchestrator", "LiveData", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // HTML reports of a decision and of a backtest: Mustache templates (resources), geometry in Swift.
        .target(
            name: "Report",
            dependencies: [
                "Moondesk", "Backtest", "MarketData", "Orchestrator", "Research", "LuaHost",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Templates")]
        ),
        // Parameter sweeps: the grid over config keys, train/test windows, the ranked table; run locally on a task pool.
        .target(name: "Sweep", dependencies: ["Backtest", "Moondesk", "LuaHost", "MarketData"]),
        // The PostgreSQL work queue of sweeps: schema, leases (SKIP LOCKED), content-addressed files, workers.
        .target(
            name: "Queue",
            dependencies: [
                "Sweep", "Moondesk", "LuaHost",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // zlib (Debian's zlib1g-dev), for the report tests' PNG reader (is a screenshot blank?).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .executableTarget(
            name: "host",
            dependencies: [
                "Moondesk", "Orchestrator", "Research", "LuaHost", "Backtest", "Report", "Journal", "LiveData", "Sweep", "Queue",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Rainbow", package: "Rainbow"),
            ]
        ),
        .executableTarget(
            name: "bench",
            dependencies: ["Moondesk", "LuaHost", "Research", "MarketData", "Orchestrator", "Backtest", "Sweep", "Queue"]
        ),
        .testTarget(name: "LuaHostTests", dependencies: ["LuaHost", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "ResearchTests", dependencies: ["Research", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "BacktestTests", dependencies: ["Backtest", "Moondesk", "MarketData"], resources: [.copy("Fixtures")]),
        .testTarget(name: "MarketDataTests", dependencies: ["MarketData"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LiveDataTests", dependencies: ["LiveData", .product(name: "Hummingbird", package: "hummingbird")]),
        .testTarget(name: "OrchestratorTests", dependencies: ["Orchestrator"]),
        .testTarget(name: "MoondeskTests", dependencies: ["Moondesk", "LiveData"]),
        .testTarget(name: "HostTests", dependencies: ["host", "Moondesk", "LuaHost", "Journal"]),
        .testTarget(name: "JournalTests", dependencies: ["Journal", "Moondesk", "LuaHost"]),
        .testTarget(name: "SweepTests", dependencies: ["Sweep", "Backtest", "Moondesk", "host"]),
        .testTarget(name: "QueueTests", dependencies: ["Queue", "Sweep", "Moondesk", "host",
                                                     .product(name: "PostgresNIO", package: "postgres-nio"),
                                                     .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Backtest", "host", "CZlib", "MarketData", "Moondesk"]),
    ]
)
