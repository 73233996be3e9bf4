using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Hospitality.Sync.Hosting.Randomness;
using Hospitality.Sync.Hosting.WebRtc;
using Hospitality.Sync.WebRtc;
using Hospitality.Sync.WebRtc.DataChannels;
using Xunit.Abstractions;

namespace Hospitality.Sync.Hosting.Tests.WebRtc;

/// <summary>
/// Two <see cref="RtcPeerConnection"/>s on real UDP sockets on 127.0.0.1 with BouncyCastle's DTLS,
/// the OS clock and OS randomness: what the simulator's DTLS model stands in for, proved for real.
/// Timeouts are generous (this machine is shared); speed is reported, never asserted.
/// </summary>
public sealed class LoopbackPeerConnectionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_channel_opens_over_real_dtls_carries_text_both_ways_and_a_megabyte_then_closes()
    {
        await using var a = Create(maxMessageBytes: 2 * 1024 * 1024);
        await using var b = Create(maxMessageBytes: 2 * 1024 * 1024);
        var large = RandomNumberGenerator.GetBytes(1024 * 1024);
        var fromA = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var largeAtB = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var fromB = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var closedAtB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.ConnectionStateChanged += state =>
        {
            if (state == RtcPeerConnectionState.Connected)
            {
                connected.TrySetResult();
            }
        };

        var channel = a.CreateDataChannel("sync");
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Opened += _ => opened.TrySetResult();
        channel.MessageReceived += message => fromB.TrySetResult(Encoding.UTF8.GetString(message.Data));
        b.DataChannel += remote =>
        {
            remote.Closed += _ => closedAtB.TrySetResult();
            remote.MessageReceived += message =>
            {
                if (message.IsText)
                {
                    fromA.TrySetResult(Encoding.UTF8.GetString(message.Data));
                    remote.Send("hello from b");
                }
                else
                {
                    largeAtB.TrySetResult(message.Data);
                }
            };
        };

        var started = Stopwatch.StartNew();
        await Signal(a, b);
        await connected.Task.WaitAsync(Patience);
        output.WriteLine($"ICE + DTLS connected after {started.ElapsedMilliseconds} ms");
        await opened.Task.WaitAsync(Patience);
        output.WriteLine($"channel open after {started.ElapsedMilliseconds} ms");

        channel.Send("hello from a");
        var sending = Stopwatch.StartNew();
        channel.Send(large);
        Assert.Equal("hello from a", await fromA.Task.WaitAsync(Patience));
        Assert.Equal("hello from b", await fromB.Task.WaitAsync(Patience));
        Assert.Equal(large, await largeAtB.Task.WaitAsync(Patience));
        output.WriteLine($"1 MB delivered in {sending.ElapsedMilliseconds} ms");

        await a.CloseAsync();
        await closedAtB.Task.WaitAsync(Patience);
        Assert.Equal(RtcPeerConnectionState.Closed, a.ConnectionState);
    }

    [Fact]
    public async Task A_certificate_that_does_not_match_the_fingerprint_fails_the_real_handshake()
    {
        await using var a = Create(maxMessageBytes: 262144);
        await using var b = Create(maxMessageBytes: 262144);
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.ConnectionStateChanged += state =>
        {
            if (state == RtcPeerConnectionState.Failed)
            {
                failed.TrySetResult();
            }
        };

        var stranger = Sync.WebRtc.Dtls.DtlsCertificate.Generate(CryptoRandomSource.Instance, TimeProvider.System).Fingerprint;
        await Signal(a, b, answer => answer with { Sdp = answer.Sdp.Replace(b.Certificate.Fingerprint.ToString(), stranger.ToString(), StringComparison.Ordinal) });

        await failed.Task.WaitAsync(Patience);
        Assert.Contains("fingerprint", a.FailureReason, StringComparison.Ordinal);
    }

    private static RtcPeerConnection Create(long maxMessageBytes) =>
        new(
            new RtcConfiguration { HostAddresses = [IPAddress.Loopback], MaxMessageSize = maxMessageBytes },
            OsRtcPorts.Default);

    /// <summary>Non-trickle signalling: each side's description already lists its candidates.</summary>
    private static async Task Signal(RtcPeerConnection a, RtcPeerConnection b, Func<RtcSessionDescription, RtcSessionDescription>? alterAnswer = null)
    {
        await a.SetLocalDescriptionAsync(await a.CreateOfferAsync());
        await b.SetRemoteDescriptionAsync(a.LocalDescription!);
        await b.SetLocalDescriptionAsync(await b.CreateAnswerAsync());
        var answer = b.LocalDescription!;
        await a.SetRemoteDescriptionAsync(alterAnswer is null ? answer : alterAnswer(answer));
    }
}
