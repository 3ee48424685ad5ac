import Foundation

/// Opens URLs in the user's browser with `xdg-open`, only when there is a display.
public struct BrowserOpener: Sendable {
    /// Opens a URL; returns nil on success or why it did not.
    public var open: @Sendable (String) -> String?

    /// An opener from a closure (tests).
    public init(open: @escaping @Sendable (String) -> String?) { self.open = open }

    /// Never opens anything (`--no-browser`).
    public static let disabled = BrowserOpener { _ in "--no-browser" }

    /// `xdg-open URL` when `DISPLAY` or `WAYLAND_DISPLAY` is set.
    public static func xdgOpen(environment: [String: String] = ProcessInfo.processInfo.environment) -> BrowserOpener {
        BrowserOpener { url in
            let hasDisplay = [environment["DISPLAY"], environment["WAYLAND_DISPLAY"]].contains { ($0 ?? "").isEmpty == false }
            guard hasDisplay else { return "no DISPLAY" }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["xdg-open", url]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            do { try process.run() } catch { return "xdg-open failed: \(error.localizedDescription)" }
            Thread.detachNewThread { process.waitUntilExit() }
            return nil
        }
    }
}
