extension ConnectorManifest {
    /// The activity types a person can log: note, task, call, meeting, email.
    public static let activityTypes = ["call", "note", "task", "meeting", "email"]

    /// The single-record create action that logs an activity of `type` (`call`, `note`, …): the
    /// one named for it (HubSpot's `createCall`, Zoho's `createCall`), else the CRM's one activity
    /// action (Pipedrive's and Copper's `createActivity`, which take the type), else its tasks
    /// (Salesforce's `createTask`, whose subtype says call or email).
    public func activityAction(for type: String) -> ActionSpec? {
        let creates = actions(for: .activity, .create).filter { !$0.isBatch }
        let word = type.lowercased()
        return creates.first { $0.id.lowercased() == "create" + word }
            ?? creates.first { $0.id.lowercased() == "createactivity" }
            ?? creates.first { $0.id.lowercased() == "createtask" }
            ?? creates.first
    }
}
