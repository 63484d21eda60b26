using System.CommandLine;
using System.CommandLine.Help;
using NegSampling.Cli.Commands;
using NegSampling.Runtime;

namespace NegSampling.Cli;

/// <summary>The negsampling command line: parses, calls the library, prints. Errors are one line.</summary>
public static class CliApp
{
    public const string Usage =
        "usage: negsampling <info|fetch|demo|train|similar|analogy|evaluate|export|compare|bench> [options]  (negsampling --help for more)";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var context = new CliContext(output, error);
        // A Command named as the launcher runs it, not RootCommand, which takes its name from the dll.
        var root = new Command("negsampling", "NegSampling: word2vec with negative sampling (CBOW and skip-gram) on TorchSharp.")
        {
            new HelpOption(), new VersionOption(),
        };
        root.Options.Add(context.DataDirOption);
        foreach (var command in new[]
                 {
                     InfoCommand.Create(context), FetchCommand.Create(context), DemoCommand.Create(context), TrainCommand.Create(context),
                     SimilarCommand.Create(context), AnalogyCommand.Create(context), EvaluateCommand.Create(context),
                     ExportCommand.Create(context), CompareCommand.Create(context), BenchCommand.Create(context),
                 })
            root.Subcommands.Add(command);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // "Unrecognized command or argument 'x'" says more than "Required command was not provided".
            var first = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parsed.Errors[0];
            error.WriteLine($"error: {first.Message}");
            error.WriteLine(Usage);
            return 2;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (NativeRuntime.IsNativeLoadFailure(e))
        {
            error.WriteLine($"error: TorchSharp's native library failed to load ({NativeRuntime.Describe(e)}); run scripts/setup.sh");
            if (Environment.GetEnvironmentVariable("NEGSAMPLING_DEBUG") == "1") error.WriteLine(e);
            return 1;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error.WriteLine($"error: {CliContext.OneLine(e)}");
            if (Environment.GetEnvironmentVariable("NEGSAMPLING_DEBUG") == "1") error.WriteLine(e);
            return 1;
        }
    }
}
