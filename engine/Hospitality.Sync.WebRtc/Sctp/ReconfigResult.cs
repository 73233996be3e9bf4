namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>The result field of a Re-configuration Response (RFC 6525 section 4.4).</summary>
internal enum ReconfigResult : uint
{
    SuccessNothingToDo = 0,
    SuccessPerformed = 1,
    Denied = 2,
    ErrorWrongSsn = 3,
    ErrorRequestAlreadyInProgress = 4,
    ErrorBadSequenceNumber = 5,
    InProgress = 6,
}
