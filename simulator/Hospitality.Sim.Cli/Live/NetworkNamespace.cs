using System.Runtime.InteropServices;

namespace Hospitality.Sim.Cli.Live;

/// <summary>Puts the calling thread into a named network namespace (as <c>ip netns</c> names them) for good: sockets it opens from then on live there.</summary>
internal static class NetworkNamespace
{
    private const int CloneNewNet = 0x40000000;

    /// <exception cref="ShapingException">The namespace could not be entered (the errno says why).</exception>
    public static void Enter(string name)
    {
        using var space = File.OpenHandle($"/var/run/netns/{name}");
        if (SetNamespace(space.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
        {
            throw new ShapingException($"could not enter network namespace {name}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNamespace(int fd, int type);
}
