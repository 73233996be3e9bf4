namespace Hospitality.Reports.Tests.Files;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_write_replaces_the_file_whole_and_leaves_no_partial_file()
    {
        var path = _temp.Sub("run.json");
        File.WriteAllText(path, "old");

        AtomicFile.WriteAllText(path, "new");

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(["run.json"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
    }

    /// <summary>A write that fails (here: the rename, onto a folder) leaves what was there and no partial file.</summary>
    [Fact]
    public void A_failed_write_leaves_the_old_content_and_no_partial_file()
    {
        var path = _temp.Sub("report.md");
        Directory.CreateDirectory(path);

        Assert.ThrowsAny<IOException>(() => AtomicFile.WriteAllText(path, "new"));

        Assert.True(Directory.Exists(path));
        Assert.Empty(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public void Writing_a_run_leaves_no_partial_file()
    {
        var directory = _temp.Sub("run");

        ReportWriter.WriteRun(SampleRuns.GreengrassOutage(), directory);

        Assert.Empty(Directory.GetFiles(directory, "*" + AtomicFile.PartialSuffix, SearchOption.AllDirectories));
    }
}
