// swift-tools-version:6.0
import PackageDescription

/// Switchboard: a terminal console for CRM connections. See README.md and ../shared/DESIGN.md.
let package = Package(
    name: "Switchboard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "switchboard", targets: ["switchboard"]),
        .executable(name: "switchboard-bench", targets: ["switchboard-bench"]),
        .library(name: "SwitchboardCore", targets: ["SwitchboardCore"]),
        .library(name: "ConsoleKit", targets: ["ConsoleKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        // The domain: catalog, schema, auth, mapping, push, sync, store. Knows nothing of terminals.
        .target(
            name: "SwitchboardCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            resources: [.copy("Resources/connectors")]
        ),
        // The pure terminal toolkit: cells, buffers, widgets, themes, the program loop. Foundation only.
        .target(name: "ConsoleKit"),
        // The only module that sees ncurses.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .target(name: "NcursesBackend", dependencies: ["ConsoleKit", "CNcursesw"]),
        // The local strict CRM + OAuth provider (its own issue builds it out).
        .target(
            name: "SwitchboardSandbox",
            dependencies: [
                "SwitchboardCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The application: model, screens, theme files.
        .target(
            name: "SwitchboardConsole",
            dependencies: [
                "ConsoleKit", "SwitchboardCore",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .executableTarget(
            name: "switchboard",
            dependencies: [
                "SwitchboardConsole", "SwitchboardCore", "SwitchboardSandbox", "NcursesBackend", "ConsoleKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "switchboard-bench",
            dependencies: ["ConsoleKit", "SwitchboardCore", "SwitchboardConsole", "SwitchboardSandbox",
                           .product(name: "AsyncHTTPClient", package: "async-http-client")]
        ),
        // Helpers the test targets share (a workspace over a temporary folder, a live sandbox).
        .target(name: "SwitchboardTestSupport", dependencies: ["SwitchboardCore", "SwitchboardSandbox"], path: "Tests/SwitchboardTestSupport"),
        .testTarget(name: "ConsoleKitTests", dependencies: ["ConsoleKit"]),
        .testTarget(
            name: "SwitchboardCoreTests",
            dependencies: ["SwitchboardCore", "SwitchboardSandbox", "SwitchboardTestSupport",
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOConcurrencyHelpers", package: "swift-nio")]
        ),
        .testTarget(
            name: "SwitchboardSandboxTests",
            dependencies: ["SwitchboardSandbox", "SwitchboardCore", "SwitchboardTestSupport",
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio")]
        ),
        .testTarget(
            name: "SwitchboardConsoleTests",
            dependencies: ["SwitchboardConsole", "ConsoleKit", "SwitchboardCore", "SwitchboardSandbox", "SwitchboardTestSupport"],
            exclude: ["Snapshots"]
        ),
        .testTarget(name: "SwitchboardEndToEndTests", dependencies: ["SwitchboardCore"]),
    ],
    swiftLanguageModes: [.v6]
)
