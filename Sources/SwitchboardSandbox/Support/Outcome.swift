/// A success or a failure whose failure need not be an `Error` (a reply, a list of problems).
enum Outcome<Success, Failure> {
    case success(Success)
    case failure(Failure)

    /// The success value, if any.
    var value: Success? { if case .success(let v) = self { return v }; return nil }

    /// Transforms the success value.
    func map<T>(_ transform: (Success) -> T) -> Outcome<T, Failure> {
        switch self {
        case .success(let v): return .success(transform(v))
        case .failure(let e): return .failure(e)
        }
    }
}

extension Outcome: Sendable where Success: Sendable, Failure: Sendable {}

import SwitchboardCore

/// A `JSONObject` from a dictionary literal, keeping the literal's key order.
func jsonObject(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONObject {
    var o = JSONObject()
    for (k, v) in pairs { o[k] = v }
    return o
}
