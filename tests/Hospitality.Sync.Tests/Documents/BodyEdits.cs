using System.Text.Json.Nodes;

namespace Hospitality.Sync.Tests.Documents;

/// <summary>Changes one field of a JSON body, for tests that break a valid example in one place.</summary>
internal static class BodyEdits
{
    public static string With(string body, string field, string valueJson)
    {
        var document = JsonNode.Parse(body)!.AsObject();
        document[field] = JsonNode.Parse(valueJson);
        return document.ToJsonString();
    }

    public static string Without(string body, string field)
    {
        var document = JsonNode.Parse(body)!.AsObject();
        Assert.True(document.Remove(field), $"the example has no field '{field}'");
        return document.ToJsonString();
    }
}
