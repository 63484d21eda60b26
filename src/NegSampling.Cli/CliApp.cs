using System.CommandLine;
using System.CommandLine.Help;
using NegSampling.Cli.Commands;

namespace NegSampling.Cli;

/// <summary>The negsampling command line: parses, calls the library, prints. Errors are one line.</summary>
public static class CliApp
{
    public const string Usage =
        "usage: negsampling <info|fetch|demo|train|similar|analogy|evaluate|plot|export|compare|bench|phrases> " +
        "[options]  " +
        "(negsampling --help for more)";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = Root(new CliContext(output, error)).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // "Unrecognized command or argument 'x'" says more than "Required command was not provided".
            var first = parsed.Errors.FirstOrDefault(e =>
                e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parsed.Errors[0];
            error.WriteLine($"error: {first.Message}");
            error.WriteLine(Usage);
            return 2;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception e) when (IsNativeLoadFailure(e))
        {
            return Fail(error, e, $"TorchSharp's native library failed to load ({LoaderLine(e)}); " +
                                  "run scripts/setup.sh");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Fail(error, e, CliContext.OneLine(e));
        }
    }

    /// <summary>
    /// True when an exception is the native loader failing (not an ordinary libtorch error, whose message also names
    /// the native libraries in its trace).
    /// </summary>
    private static bool IsNativeLoadFailure(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is DllNotFoundException || e.Message.Contains("GLIBCXX_", StringComparison.Ordinal)
                || (e is NotSupportedException && e.Message.Contains("LibTorchSharp", StringComparison.Ordinal)))
                return true;
        }
        return false;
    }

    /// <summary>The first line of the loader's own explanation, for the one-line error.</summary>
    private static string LoaderLine(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            var line = e.Message.Split('\n').FirstOrDefault(l => l.Contains("GLIBCXX", StringComparison.Ordinal));
            if (line is not null) return line.Trim();
        }
        return error.GetBaseException().Message.Split('\n')[0].Trim();
    }

    /// <summary>The root command, named as the launcher runs it (RootCommand would take the dll's name).</summary>
    private static Command Root(CliContext context)
    {
        var root = new Command("negsampling",
            "NegSampling: word2vec with negative sampling (CBOW and skip-gram) on TorchSharp.")
        {
            new HelpOption(), new VersionOption(), context.DataDirOption,
        };
        Command[] commands =
        [
            InfoCommand.Create(context), FetchCommand.Create(context), DemoCommand.Create(context),
            TrainCommand.Create(context), SimilarCommand.Create(context), AnalogyCommand.Create(context),
            EvaluateCommand.Create(context), PlotCommand.Create(context), ExportCommand.Create(context),
            CompareCommand.Create(context), BenchCommand.Create(context), PhrasesCommand.Create(context),
        ];
        foreach (var command in commands) root.Subcommands.Add(command);
        return root;
    }

    /// <summary>Prints the one line (and the stack trace with NEGSAMPLING_DEBUG=1); exit code 1.</summary>
    private static int Fail(TextWriter error, Exception e, string message)
    {
        error.WriteLine($"error: {message}");
        if (Environment.GetEnvironmentVariable("NEGSAMPLING_DEBUG") == "1") error.WriteLine(e);
        return 1;
    }
}
