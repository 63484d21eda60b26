using System.CommandLine;
using System.Reflection;
using TorchSharp;

namespace NegSampling.Cli.Commands;

public static class InfoCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("info",
            "TorchSharp and libtorch versions, threads, CUDA devices, the data directory");
        command.SetAction(parsed =>
        {
            CliContext.EnsureTorch();
            var o = context.Out;
            o.WriteLine($"TorchSharp:      {TorchSharpVersion}");
            o.WriteLine($"libtorch:        {LibTorchVersion}");
            o.WriteLine($"CPU threads:     {torch.get_num_threads()} (of {Environment.ProcessorCount} cores)");
            var count = torch.cuda.is_available() ? torch.cuda.device_count() : 0;
            var devices = string.Join(", ", Enumerable.Range(0, count).Select(i => $"cuda:{i}"));
            var cuda = count > 0 ? $"yes, {count} device(s): {devices}" : "no";
            o.WriteLine($"CUDA available:  {cuda}");
            var data = context.DataDirectory(parsed);
            o.WriteLine($"data directory:  {data}{(Directory.Exists(data) ? "" : " (missing)")}");
            return 0;
        });
        return command;
    }

    /// <summary>The version of the TorchSharp assembly in use, as 0.107.0.</summary>
    private static string TorchSharpVersion
    {
        get
        {
            var assembly = typeof(torch).Assembly;
            var informational = assembly.GetCustomAttributes(typeof(AssemblyInformationalVersionAttribute), false)
                .OfType<AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion;
            return (informational ?? assembly.GetName().Version?.ToString(3) ?? "unknown").Split('+')[0];
        }
    }

    /// <summary>The version of the native libtorch loaded, as 2.10.0 (loads it).</summary>
    private static string LibTorchVersion =>
        Version.TryParse(torch.__version__, out var v) ? v.ToString(3) : torch.__version__;
}
