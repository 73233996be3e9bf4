using Xunit.Abstractions;
using Xunit.Sdk;

namespace Hospitality.Sync.Interop.Tests;

/// <summary>
/// Says on the run's console why the interop tests skip: the console lists a skipped test without
/// its reason unless asked for detailed output, so this sends it as an xunit diagnostic message
/// (enabled in xunit.runner.json), once per test class.
/// </summary>
public sealed class NodeMissingNotice
{
    public NodeMissingNotice(IMessageSink diagnostics)
    {
        if (NodeRuntime.Missing is { } reason)
        {
            diagnostics.OnMessage(new DiagnosticMessage($"interop tests skipped: {reason}"));
        }
    }
}
