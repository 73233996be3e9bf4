using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>A replicator's connection to its upstream: requests matched to answers by id, events in between, and every way it ends.</summary>
public sealed class UpstreamSessionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ScriptedConnection _upstream = new();

    [Fact]
    public async Task Answers_complete_their_requests_by_id_and_events_go_to_the_handler_in_between()
    {
        var session = new UpstreamSession(_upstream, TimeProvider.System, Patience);
        var events = new List<ProtocolMessage>();
        var receiving = session.ReceiveAsync(message => { events.Add(message); return Task.CompletedTask; }, CancellationToken.None);

        var first = session.RequestAsync<PullResponse>(id => new PullRequest(id, 0, 10), CancellationToken.None);
        var second = session.RequestAsync<HealthResponse>(id => new HealthRequest(id), CancellationToken.None);
        _upstream.Deliver(new ChangeEvent(7, [], 3));
        _upstream.Deliver(new ResyncEvent(7));
        _upstream.Deliver(new HealthResponse(2, "ok", 12));
        _upstream.Deliver(new PullResponse(1, [], 3));

        Assert.Equal(3, (await first).Checkpoint);
        Assert.Equal(12, (await second).LastSequence);
        Assert.Equal([1L, 2L], _upstream.SentMessages.Select(message => message.RequestId));
        Assert.Equal([typeof(ChangeEvent), typeof(ResyncEvent)], events.Select(message => message.GetType()));
        _upstream.EndFromPeer();
        await Assert.ThrowsAsync<NetworkConnectionException>(() => receiving);
    }

    [Fact]
    public async Task An_error_answer_fails_the_request_with_its_code_and_message()
    {
        var session = Answered(request => new ErrorResponse(request.RequestId, "busy", "try later"));

        var error = await Assert.ThrowsAsync<ProtocolViolationException>(() => session.RequestAsync<PullResponse>(id => new PullRequest(id, 0, 10), CancellationToken.None));

        Assert.Contains("request 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("busy: try later", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_of_another_kind_fails_the_request_naming_both_kinds()
    {
        var session = Answered(request => new HealthResponse(request.RequestId, "ok", 0));

        var error = await Assert.ThrowsAsync<ProtocolViolationException>(() => session.RequestAsync<PullResponse>(id => new PullRequest(id, 0, 10), CancellationToken.None));

        Assert.Contains("expected PullResponse, got HealthResponse", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_to_no_pending_request_ends_the_session_and_fails_what_waits()
    {
        var session = new UpstreamSession(_upstream, TimeProvider.System, Patience);
        var receiving = session.ReceiveAsync(_ => Task.CompletedTask, CancellationToken.None);
        var waiting = session.RequestAsync<PullResponse>(id => new PullRequest(id, 0, 10), CancellationToken.None);

        _upstream.Deliver(new PullResponse(99, [], 0));

        var error = await Assert.ThrowsAsync<ProtocolViolationException>(() => receiving);
        Assert.Contains("request 99", error.Message, StringComparison.Ordinal);
        Assert.Same(error, await Assert.ThrowsAsync<ProtocolViolationException>(() => waiting));
    }

    [Fact]
    public async Task An_undecodable_frame_ends_the_session_saying_why()
    {
        var session = new UpstreamSession(_upstream, TimeProvider.System, Patience);
        var receiving = session.ReceiveAsync(_ => Task.CompletedTask, CancellationToken.None);

        _upstream.Deliver([0x7f, 1, 2, 3]);

        var error = await Assert.ThrowsAsync<ProtocolViolationException>(() => receiving);
        Assert.Contains("undecodable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_upstream_closing_ends_the_session_as_a_reset_and_fails_what_waits()
    {
        var session = new UpstreamSession(_upstream, TimeProvider.System, Patience);
        var receiving = session.ReceiveAsync(_ => Task.CompletedTask, CancellationToken.None);
        var waiting = session.RequestAsync<PullResponse>(id => new PullRequest(id, 0, 10), CancellationToken.None);

        _upstream.EndFromPeer();

        var error = await Assert.ThrowsAsync<NetworkConnectionException>(() => receiving);
        Assert.Equal(ConnectionFailure.Reset, error.Failure);
        Assert.Equal("the upstream closed the connection", error.Message);
        Assert.Same(error, await Assert.ThrowsAsync<NetworkConnectionException>(() => waiting));
    }

    [Fact]
    public async Task A_request_without_an_answer_times_out_as_a_dead_connection()
    {
        var session = new UpstreamSession(_upstream, TimeProvider.System, Patience);

        var error = await Assert.ThrowsAsync<NetworkConnectionException>(() =>
            session.RequestAsync<HealthResponse>(id => new HealthRequest(id), CancellationToken.None, TimeSpan.FromMilliseconds(100)));

        Assert.Equal(ConnectionFailure.TimedOut, error.Failure);
        Assert.Equal("request 1 got no answer within 0.1 s", error.Message);
    }

    [Fact]
    public async Task An_answer_that_arrives_after_its_request_timed_out_ends_the_session()
    {
        var session = new UpstreamSession(_upstream, TimeProvider.System, Patience);
        var receiving = session.ReceiveAsync(_ => Task.CompletedTask, CancellationToken.None);
        await Assert.ThrowsAsync<NetworkConnectionException>(() =>
            session.RequestAsync<HealthResponse>(id => new HealthRequest(id), CancellationToken.None, TimeSpan.FromMilliseconds(50)));

        _upstream.Deliver(new HealthResponse(1, "ok", 0));
        _upstream.EndFromPeer();

        var error = await Assert.ThrowsAsync<ProtocolViolationException>(() => receiving);
        Assert.Contains("request 1, which is not pending", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hello_offers_the_wanted_compression_and_uses_it_only_if_the_upstream_agrees()
    {
        var agreeing = Answered(_ => new HelloResponse(0, WireCompression.Brotli, "hotel-1", Delta: true));

        Assert.Equal(WireCompression.Brotli, await agreeing.HelloAsync(WireCompression.Brotli, "token", "hotel-1", delta: true, beacon: null, pushDelta: false, CancellationToken.None));

        Assert.Equal(WireCompression.Brotli, agreeing.Compression);
        var hello = Assert.IsType<HelloRequest>(_upstream.SentMessages.Single());
        Assert.Equal([WireCompression.Brotli], hello.Compression);
        Assert.Equal(("token", "hotel-1", true), (hello.AccessToken, hello.Property, hello.Delta));
    }

    [Theory]
    [InlineData("deflate")]
    [InlineData("version-1")]
    public async Task A_hello_the_upstream_does_not_agree_to_leaves_the_session_plain(string upstream)
    {
        var session = Answered(_ => upstream == "deflate"
            ? new HelloResponse(0, WireCompression.Deflate)
            : new ErrorResponse(0, "unexpected", "HelloRequest is not a request this server answers here."));

        Assert.Equal(WireCompression.None, await session.HelloAsync(WireCompression.Brotli, null, null, delta: false, beacon: null, pushDelta: false, CancellationToken.None));

        Assert.Equal(WireCompression.None, session.Compression);
    }

    [Fact]
    public async Task A_hello_that_wants_no_compression_offers_none()
    {
        var session = Answered(_ => new HelloResponse(0, WireCompression.None, "hotel-1"));

        await session.HelloAsync(WireCompression.None, "token", "hotel-1", delta: false, beacon: null, pushDelta: false, CancellationToken.None);

        Assert.Empty(Assert.IsType<HelloRequest>(_upstream.SentMessages.Single()).Compression);
        Assert.Equal(ProtocolCodec.Encode(new HelloRequest(0, [], "token", "hotel-1")), _upstream.Sent.Single()); // not even "none"
    }

    [Theory]
    [InlineData("unauthorized", "refused access: expired")]
    [InlineData("scope", "refused the scope: expired")]
    public async Task A_refused_hello_ends_the_session_saying_what_was_refused(string code, string expected)
    {
        var session = Answered(_ => new ErrorResponse(0, code, "expired"));

        var error = await Assert.ThrowsAsync<ProtocolViolationException>(() => session.HelloAsync(WireCompression.None, "token", "hotel-1", delta: false, beacon: null, pushDelta: false, CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_an_agreed_hello_requests_go_compressed()
    {
        var session = Answered(request => request is HelloRequest ? new HelloResponse(0, WireCompression.Deflate) : null);
        await session.HelloAsync(WireCompression.Deflate, null, null, delta: false, beacon: null, pushDelta: false, CancellationToken.None);
        var rows = Enumerable.Range(0, 40).Select(i => new PushRow(null, PushedRoom(i))).ToList();

        session.Send(new PushRequest(1, rows), CancellationToken.None);

        var frame = _upstream.Sent[^1];
        Assert.True(FrameCompression.IsCompressed(frame));
        Assert.Equal(new PushRequest(1, rows).Rows.Count, Assert.IsType<PushRequest>(ProtocolCodec.Decode(frame).Message).Rows.Count);
    }

    // A session whose receive loop runs, and whose upstream answers each request with answer(request).
    private UpstreamSession Answered(Func<ProtocolMessage, ProtocolMessage?> answer)
    {
        _upstream.Answer = answer;
        var session = new UpstreamSession(_upstream, TimeProvider.System, Patience);
        _ = session.ReceiveAsync(_ => Task.CompletedTask, CancellationToken.None);
        return session;
    }

    private static Hospitality.Sync.Documents.Document PushedRoom(int i) =>
        new("rooms", $"room-{i}", $$"""{"id":"room-{{i}}","number":"{{i}}","floor":1,"type":"standard","status":"clean"}""", new Hospitality.Sync.Clock.HlcTimestamp(1_000 + i, 0, "tablet-1"), false, "tablet-1");
}
