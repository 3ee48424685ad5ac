import Foundation
import SwitchboardCore
import Testing

/// The three-way compare as a table: base, ours, theirs → what happens.
@Suite("Three-way merge")
struct ThreeWayMergeTests {
    let early = Date(timeIntervalSince1970: 1_000)
    let late = Date(timeIntervalSince1970: 2_000)

    func decide(_ base: JSONValue?, _ local: JSONValue?, _ remote: JSONValue?, _ strategy: SyncStrategy = .manual,
                push: Bool = true, pull: Bool = true, localLater: Bool = false) -> FieldDecision {
        ThreeWayMerge.decide(FieldValues(base: base, local: local, remote: remote), strategy: strategy, canPush: push, canPull: pull,
                             localModified: localLater ? late : early, remoteModified: localLater ? early : late)
    }

    @Test("one side changed: take that side")
    func oneSide() {
        #expect(decide("a", "b", "a") == .pushLocal)
        #expect(decide("a", "a", "b") == .pullRemote)
        #expect(decide(nil, "b", nil) == .pushLocal)
        #expect(decide("a", nil, "a") == .pushLocal, "a cleared field is a change")
    }

    @Test("no change, or the same change on both sides: nothing to write")
    func unchanged() {
        #expect(decide("a", "a", "a") == .unchanged)
        #expect(decide("a", "b", "b") == .unchanged)
        #expect(decide("75000", .number(75000), "75000") == .unchanged, "numbers and numeric text are the same value")
        #expect(decide(" a ", "a", "a") == .unchanged)
        #expect(decide("", nil, .null) == .unchanged, "blank, null and absent are all no value")
    }

    @Test("both changed differently: the strategy decides", arguments: [
        (SyncStrategy.localWins, false, FieldDecision.pushLocal), (.remoteWins, false, .pullRemote), (.manual, false, .conflict),
        (.latestWins, false, .pullRemote), (.latestWins, true, .pushLocal),
    ])
    func strategies(_ strategy: SyncStrategy, _ localLater: Bool, _ expected: FieldDecision) {
        #expect(decide("a", "b", "c", strategy, localLater: localLater) == expected)
    }

    @Test("a field's direction is respected: push-only never pulls, pull-only never pushes")
    func directions() {
        #expect(decide("a", "a", "b", push: true, pull: false) == .unchanged)
        #expect(decide("a", "b", "a", push: false, pull: true) == .unchanged)
        #expect(decide("a", "b", "c", .remoteWins, push: true, pull: false) == .pushLocal)
        #expect(decide("a", "b", "c", .localWins, push: false, pull: true) == .pullRemote)
    }

    @Test("postal codes with a leading zero stay text")
    func leadingZero() {
        #expect(decide("02139", "2139", "02139") == .pushLocal)
    }
}
