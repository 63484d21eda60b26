using System.CommandLine;
using NegSampling.Data;

namespace NegSampling.Cli;

/// <summary>What every command shares: the writers, the data directory option, the native-runtime check.</summary>
public sealed class CliContext(TextWriter output, TextWriter error)
{
    public TextWriter Out { get; } = output;
    public TextWriter Err { get; } = error;

    /// <summary>
    /// How the user started this program, for commands printed back to them: the launcher as invoked
    /// (it sets NEGSAMPLING_COMMAND), else "negsampling".
    /// </summary>
    public string Command => Environment.GetEnvironmentVariable("NEGSAMPLING_COMMAND") is { Length: > 0 } launcher
        ? launcher : "negsampling";

    /// <summary>A path as the user can type it from where they are: relative to the working directory when below
    /// it.</summary>
    public string Shown(string path)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), full);
        var shown = relative.StartsWith("..", StringComparison.Ordinal) ? full : relative;
        return shown.Contains(' ') ? $"'{shown}'" : shown;
    }

    /// <summary>True when output goes to a terminal (progress bars); false for pipes, files and tests.</summary>
    public bool Interactive => ReferenceEquals(Out, Console.Out) && !Console.IsOutputRedirected;

    public Option<string?> DataDirOption { get; } = new("--data-dir")
    {
        Description =
            $"where corpora and evaluation sets are looked up (default: ${DataFile.DataEnvironmentVariable}, else " +
            "data/ in the repository)",
        Recursive = true,
    };

    /// <summary>--data-dir, else the library's rule (<see cref="DataFile.DataDirectory"/>).</summary>
    public string DataDirectory(ParseResult parsed) => DataFile.DataDirectory(parsed.GetValue(DataDirOption));

    /// <summary>Stops with one line before the command's own first tensor when the native runtime cannot
    /// load.</summary>
    public static void EnsureTorch() => Word2Vec.PrepareRuntime();

    /// <summary>An exception's message as one line: the outermost message that says something.</summary>
    public static string OneLine(Exception e)
    {
        var wrapper = e is TypeInitializationException or System.Reflection.TargetInvocationException
            or AggregateException;
        var inner = wrapper && e.InnerException is not null
            ? e.InnerException : e;
        return inner.Message.Split('\n')[0].Trim();
    }
}

/// <summary>A user-facing error: the CLI prints its message alone and exits 1.</summary>
public sealed class CliException(string message) : Exception(message);
