using System.CommandLine;
using NegSampling.Runtime;
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
            o.WriteLine($"TorchSharp:      {NativeRuntime.TorchSharpVersion}");
            o.WriteLine($"libtorch:        {NativeRuntime.LibTorchVersion}");
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
}
