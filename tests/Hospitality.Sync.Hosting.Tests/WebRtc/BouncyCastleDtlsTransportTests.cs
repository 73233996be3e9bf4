using System.Collections.Concurrent;
using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Hosting.Dtls;
using Hospitality.Sync.Hosting.Randomness;
using Hospitality.Sync.Hosting.RunLoop;
using Hospitality.Sync.WebRtc.Dtls;
using Xunit.Abstractions;

namespace Hospitality.Sync.Hosting.Tests.WebRtc;

/// <summary>
/// BouncyCastle's DTLS behind <see cref="IDtlsTransport"/>, client and server wired back to back:
/// the handshake, data, close_notify, the fingerprint check, and input from the network that must
/// never throw out of <see cref="IDtlsTransport.HandleDatagram"/> nor kill the DTLS thread.
/// </summary>
public sealed class BouncyCastleDtlsTransportTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Generate(CryptoRandomSource.Instance, TimeProvider.System);
    private static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Generate(CryptoRandomSource.Instance, TimeProvider.System);
    private static readonly Lazy<byte[]> RealClientHello = new(CaptureClientHello);

    [Fact]
    public void Client_and_server_connect_carry_data_both_ways_and_close_with_close_notify()
    {
        using var pair = new Pair();
        var atServer = new BlockingCollection<byte[]>();
        var atClient = new BlockingCollection<byte[]>();
        pair.Server.DataReceived += data => atServer.Add(data.ToArray());
        pair.Client.DataReceived += data => atClient.Add(data.ToArray());

        var started = Stopwatch.StartNew();
        pair.Start();
        WaitFor(() => pair.Client.State == DtlsTransportState.Connected && pair.Server.State == DtlsTransportState.Connected);
        output.WriteLine($"handshake on a direct wire: {started.ElapsedMilliseconds} ms; ClientHello {RealClientHello.Value.Length} bytes");

        pair.Client.Send([1, 2, 3]);
        Assert.True(atServer.TryTake(out var first, Patience));
        Assert.Equal([1, 2, 3], first);
        pair.Server.Send([4, 5]);
        Assert.True(atClient.TryTake(out var second, Patience));
        Assert.Equal([4, 5], second);

        pair.Client.Close();
        WaitFor(() => pair.Server.State != DtlsTransportState.Connected);
        Assert.True(pair.Server.State == DtlsTransportState.Closed, $"{pair.Server.State}: {pair.Server.FailureReason}");
    }

    /// <summary>
    /// A hotel node's engine runs on its run loop only: a data channel's messages reached P2P replication
    /// on the DTLS threads (two links merging at once broke "P2P merges do not nest" and failed the link).
    /// Given the loop, the transport posts every event to it, in order.
    /// </summary>
    [Fact]
    public void Given_a_run_loop_the_transport_raises_its_state_changes_and_data_on_that_loop_in_order()
    {
        using var loop = new NodeRunLoop("dtls-events");
        var factory = new BouncyCastleDtlsTransportFactory(loop.Context);
        IDtlsTransport? server = null;
        using var client = factory.Create(new DtlsTransportParameters(DtlsRole.Client, ClientCertificate, ServerCertificate.Fingerprint, bytes => server!.HandleDatagram(bytes.Span)));
        server = factory.Create(new DtlsTransportParameters(DtlsRole.Server, ServerCertificate, ClientCertificate.Fingerprint, bytes => client.HandleDatagram(bytes.Span)));
        using var serverDisposed = server;
        var events = new ConcurrentQueue<string>();
        var offLoop = 0;
        void Seen(string what)
        {
            offLoop += loop.IsCurrent ? 0 : 1;
            events.Enqueue(what);
        }

        server.StateChanged += state => Seen($"server {state}");
        server.DataReceived += data => Seen($"server data {data.Length}");
        client.StateChanged += state => Seen($"client {state}");

        server.Start();
        client.Start();
        WaitFor(() => events.Contains("server Connected") && events.Contains("client Connected"));
        client.Send([1, 2, 3]);
        client.Send([4, 5]);
        WaitFor(() => events.Count(e => e.StartsWith("server data", StringComparison.Ordinal)) == 2);

        Assert.Equal(0, offLoop);
        var serverEvents = events.Where(e => e.StartsWith("server", StringComparison.Ordinal)).ToList();
        Assert.Equal(["server Connecting", "server Connected", "server data 3", "server data 2"], serverEvents);
    }

    [Fact]
    public void A_server_certificate_that_does_not_match_the_fingerprint_fails_the_handshake()
    {
        using var pair = new Pair(clientExpects: ClientCertificate.Fingerprint);

        pair.Start();

        WaitFor(() => pair.Client.State == DtlsTransportState.Failed);
        Assert.Contains("fingerprint", pair.Client.FailureReason, StringComparison.Ordinal);
        WaitFor(() => pair.Server.State == DtlsTransportState.Failed);
    }

    [Property(MaxTest = 200)]
    public bool Random_datagrams_to_a_waiting_server_never_throw(byte[] noise)
    {
        using var server = Server(_ => { });
        server.Start();
        server.HandleDatagram(noise);
        server.HandleDatagram([22, 0xFE, 0xFD, .. noise]);
        return server.State is DtlsTransportState.Connecting or DtlsTransportState.Failed;
    }

    [Property(MaxTest = 100)]
    public Property Mutated_client_hellos_never_throw_and_leave_the_server_waiting_or_failed() =>
        Prop.ForAll(ArbMap.Default.ArbFor<int>(), ArbMap.Default.ArbFor<byte>(), ArbMap.Default.ArbFor<bool>(), (position, value, truncate) =>
        {
            var hello = RealClientHello.Value;
            var index = (int)((uint)position % hello.Length);
            var mutated = truncate ? hello[..index] : hello.ToArray();
            if (!truncate)
            {
                mutated[index] = value;
            }

            using var server = Server(_ => { });
            server.Start();
            server.HandleDatagram(mutated);

            // Give the DTLS thread time to chew on it; a crash there would end the test process.
            Thread.Sleep(5);
            return server.State is DtlsTransportState.Connecting or DtlsTransportState.Failed;
        });

    [Fact]
    public void A_connected_pair_survives_a_thousand_forged_datagrams_and_still_carries_data()
    {
        using var pair = new Pair();
        var atServer = new BlockingCollection<byte[]>();
        pair.Server.DataReceived += data => atServer.Add(data.ToArray());
        pair.Start();
        WaitFor(() => pair.Client.State == DtlsTransportState.Connected && pair.Server.State == DtlsTransportState.Connected);

        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var forged = new byte[random.Next(1, 300)];
            random.NextBytes(forged);

            // Half of them look like DTLS 1.2 application data in epoch 1, so they reach decryption and fail its tag.
            if (i % 2 == 0 && forged.Length > 13)
            {
                forged[0] = 23;
                forged[1] = 0xFE;
                forged[2] = 0xFD;
                forged[3] = 0;
                forged[4] = 1;
                forged[11] = (byte)((forged.Length - 13) >> 8);
                forged[12] = (byte)(forged.Length - 13);
            }

            pair.Server.HandleDatagram(forged);
            pair.Client.HandleDatagram(forged);
        }

        pair.Client.Send([9]);
        Assert.True(atServer.TryTake(out var data, Patience), $"the server stopped delivering after the forged datagrams: {pair.Server.State} {pair.Server.FailureReason}");
        Assert.Equal([9], data);
        Assert.Equal(DtlsTransportState.Connected, pair.Client.State);
    }

    private static BouncyCastleDtlsTransport Server(Action<ReadOnlyMemory<byte>> transmit) =>
        new(new DtlsTransportParameters(DtlsRole.Server, ServerCertificate, ClientCertificate.Fingerprint, transmit));

    private static byte[] CaptureClientHello()
    {
        var hello = new BlockingCollection<byte[]>();
        using var client = new BouncyCastleDtlsTransport(new DtlsTransportParameters(DtlsRole.Client, ClientCertificate, ServerCertificate.Fingerprint, bytes => hello.Add(bytes.ToArray())));
        client.Start();
        return hello.TryTake(out var first, Patience) ? first : throw new TimeoutException("the client sent no ClientHello");
    }

    private static void WaitFor(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < Patience, "the condition did not hold within the patience");
            Thread.Sleep(5);
        }
    }

    /// <summary>A client and a server transport whose datagrams go straight to each other.</summary>
    private sealed class Pair : IDisposable
    {
        public Pair(DtlsFingerprint? clientExpects = null)
        {
            Client = new BouncyCastleDtlsTransport(new DtlsTransportParameters(DtlsRole.Client, ClientCertificate, clientExpects ?? ServerCertificate.Fingerprint, bytes => Server!.HandleDatagram(bytes.Span)));
            Server = BouncyCastleDtlsTransportTests.Server(bytes => Client.HandleDatagram(bytes.Span));
        }

        public BouncyCastleDtlsTransport Client { get; }

        public BouncyCastleDtlsTransport Server { get; }

        public void Start()
        {
            Server.Start();
            Client.Start();
        }

        public void Dispose()
        {
            Client.Dispose();
            Server.Dispose();
        }
    }
}
