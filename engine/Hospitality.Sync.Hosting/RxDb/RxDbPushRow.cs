namespace Hospitality.Sync.Hosting.RxDb;

/// <summary>One row of an RxDB push: the master state the client last saw (null: it believes the document new) and its new state.</summary>
internal sealed record RxDbPushRow(RxDbState? AssumedMasterState, RxDbState NewDocumentState);
