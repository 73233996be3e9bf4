using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hospitality.Sync.Hosting.RxDb;

/// <summary>
/// The three RxDB routes. Each request is admitted (property, token, collection) before anything is
/// read; a refused one gets a 4xx with a sentence saying why and leaves the store as it was.
/// </summary>
internal sealed class RxDbHandlers
{
    /// <summary>The batch RxDB asks for when a pull names no limit.</summary>
    private const int PullLimitDefault = 100;

    /// <summary>Documents per stream event: a backlog goes out as several.</summary>
    private const int StreamPageDocuments = 200;

    // Longer than any sensible token's life; CancellationTokenSource timers stop at about 49 days.
    private static readonly TimeSpan StreamLifeMax = TimeSpan.FromDays(30);

    private static readonly byte[] ResyncEvent = "data: \"RESYNC\"\n\n"u8.ToArray();
    private static readonly byte[] KeepAliveComment = ": keep-alive\n\n"u8.ToArray();

    private readonly RxDbReplicationOptions _options;
    private readonly HashSet<string> _collections;
    private readonly string _collectionList;
    private int _streams;

    public RxDbHandlers(RxDbReplicationOptions options)
    {
        _options = options;
        _collections = options.Validator.Collections.Select(collection => collection.Name).ToHashSet(StringComparer.Ordinal);
        _collectionList = string.Join(", ", _collections);
    }

    public async Task PullAsync(HttpContext context)
    {
        var cancellation = context.RequestAborted;
        var refused = Admit(context, tokenInQuery: false, out var admission);
        var badCheckpoint = QueryNumber(context, "checkpoint", 0, long.MaxValue, 0, out var checkpoint);
        var badLimit = QueryNumber(context, "limit", 1, _options.PullLimitMax, PullLimitDefault, out var limit);
        if ((refused ?? badCheckpoint ?? badLimit) is { } problem)
        {
            await problem.WriteAsync(context.Response, cancellation);
            return;
        }

        var (documents, next) = await admission!.Property.Replica.RunAsync(replica => RxDbFeed.Page(replica, admission.Collection, new RxDbCheckpoint(checkpoint), (int)limit), cancellation);
        await WriteJsonAsync(context.Response, writer => RxDbDocumentWriter.WriteBatch(writer, documents, next), cancellation);
    }

    public async Task PushAsync(HttpContext context)
    {
        var cancellation = context.RequestAborted;
        if (Admit(context, tokenInQuery: false, out var admission) is { } refused)
        {
            await refused.WriteAsync(context.Response, cancellation);
            return;
        }

        var body = await ReadBodyAsync(context.Request, cancellation);
        if (body is null)
        {
            await new RxDbProblem(StatusCodes.Status413PayloadTooLarge, "too-large", $"a push body is at most {_options.PushBodyMaxBytes} bytes; nothing was stored").WriteAsync(context.Response, cancellation);
            return;
        }

        var (rows, malformed) = RxDbPushParser.Parse(body.Value, _options.PushRowsMax);
        var now = _options.Time.GetUtcNow().ToUnixTimeMilliseconds();
        if ((malformed ?? Check(rows, admission!, now)) is { } problem)
        {
            await problem.WriteAsync(context.Response, cancellation);
            return;
        }

        var conflicts = await admission!.Property.Replica.RunAsync(
            replica => RxDbPush.Apply(replica, admission.Collection, rows, admission.Grant, now, _options.QueuePushesForUpstream),
            cancellation);
        await WriteJsonAsync(context.Response, writer => RxDbDocumentWriter.WriteDocuments(writer, null, conflicts), cancellation);
    }

