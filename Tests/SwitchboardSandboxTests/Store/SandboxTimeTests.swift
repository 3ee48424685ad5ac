import Testing
@testable import SwitchboardSandbox

@Suite("Provider time formats")
struct SandboxTimeTests {
    @Test("HubSpot and Salesforce formats, and parsing them back")
    func formats() {
        #expect(SandboxTime.iso(0) == "1970-01-01T00:00:00.000Z")
        #expect(SandboxTime.iso(1_764_577_384_007) == "2025-12-01T08:23:04.007Z")
        #expect(SandboxTime.salesforce(1_764_577_384_007) == "2025-12-01T08:23:04.007+0000")
        #expect(SandboxTime.parseMs("2025-12-01T08:23:04.007Z") == 1_764_577_384_007)
        #expect(SandboxTime.parseMs("2025-12-01T09:23:04.007+01:00") == 1_764_577_384_007)
        #expect(SandboxTime.parseMs("2025-12-01T08:23:04.007+0000") == 1_764_577_384_007)
        #expect(SandboxTime.parseMs("1764577384007") == 1_764_577_384_007)
        #expect(SandboxTime.parseMs("2025-12-01") == 1_764_547_200_000)
        #expect(SandboxTime.parseMs("yesterday") == nil)
        #expect(SandboxTime.parseISO("2025-13-01") == nil)
    }
}
