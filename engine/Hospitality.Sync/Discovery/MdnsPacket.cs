namespace Hospitality.Sync.Discovery;

/// <summary>
/// An mDNS message: a query (questions, known answers in <see cref="Answers"/>, a probe's proposed
/// records in <see cref="Authorities"/>) or a response (answers plus additional records).
/// </summary>
internal sealed record MdnsPacket(bool IsResponse, IReadOnlyList<MdnsQuestion> Questions, IReadOnlyList<MdnsRecord> Answers)
{
    public IReadOnlyList<MdnsRecord> Authorities { get; init; } = [];

    public IReadOnlyList<MdnsRecord> Additionals { get; init; } = [];

    public bool IsProbe => !IsResponse && Authorities.Count > 0;

    public static MdnsPacket Query(IReadOnlyList<MdnsQuestion> questions, IReadOnlyList<MdnsRecord> knownAnswers) => new(false, questions, knownAnswers);

    public static MdnsPacket Response(IReadOnlyList<MdnsRecord> answers, IReadOnlyList<MdnsRecord> additionals) => new(true, [], answers) { Additionals = additionals };

    /// <summary>Answers and additional records together: what a receiver caches.</summary>
    public IEnumerable<MdnsRecord> AllRecords => Answers.Concat(Additionals);
}
