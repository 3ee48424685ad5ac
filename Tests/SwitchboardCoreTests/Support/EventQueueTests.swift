import Foundation
@testable import SwitchboardCore
import Testing

/// The one event queue behind login and push sessions.
@Suite("Event queue")
struct EventQueueTests {
    @Test("events come in order; the final one ends the queue and later ones are dropped")
    func order() async {
        let queue = EventQueue<Int>()
        queue.push(1)
        queue.push(2)
        queue.finish(with: 3)
        queue.push(4)
        var seen: [Int] = []
        while let e = await queue.next() { seen.append(e) }
        #expect(seen == [1, 2, 3])
        #expect(await queue.next() == nil)
    }

    @Test("a waiting reader gets the next event; a coalescing rule keeps only the newest snapshot")
    func waitingAndCoalescing() async {
        let queue = EventQueue<Int>(coalesce: { waiting, new in waiting < 100 && new < 100 })
        let reader = Task { await queue.next() }
        try? await Task.sleep(nanoseconds: 20_000_000)
        queue.push(7)
        #expect(await reader.value == 7)
        queue.push(1)
        queue.push(2)
        queue.push(3)
        queue.finish(with: 100)
        #expect(await queue.next() == 3)
        #expect(await queue.next() == 100)
        #expect(await queue.next() == nil)
    }
}