    public async Task StreamAsync(HttpContext context)
    {
        var requestEnd = context.RequestAborted;

        // Without a checkpoint (-1) the stream starts at the newest change.
        var refused = Admit(context, tokenInQuery: true, out var admission);
        var badCheckpoint = QueryNumber(context, "checkpoint", 0, long.MaxValue, -1, out var checkpoint);
        if ((refused ?? badCheckpoint) is { } problem)
        {
            await problem.WriteAsync(context.Response, requestEnd);
            return;
        }

        if (Interlocked.Increment(ref _streams) > _options.StreamsMax)
        {
            Interlocked.Decrement(ref _streams);
            await new RxDbProblem(StatusCodes.Status503ServiceUnavailable, "busy", $"this server streams to at most {_options.StreamsMax} clients at once; try again later").WriteAsync(context.Response, requestEnd);
            return;
        }

        // The stream ends when the client goes, the host stops, or the token expires: the client then
        // reconnects with a fresh token, and a refused one gets its 401 like any request.
        var life = admission!.Grant.ExpiresAt - _options.Time.GetUtcNow();
        using var expiry = new CancellationTokenSource(TimeSpan.FromTicks(Math.Clamp(life.Ticks, TimeSpan.TicksPerMillisecond, StreamLifeMax.Ticks)), _options.Time);
        var stopping = context.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var end = CancellationTokenSource.CreateLinkedTokenSource(requestEnd, expiry.Token, stopping);
        var wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        void OnChanged(IReadOnlyList<StoredChange> changes) => wake.Writer.TryWrite(true);
        var replica = admission.Property.Replica;
        replica.Replica.Changed += OnChanged;
        try
        {
            await StreamChangesAsync(context.Response, admission, checkpoint, wake.Reader, end.Token);
        }
        catch (OperationCanceledException) when (end.IsCancellationRequested)
        {
        }
        finally
        {
            replica.Replica.Changed -= OnChanged;
            Interlocked.Decrement(ref _streams);
        }
    }

    private async Task StreamChangesAsync(HttpResponse response, RxDbAdmission admission, long checkpoint, ChannelReader<bool> wake, CancellationToken end)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";

        // Without a checkpoint the stream starts at the newest change and says RESYNC at once: the
        // client pulls by checkpoint up to there, so no change between its last pull and this
        // connection is lost (RxDB's own advice for a stream that (re)connects).
        var replica = admission.Property.Replica;
        var at = new RxDbCheckpoint(checkpoint >= 0 ? checkpoint : await replica.RunAsync(r => r.Store.LastSequence, end));
        if (checkpoint < 0)
        {
            await response.Body.WriteAsync(ResyncEvent, end);
        }

