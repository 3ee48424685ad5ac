import Foundation
import SwitchboardCore

/// What a handler answers: status, headers and body, or a dropped connection.
struct SandboxReply: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: Data
    /// Close the connection without answering (the fault "dropped after commit").
    var dropConnection = false

    init(status: Int, headers: [(String, String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON body.
    static func json(_ status: Int, _ value: JSONValue, headers: [(String, String)] = []) -> SandboxReply {
        SandboxReply(status: status, headers: [("Content-Type", "application/json;charset=utf-8")] + headers,
                     body: Data(JSONWriter.compact(value).utf8))
    }

    /// An HTML page.
    static func html(_ status: Int, _ page: String) -> SandboxReply {
        SandboxReply(status: status, headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")], body: Data(page.utf8))
    }

    /// A redirect.
    static func redirect(to location: String) -> SandboxReply {
        SandboxReply(status: 302, headers: [("Location", location), ("Cache-Control", "no-store")])
    }

    /// An empty 204.
    static let noContent = SandboxReply(status: 204)

    /// Adds a header.
    func adding(_ name: String, _ value: String) -> SandboxReply {
        var copy = self
        copy.headers.append((name, value))
        return copy
    }
}
