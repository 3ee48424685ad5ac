import Hummingbird
import NIOCore

/// The per-request context: Hummingbird's core storage plus the channel (to drop connections).
struct SandboxRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }

    /// Bodies are limited by the sandbox itself (413 in the provider's shape), not by Hummingbird.
    var maxUploadSize: Int { 64 * 1024 * 1024 }
}
