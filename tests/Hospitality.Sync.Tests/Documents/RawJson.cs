namespace Hospitality.Sync.Tests.Documents;

/// <summary>A value written into a generated body exactly as given: <c>{}</c>, <c>1.5</c>, <c>"12"</c>.</summary>
internal readonly record struct RawJson(string Text)
{
    public override string ToString() => Text;
}
