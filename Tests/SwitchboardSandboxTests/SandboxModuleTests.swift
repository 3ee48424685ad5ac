import Testing
@Suite("Sandbox module") struct SandboxModuleTests {}
