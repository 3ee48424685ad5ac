import Foundation
import SwitchboardCore

/// The countdown line on stderr while `auth login` waits (only when stderr is a terminal).
final class Countdown: @unchecked Sendable {
    private let lock = NSLock()
    private var timer: DispatchSourceTimer?
    private var shown = false
    private let enabled = isatty(2) == 1

    func start(until deadline: Date) {
        guard enabled else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now(), repeating: 1)
        timer.setEventHandler { [weak self] in
            let left = max(0, Int(deadline.timeIntervalSinceNow.rounded()))
            self?.draw(String(format: "\r  %d:%02d left (Ctrl-C to cancel) ", left / 60, left % 60))
        }
        lock.withLock { self.timer = timer }
        timer.resume()
    }

    private func draw(_ text: String) {
        lock.withLock {
            shown = true
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    /// Erases the countdown line before other output.
    func clear() {
        lock.withLock {
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            shown = false
        }
    }

    func stop() {
        lock.withLock {
            timer?.cancel()
            timer = nil
        }
        clear()
    }
}

/// Reads pasted redirect URLs from stdin (`auth login --paste`) and hands them to the flow.
enum PasteReader {
    static func start(flow: OAuthFlow) {
        Thread.detachNewThread {
            while let line = readLine(strippingNewline: true) {
                let text = line.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { continue }
                guard let error = flow.submitPastedURL(text) else { return }
                if case .invalidPastedURL = error {
                    warn("switchboard: \(error.description); paste it again")
                    continue
                }
                return
            }
        }
    }
}
