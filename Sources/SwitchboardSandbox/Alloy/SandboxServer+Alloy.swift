import Foundation

extension SandboxServer {
    /// The API key the sandbox's Alloy API accepts (documented; not a secret).
    public static var alloyAPIKey: String { AlloyBook.demoAPIKey }

    /// Where the sandbox's Alloy Connectivity API lives: `http://127.0.0.1:PORT/alloy`.
    public nonisolated var alloyBaseURL: URL { baseURL.appendingPathComponent("alloy") }
}
