using System.Diagnostics;
using NUnit.Framework;

namespace NegSampling.Tests.Support;

/// <summary>A job of several ranks started by mpirun on this machine (as root in CI: --allow-run-as-root), of the CLI
/// or of the averaging probe built beside the tests; tests that need one are skipped, with the reason, without
/// mpirun.</summary>
public sealed class MpiJob : IDisposable
{
    private readonly Process process;
    private readonly Task<string> output;
    private readonly Task<string> error;

    private MpiJob(Process process)
    {
        this.process = process;
        output = process.StandardOutput.ReadToEndAsync();
        error = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The CLI's dll, built beside the tests.</summary>
    public static string Cli => Path.Combine(AppContext.BaseDirectory, "NegSampling.Cli.dll");

    /// <summary>The averaging probe's dll (tests/MpiProbe), built beside the tests.</summary>
    public static string Probe => Path.Combine(AppContext.BaseDirectory, "MpiProbe.dll");

    /// <summary>Skips the test when mpirun is not installed (scripts/setup.sh installs it).</summary>
    public static void RequireMpirun()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Any(d => d.Length > 0 && File.Exists(Path.Combine(d, "mpirun")));
        if (!found) Assert.Ignore("mpirun is not installed (scripts/setup.sh installs openmpi-bin)");
    }

    /// <summary>Starts <c>mpirun -np ranks dotnet DLL args</c>; the args after a ":" start another program of the
    /// same job (mpirun's MPMD form), e.g. [":", "-np", "1", "dotnet", ...].</summary>
    public static MpiJob Start(int ranks, string dll, params string[] args)
    {
        RequireMpirun();
        var start = new ProcessStartInfo("mpirun")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "--allow-run-as-root", "--oversubscribe", "-np", $"{ranks}", "dotnet", dll }
                     .Concat(args))
            start.ArgumentList.Add(a);
        start.Environment.Remove("NEGSAMPLING_COMMAND");
        return new MpiJob(Process.Start(start)!);
    }

    /// <summary>Runs a job to its end (killed after 3 minutes); returns its exit code and output.</summary>
    public static (int ExitCode, string Out, string Err) Run(int ranks, string dll, params string[] args)
    {
        using var job = Start(ranks, dll, args);
        return job.Wait(TimeSpan.FromMinutes(3));
    }

    /// <summary>Waits for the job's end, at most <paramref name="limit"/> (then kills it and fails).</summary>
    public (int ExitCode, string Out, string Err) Wait(TimeSpan limit)
    {
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"mpirun did not end within {limit.TotalSeconds:0} s; stderr: {error.Result}");
        }
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    public bool Exited => process.HasExited;

    /// <summary>The ids of this machine's processes started as rank <paramref name="rank"/> whose command line holds
    /// <paramref name="marker"/> (a path unique to the test).</summary>
    public static IReadOnlyList<int> RankProcesses(int rank, string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var command = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (!command.Contains(marker, StringComparison.Ordinal) || !command.Contains("dotnet")) continue;
                var environment = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
                if (environment.Contains($"OMPI_COMM_WORLD_RANK={rank}")) found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}
