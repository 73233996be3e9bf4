using System.CommandLine;
using Hospitality.Sim.Cli;

Interruption.Listen();
var root = new RootCommand($"hsim: deterministic network simulations of hotel sync{Environment.NewLine}{Environment.NewLine}{ExitCode.Legend}")
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
};
return Invocation.Run(root, args);
