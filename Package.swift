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
    ],
    targets: [
        // The domain: catalog, schema, auth, mapping, push, sync, store. Knows nothing of terminals.
        .target(
            name: "SwitchboardCore",
            resources: [.copy("Resources/connectors")]
        ),
        // The pure terminal toolkit: cells, buffers, widgets, themes, the program loop. Foundation only.
        .target(name: "ConsoleKit"),
        // The only module that sees ncurses.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .target(name: "NcursesBackend", dependencies: ["ConsoleKit", "CNcursesw"]),
        // The local strict CRM + OAuth provider (its own issue builds it out).
        .target(name: "SwitchboardSandbox", dependencies: ["SwitchboardCore"]),
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
            dependencies: ["ConsoleKit", "SwitchboardCore", "SwitchboardConsole"]
        ),
        .testTarget(name: "ConsoleKitTests", dependencies: ["ConsoleKit"]),
        .testTarget(name: "SwitchboardCoreTests", dependencies: ["SwitchboardCore"]),
        .testTarget(
            name: "SwitchboardConsoleTests",
            dependencies: ["SwitchboardConsole", "ConsoleKit", "SwitchboardCore"]
        ),
        .testTarget(name: "SwitchboardEndToEndTests", dependencies: ["SwitchboardCore"]),
    ],
    swiftLanguageModes: [.v6]
)
