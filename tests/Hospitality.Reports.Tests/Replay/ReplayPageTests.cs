using System.Text.Json;
using System.Text.RegularExpressions;
using Hospitality.Reports.Replay;

namespace Hospitality.Reports.Tests.Replay;

public sealed partial class ReplayPageTests
{
    private static readonly ReplayData Sample = new()
    {
        Scenario = "greengrass-outage",
        Seed = 2,
        TraceHash = "0123456789abcdef",
        DurationSeconds = 600,
        Segments = [new("cloud", "cloudregion"), new("city-hotel", "building")],
        Hosts = [new("cloud-api", "cloud", "cloud", 0, "datacenter"), new("greengrass", "greengrass", "greengrass", 1, "lan"), new("tablet-1", "device", "front-desk", 1, "wifi")],
        Endpoints = ["cloud", "greengrass"],
        Faults = [new("GreengrassCrash city-hotel", 120, 300), new("ClockSkew city-hotel", 200, null)],
        Frames =
        [
            new(5, ".ab", [[2, 3]], [], [[2, 1, 4000], [1, 0, 900]], 0),
            new(250, ".-a", [], [[2, 5000]], [[2, 0, 7000]], 12),
        ],
        FramesDrawn = 2,
    };

    [Fact]
    public void The_page_carries_its_data_script_and_styles_inline_and_loads_nothing_else()
    {
        var html = ReplayPage.Render(Sample);

        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.Contains("<style>", html, StringComparison.Ordinal);
        Assert.Contains("document.body.dataset.ready", html, StringComparison.Ordinal);
        var data = JsonDocument.Parse(DataScript().Match(html).Groups[1].Value).RootElement;
        Assert.Equal(Sample.ToJson(), JsonSerializer.Serialize(data));
    }

    [Fact]
    public void A_scenario_name_cannot_close_the_data_script_or_inject_markup()
    {
        var hostile = Sample with { Scenario = "</script><script>alert(1)</script>" };

        var html = ReplayPage.Render(hostile);

        Assert.Single(DataScript().Matches(html));
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.Contains("<title>Replay: &lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void States_are_one_character_per_host_naming_the_endpoint_by_position()
    {
        Assert.Equal('-', ReplayData.StateCode(online: false, endpoint: 1));
        Assert.Equal('.', ReplayData.StateCode(online: true, endpoint: null));
        Assert.Equal('a', ReplayData.StateCode(online: true, endpoint: 0));
        Assert.Equal('b', ReplayData.StateCode(online: true, endpoint: 1));
    }

    [GeneratedRegex("""(?:src|href)\s*=|<link\b|@import|fetch\(|XMLHttpRequest""")]
    private static partial Regex ExternalReference();

    [GeneratedRegex("""<script id="replay-data" type="application/json">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex DataScript();
}
