using System.CommandLine;
using NegSampling.Data;

namespace NegSampling.Cli.Commands;

/// <summary>Downloads the known corpora and evaluation sets into the data directory, MD5-checked.</summary>
public static class FetchCommand
{
    public static Command Create(CliContext context)
    {
        var names = new Argument<string[]>("names")
        {
            Description = $"what to fetch: {string.Join(", ", DataFile.All.Select(f => f.Name))} (default: all)",
            Arity = ArgumentArity.ZeroOrMore,
        }.RefusingOptions();
        var command = new Command("fetch",
            "download PTB and the evaluation sets into the data directory, checking their MD5")
            { names };
        command.SetAction(parsed =>
        {
            var data = context.DataDirectory(parsed);
            var wanted = parsed.GetValue(names) is { Length: > 0 } given
                ? given.Select(n => DataFile.Find(n) ?? throw new CliException(
                    $"unknown data file '{n}' (known: {string.Join(", ", DataFile.All.Select(f => f.Name))})")).ToList()
                : DataFile.All.ToList();
            foreach (var file in wanted)
            {
                var path = file.PathIn(data);
                if (File.Exists(path) && !file.Matches(path))
                    throw new CliException($"{path} is there but its MD5 is not {file.Md5}: move it aside to fetch " +
                        $"it again");
                var present = File.Exists(path);
                file.FetchAsync(data).GetAwaiter().GetResult();
                context.Out.WriteLine($"{file.Name,-16} {context.Shown(path)} " +
                    $"({(present ? "present" : "downloaded")}, MD5 {file.Md5})");
            }
            return 0;
        });
        return command;
    }
}