        await response.Body.FlushAsync(end);
        while (true)
        {
            var from = at;
            var (documents, next) = await replica.RunAsync(
                r => r.Store.LastSequence - from.Sequence > _options.StreamBacklogMax
                    ? (null, new RxDbCheckpoint(r.Store.LastSequence))
                    : RxDbFeed.Page(r, admission.Collection, from, StreamPageDocuments),
                end);
            at = next;
            if (documents is null)
            {
                await response.Body.WriteAsync(ResyncEvent, end);
            }
            else if (documents.Count > 0)
            {
                await WriteEventAsync(response, documents, next, end);
                continue;
            }
            else if (next != from)
            {
                continue;
            }

            await response.Body.FlushAsync(end);
            await WaitAsync(wake, response, end);
        }
    }

    private async Task WaitAsync(ChannelReader<bool> wake, HttpResponse response, CancellationToken end)
    {
        using var keepAlive = new CancellationTokenSource(_options.StreamKeepAlive, _options.Time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(end, keepAlive.Token);
        try
        {
            await wake.ReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!end.IsCancellationRequested)
        {
            await response.Body.WriteAsync(KeepAliveComment, end);
            await response.Body.FlushAsync(end);
        }
    }

    private static async Task WriteEventAsync(HttpResponse response, IReadOnlyList<Document> documents, RxDbCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("data: "u8);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            RxDbDocumentWriter.WriteBatch(writer, documents, checkpoint);
        }

        buffer.Write("\n\n"u8);
        await response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>Why the request may not go on, or null with what it may use.</summary>
    private RxDbProblem? Admit(HttpContext context, bool tokenInQuery, out RxDbAdmission? admission)
    {
        admission = null;
        var propertyName = context.Request.RouteValues["property"] as string ?? string.Empty;
        var collection = context.Request.RouteValues["collection"] as string ?? string.Empty;
        if (_options.FindProperty(propertyName) is not { } property)
        {
            return RxDbProblem.NotFound($"property '{Excerpt(propertyName)}' is not served here");
        }

        var decision = property.Access.Authorize(BearerToken(context.Request, tokenInQuery));
        if (decision.Grant is not { } grant)
        {
            return decision.IsForbidden
                ? new RxDbProblem(StatusCodes.Status403Forbidden, "forbidden", decision.Refusal!)
                : new RxDbProblem(StatusCodes.Status401Unauthorized, "unauthorized", decision.Refusal!);
        }

        // Only an admitted client learns which collections there are.
        if (!_collections.Contains(collection))
        {
            return RxDbProblem.NotFound($"collection '{Excerpt(collection)}' is unknown; the collections are {_collectionList}");
        }

        admission = new RxDbAdmission(property, collection, grant);
        return null;
    }

    /// <summary>Schema and clock checks of every pushed state, before any of them is stored.</summary>
    private RxDbProblem? Check(IReadOnlyList<RxDbPushRow> rows, RxDbAdmission admission, long nowMilliseconds)
    {
        var errors = new List<string>();
        var latest = nowMilliseconds + (long)_options.ClockAheadMax.TotalMilliseconds;
        var placeholder = new HlcTimestamp(0, 0, admission.Grant.Device);
        for (var index = 0; index < rows.Count; index++)
        {
            var state = rows[index].NewDocumentState;
            var validation = _options.Validator.Validate(new Document(admission.Collection, state.Id, state.BodyJson, placeholder, state.Deleted, admission.Grant.Device));
            errors.AddRange(validation.Errors.Select(error => $"[{index}].newDocumentState{(error.Path.Length == 0 ? string.Empty : ".")}{error}"));
            if (state.UpdatedAtMilliseconds is { } at && (at < 0 || at > latest))
            {
                errors.Add($"[{index}].newDocumentState.updatedAt: {DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(at, -62_135_596_800_000, 253_402_300_799_999)):O} is not between 1970 and {_options.ClockAheadMax.TotalSeconds:0} s past the server's clock");
            }
        }

        return errors.Count == 0
            ? null
            : new RxDbProblem(StatusCodes.Status422UnprocessableEntity, "invalid-document", $"{errors.Count} problem(s) with the pushed documents; nothing was stored", errors);
    }

    private static string? BearerToken(HttpRequest request, bool tokenInQuery)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return tokenInQuery && request.Query.TryGetValue("access_token", out var token) && token.Count == 1 ? token[0] : null;
    }

    private static RxDbProblem? QueryNumber(HttpContext context, string name, long min, long max, long absent, out long value)
    {
        value = absent;
        if (!context.Request.Query.TryGetValue(name, out var given))
        {
            return null;
        }

        if (given.Count != 1 || !long.TryParse(given[0], NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            value = absent;
            return RxDbProblem.BadRequest($"'{name}' is one whole number from {min} to {max}; got '{Excerpt(given.ToString())}'");
        }

        return null;
    }

    /// <summary>The body, or null past the limit; the declared length is checked first, then what actually arrives.</summary>
    private async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = _options.PushBodyMaxBytes;
        if (request.ContentLength > limit)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var read = await request.Body.ReadAsync(buffer.GetMemory(64 * 1024), cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenMemory;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                return null;
            }
        }
    }

    private static async Task WriteJsonAsync(HttpResponse response, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        response.ContentType = "application/json; charset=utf-8";
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        await response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken);
    }

    /// <summary>Input echoed in a message, cut short: a refusal must not become a way to reflect megabytes.</summary>
    private static string Excerpt(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");
}
