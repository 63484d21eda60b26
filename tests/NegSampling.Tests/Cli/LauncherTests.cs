using System.Diagnostics;
using NegSampling.Tests.Support;
using NUnit.Framework;

namespace NegSampling.Tests.Cli;

/// <summary>The ./negsampling launcher builds (publishes) the CLI only when a source changed since its last
/// build.</summary>
[TestFixture, Category("Cli")]
public sealed class LauncherTests
{
    private static readonly string Root = Repository.Root;

    /// <summary>Runs the launcher under bash -x; returns its trace (stderr) and exit code.</summary>
    private static (int ExitCode, string Trace) Launch(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-x", Path.Combine(Root, "negsampling") }.Concat(args)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var trace = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, trace.Result);
    }

    [Test]
    public void BuildsOnce_NotAgainForFilesUnderObjOrBin_AgainForAChangedSource()
    {
        Assert.That(Launch("info").ExitCode, Is.EqualTo(0), "first call (builds when needed)");
        var second = Launch("info");
        Assert.That(second.Trace, Does.Not.Contain("dotnet publish"), "nothing changed");

        // What `dotnet build` or `dotnet test` leaves: generated sources under obj/, newer than the last build.
        var generated = Path.Combine(Root, "src", "NegSampling.Cli", "obj", "launcher-test-generated.cs");
        File.WriteAllText(generated, "// generated\n");
        try { Assert.That(Launch("info").Trace, Does.Not.Contain("dotnet publish"), "a generated file under obj/"); }
        finally { File.Delete(generated); }

        var source = Path.Combine(Root, "src", "NegSampling.Cli", "Program.cs");
        File.SetLastWriteTimeUtc(source, DateTime.UtcNow);
        Assert.That(Launch("info").Trace, Does.Contain("dotnet publish"), "a changed source");
        Assert.That(Launch("info").Trace, Does.Not.Contain("dotnet publish"), "built again, so not stale");
    }
}
