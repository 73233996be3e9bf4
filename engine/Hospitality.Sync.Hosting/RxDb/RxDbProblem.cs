using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Hospitality.Sync.Hosting.RxDb;

/// <summary>
/// Why a request was refused, as the client gets it: an HTTP status, a stable code, a sentence, and
/// for a push the place of each problem (<c>[3].newDocumentState.status: …</c>).
/// </summary>
internal sealed record RxDbProblem(int Status, string Code, string Message, IReadOnlyList<string>? Details = null)
{
    /// <summary>Problems reported per refusal; the rest are counted, not listed.</summary>
    public const int DetailsMax = 20;

    public static RxDbProblem BadRequest(string message, IReadOnlyList<string>? details = null) => new(StatusCodes.Status400BadRequest, "bad-request", message, details);

    public static RxDbProblem NotFound(string message) => new(StatusCodes.Status404NotFound, "not-found", message);

    public async Task WriteAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = Status;
        if (Status == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Bearer";
        }

        response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(response.Body);
        writer.WriteStartObject();
        writer.WriteString("error", Code);
        writer.WriteString("message", Message);
        if (Details is { Count: > 0 })
        {
            writer.WriteStartArray("details");
            foreach (var detail in Details.Take(DetailsMax))
            {
                writer.WriteStringValue(detail);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }
}
