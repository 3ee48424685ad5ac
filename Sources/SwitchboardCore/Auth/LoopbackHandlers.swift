import Foundation
import NIOCore
import NIOHTTP1

/// A small HTML answer to the browser.
struct CallbackReply {
    var status: Int
    var html: String

    static func page(_ status: Int, _ title: String, _ message: String) -> CallbackReply {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let html = """
            <!doctype html><html><head><meta charset="utf-8"><title>Switchboard: \(escape(title))</title></head>
            <body style="font-family:sans-serif;max-width:40em;margin:3em auto"><h1>\(escape(title))</h1><p>\(escape(message))</p></body></html>
            """
        return CallbackReply(status: status, html: html)
    }
}

/// First in every connection's pipeline: closes it at its deadline and answers 431 past the size limit.
final class ConnectionGuard: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let limits: LoopbackListener.Limits
    private let onNotice: @Sendable (String) -> Void
    private var received = 0
    private var tripped = false
    private var deadline: Scheduled<Void>?

    init(limits: LoopbackListener.Limits, onNotice: @escaping @Sendable (String) -> Void) {
        self.limits = limits
        self.onNotice = onNotice
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        let notice = onNotice
        let seconds = limits.connectionDeadline
        deadline = context.eventLoop.scheduleTask(in: .milliseconds(Int64(seconds * 1000))) {
            if channel.isActive {
                notice("Closed a connection that sent no complete request within \(Self.format(seconds)) s")
                channel.close(promise: nil)
            }
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) { deadline?.cancel() }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !tripped else { return }
        let buffer = unwrapInboundIn(data)
        received += buffer.readableBytes
        if received > limits.maxRequestBytes {
            tripped = true
            onNotice("Refused an oversized request (more than \(limits.maxRequestBytes) bytes)")
            let body = "Request too large.\n"
            let raw = "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            let channel = context.channel
            context.writeAndFlush(wrapInboundOut(context.channel.allocator.buffer(string: raw))).whenComplete { _ in
                channel.close(promise: nil)
            }
            return
        }
        context.fireChannelRead(data)
    }

    static func format(_ seconds: TimeInterval) -> String {
        seconds.rounded() == seconds ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }
}

/// Turns one decoded HTTP request into a callback decision or a refusal, answers, and closes.
final class CallbackRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let shared: ListenerShared
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    private var answered = false

    init(shared: ListenerShared) { self.shared = shared }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let head else { return }
            answered = true
            respond(context: context, reply: decide(head))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !answered else { context.close(promise: nil); return }
        answered = true
        shared.onNotice("Refused a malformed request")
        respond(context: context, reply: .page(400, "Bad request", "This address only accepts the OAuth callback."))
    }

    private func decide(_ head: HTTPRequestHead) -> CallbackReply {
        let target = head.uri
        let path = String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        let query = target.contains("?") ? String(target[target.index(after: target.firstIndex(of: "?")!)...]) : ""
        guard path == shared.path else {
            shared.onNotice("Refused \(head.method.rawValue) \(String(path.prefix(80))): not the callback path \(shared.path)")
            return .page(404, "Not found", "This address only serves the OAuth callback.")
        }
        guard head.method == shared.method else {
            shared.onNotice("Refused \(head.method.rawValue) \(shared.path): the callback must use \(shared.method.rawValue)")
            return .page(405, "Method not allowed", "The callback must use \(shared.method.rawValue).")
        }
        var parameters: [(String, String)]
        if shared.method == .POST {
            let type = head.headers.first(name: "content-type")?.lowercased() ?? ""
            guard type.hasPrefix("application/x-www-form-urlencoded") else {
                shared.onNotice("Refused POST \(shared.path): not a form")
                return .page(415, "Unsupported", "The callback must be an HTML form post.")
            }
            parameters = FormEncoding.decode(String(buffer: body))
        } else {
            parameters = FormEncoding.decode(query)
        }
        parameters = parameters.filter { !$0.0.isEmpty }
        return shared.handleCallback(parameters)
    }

    private func respond(context: ChannelHandlerContext, reply: CallbackReply) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/html; charset=utf-8")
        headers.add(name: "Content-Length", value: String(reply.html.utf8.count))
        headers.add(name: "Connection", value: "close")
        headers.add(name: "Cache-Control", value: "no-store")
        headers.add(name: "Referrer-Policy", value: "no-referrer")
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: reply.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: reply.html)))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
