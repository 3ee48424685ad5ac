import Foundation
@testable import SwitchboardCore
import Testing

@Suite("A request as curl")
struct CurlTests {
    let request = PreparedRequest(method: "POST", url: "https://api.example.com/crm/v3/objects/contacts",
                                  headers: [NameValue("Authorization", "Bearer pat-na1-secret-token"), NameValue("Content-Type", "application/json")],
                                  body: .object(JSONObject([("properties", .object(JSONObject([("firstname", .string("O'Brien"))])))])),
                                  mappingIssues: [], violations: [])

    @Test("the token is redacted unless asked, the scheme kept; quotes survive a POSIX shell")
    func curl() {
        let line = request.curl()
        #expect(line.hasPrefix("curl -X POST 'https://api.example.com/crm/v3/objects/contacts'"))
        #expect(line.contains("-H 'Authorization: Bearer <redacted>'") && !line.contains("secret"))
        #expect(line.contains("-H 'Content-Type: application/json'"))
        #expect(line.contains(#"--data-raw '{"properties":{"firstname":"O'\''Brien"}}'"#), "\(line)")
        #expect(request.curl(redactingToken: false).contains("Bearer pat-na1-secret-token"))
    }
}
