using System.CommandLine;
using Hospitality.Sim.Cli;
using Hospitality.Sim.Cli.Disk;
using Hospitality.Sim.Cli.Live;

Interruption.Listen();
var root = new RootCommand($"hsim: deterministic network simulations of hotel sync. With no command (or only options), runs the main job: hsim run, on the medium hotel built in.{Environment.NewLine}{Environment.NewLine}{ExitCode.Legend}")
{
    DemoCommand.Create(),
    RunCommand.Create(),
    SweepCommand.Create(),
    FindCommand.Create(),
    CompareCommand.Create(),
    ReportCommand.Create(),
    CheckCommand.Create(),
    CheckCommand.CreateRepro(),
    CalibrateCommand.Create(),
    ReadmeCommand.Create(),
    LiveCommand.Create(),
    DiskCommand.Create(),
};

// No command runs the main job (a real hotel through the real engine, judged against the documented
// targets): "hsim" and "hsim --seed 2 --junit verdict.xml" mean "hsim run" with those options.
string[] help = ["-h", "-?", "--help", "--version"];
var mainJob = args.Length == 0 || (args[0].StartsWith('-') && !help.Contains(args[0]));
return Invocation.Run(root, mainJob ? ["run", .. args] : args);
