using Hospitality.Sim.Cli;
using Hospitality.Sim.Tests.Scenarios;
using YamlDotNet.RepresentationModel;

namespace Hospitality.Sim.Tests.Cli;

/// <summary>docs/k8s: the Indexed Job and the report Job, read as Kubernetes would, and their hsim command lines run as written.</summary>
public sealed class KubernetesJobTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hsim-k8s-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string K8s => Path.Combine(Path.GetDirectoryName(RepositoryFiles.ScenariosDirectory)!, "docs", "k8s");

    [Fact]
    public void The_sweep_job_is_an_indexed_job_whose_shard_count_is_its_completions_on_a_volume_the_report_job_reads()
    {
        var (claim, job) = (Documents("hsim-sweep-job.yaml")[0], Documents("hsim-sweep-job.yaml")[1]);
        var report = Documents("hsim-report-job.yaml").Single();

        Assert.Equal("PersistentVolumeClaim", Text(claim, "kind"));
        Assert.Equal(("batch/v1", "Job"), (Text(job, "apiVersion"), Text(job, "kind")));
        Assert.Equal("Indexed", Text(job, "spec", "completionMode"));
        var completions = int.Parse(Text(job, "spec", "completions"), System.Globalization.CultureInfo.InvariantCulture);
        var args = Args(job);
        Assert.Equal(completions.ToString(System.Globalization.CultureInfo.InvariantCulture), args[args.IndexOf("--shards") + 1]);
        Assert.True(int.Parse(Text(job, "spec", "parallelism"), System.Globalization.CultureInfo.InvariantCulture) <= completions);
        foreach (var manifest in new[] { job, report })
        {
            Assert.Equal("Never", Text(manifest, "spec", "template", "spec", "restartPolicy"));
            Assert.Equal(Text(claim, "metadata", "name"), Text(manifest, "spec", "template", "spec", "volumes", "0", "persistentVolumeClaim", "claimName"));
            Assert.Equal(Text(job, "spec", "template", "spec", "containers", "0", "image"), Text(manifest, "spec", "template", "spec", "containers", "0", "image"));
        }

        Assert.Equal(args[args.IndexOf("--out") + 1], Args(report)[1]);
    }

    /// <summary>
    /// Each pod's command line, with JOB_COMPLETION_INDEX set as Kubernetes sets it, on a small scenario and few seeds;
    /// then the report Job's: every shard ran, and the merge finds them all.
    /// </summary>
    [Fact]
    public void The_jobs_command_lines_run_every_shard_and_the_report_merges_them()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "src", "scenarios"));
        File.Copy(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml"), Path.Combine(_directory, "src", "scenarios", "targets.yaml"));
        File.WriteAllText(Path.Combine(_directory, "src", "scenarios", "inn.yaml"), "name: inn\nduration: 1m\nproperties: [{ name: inn, devices: [{ kind: front-desk, count: 2, link: lan }] }]\n");
        var job = Documents("hsim-sweep-job.yaml")[1];
        var completions = int.Parse(Text(job, "spec", "completions"), System.Globalization.CultureInfo.InvariantCulture);
        string Local(string arg) => arg switch
        {
            _ when arg.StartsWith("/src/", StringComparison.Ordinal) => arg[1..],
            _ when arg.StartsWith("/results/", StringComparison.Ordinal) => arg[1..],
            "1..25" => $"1..{completions}",
            "2h" => "1m",
            _ => arg,
        };

        for (var index = 0; index < completions; index++)
        {
            var pod = Hsim.RunWith(_directory, new Dictionary<string, string?> { [Shard.CompletionIndexVariable] = index.ToString(System.Globalization.CultureInfo.InvariantCulture) }, [.. Args(job).Select(Local)]);
            Assert.True(pod.ExitCode is 0 or 1, pod.Output + pod.Errors);
            Assert.Contains($"shard {index + 1}/{completions} of {completions} runs", pod.Output);
        }

        var report = Hsim.Run(_directory, [.. Args(Documents("hsim-report-job.yaml").Single()).Select(Local)]);

        Assert.True(report.ExitCode == 0, report.Output + report.Errors);
        Assert.Contains($"sweep: {completions} of {completions} shards, {completions} runs", report.Output);
    }

    private static List<YamlMappingNode> Documents(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(K8s, file))));
        return stream.Documents.Select(document => (YamlMappingNode)document.RootNode).ToList();
    }

    private static YamlNode Node(YamlNode node, params string[] path) =>
        path.Aggregate(node, (at, key) => at is YamlSequenceNode sequence ? sequence[int.Parse(key, System.Globalization.CultureInfo.InvariantCulture)] : ((YamlMappingNode)at)[key]);

    private static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)Node(node, path)).Value!;

    private static List<string> Args(YamlNode job) =>
        ((YamlSequenceNode)Node(job, "spec", "template", "spec", "containers", "0", "args")).Children.Select(arg => ((YamlScalarNode)arg).Value!).ToList();
}
