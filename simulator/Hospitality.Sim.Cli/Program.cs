using System.CommandLine;
using Hospitality.Sim.Cli;

var root = new RootCommand("hsim: deterministic network simulations of hotel sync")
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
return root.Parse(args).Invoke();
