using System.CommandLine;
using NegSampling.Runtime;

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
            var info = TorchInfo.Read();
            var o = context.Out;
            o.WriteLine($"TorchSharp:      {info.TorchSharpVersion}");
            o.WriteLine($"libtorch:        {info.LibTorchVersion}");
            o.WriteLine($"CPU threads:     {info.Threads} (of {Environment.ProcessorCount} cores)");
            var devices = string.Join(", ", Enumerable.Range(0, info.CudaDevices).Select(i => $"cuda:{i}"));
            var cuda = info.CudaAvailable ? $"yes, {info.CudaDevices} device(s): {devices}" : "no";
            o.WriteLine($"CUDA available:  {cuda}");
            var data = context.DataDirectory(parsed);
            o.WriteLine($"data directory:  {data}{(Directory.Exists(data) ? "" : " (missing)")}");
            return 0;
        });
        return command;
    }
}
