using System.Net.Sockets;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Hosting.Network;

/// <summary>Maps OS socket errors onto the engine's <see cref="ConnectionFailure"/>, so callers see the same reasons as in the simulator.</summary>
internal static class SocketFailures
{
    public static ConnectionFailure Of(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => ConnectionFailure.Refused,
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostNotFound or SocketError.AddressNotAvailable => ConnectionFailure.Unreachable,
        SocketError.TimedOut => ConnectionFailure.TimedOut,
        SocketError.NetworkDown or SocketError.NetworkReset => ConnectionFailure.NetworkChanged,
        SocketError.OperationAborted => ConnectionFailure.Aborted,
        _ => ConnectionFailure.Reset,
    };

    public static NetworkConnectionException Exception(SocketException exception, string what) =>
        new(Of(exception.SocketErrorCode), $"{what}: {exception.SocketErrorCode} ({exception.Message})");
}
