namespace Hospitality.Sim.Metrics;

/// <summary>A place in the simulator where a message waits, in the order the report lists them.</summary>
public enum QueueKind
{
    /// <summary>A Wi-Fi station's own transmit queue: waits for its turn on the air; served by one transmission opportunity.</summary>
    WifiStation,

    /// <summary>The access point's queue towards one station: waits for its turn on the air; served by one transmission opportunity.</summary>
    WifiAccessPoint,

    /// <summary>A wired hop's FIFO: waits behind earlier packets; served by its serialization.</summary>
    Link,

    /// <summary>A hop's one-way delay after the transmitter: the drawn delay (base, jitter, tail) as service, held behind an earlier packet of its flow as wait.</summary>
    LinkDelay,

    /// <summary>A TCP sender's wait for room in the send buffer before its message is queued.</summary>
    TcpSendBuffer,

    /// <summary>Bytes queued on a TCP connection until their first transmission (congestion window, handshake).</summary>
    TcpUnsent,

    /// <summary>A TCP segment from its first transmission to each retransmission (RTO or fast retransmit).</summary>
    TcpRetransmission,

    /// <summary>A node's processor: waits behind other work; served by the work's service time.</summary>
    Processor,
}
