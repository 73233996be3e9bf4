using System.CommandLine;
using Hospitality.Sim.Scenarios;
using Spectre.Console;

namespace Hospitality.Sim.Cli;

/// <summary>
/// Runs the command line and turns every way it can end into a message and an <see cref="ExitCode"/>:
/// never a stack trace (set HSIM_DEBUG=1 to see one for an internal error).
/// </summary>
internal static class Invocation
{
    public static int Run(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        try
        {
            var code = parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
            return parse.Errors.Count > 0 ? ExitCode.BadInput : code;
        }
        catch (OperationCanceledException) when (Interruption.Requested)
        {
            RestoreTerminal();
            Console.Error.WriteLine("hsim: interrupted; no file of an unfinished run was written");
            return ExitCode.Interrupted;
        }
        catch (BadInputException exception)
        {
            RestoreTerminal();
            Console.Error.WriteLine(exception.Message);
            return ExitCode.BadInput;
        }
        catch (ScenarioException exception)
        {
            RestoreTerminal();
            Console.Error.WriteLine(exception.Message);
            return ExitCode.BadInput;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            RestoreTerminal();
            Console.Error.WriteLine($"hsim: {exception.Message}");
            return ExitCode.BadInput;
        }
        catch (Exception exception)
        {
            RestoreTerminal();
            Console.Error.WriteLine($"hsim: internal error ({exception.GetType().Name}: {exception.Message}); please report it with the command line that caused it");
            if (Environment.GetEnvironmentVariable("HSIM_DEBUG") is "1")
            {
                Console.Error.WriteLine(exception);
            }

            return ExitCode.InternalError;
        }
    }

    // A progress bar hides the cursor; an exception through it must not leave the terminal without one.
    private static void RestoreTerminal()
    {
        if (!Console.IsOutputRedirected)
        {
            AnsiConsole.Cursor.Show();
        }
    }
}
