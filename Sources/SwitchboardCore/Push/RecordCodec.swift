/// The JSON form of universal records in the journal.
enum RecordCodec {
    static func encode(_ r: UniversalRecord) -> String {
        var o = JSONObject([("object", .string(r.object.rawValue))])
        if let id = r.id { o["id"] = .string(id) }
        o["fields"] = .object(r.fields)
        return JSONWriter.compact(.object(o))
    }

    static func decode(_ text: String) -> UniversalRecord? {
        guard let v = try? JSONParser.parse(text), let kind = v["object"]?.stringValue.flatMap(UniversalObject.init(rawValue:)),
              let fields = v["fields"]?.objectValue else { return nil }
        return UniversalRecord(id: v["id"]?.stringValue, object: kind, fields: fields)
    }
}
