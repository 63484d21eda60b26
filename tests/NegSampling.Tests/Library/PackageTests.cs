using System.Diagnostics;
using System.IO.Compression;
using NegSampling.Tests.Support;
using NUnit.Framework;

namespace NegSampling.Tests.Library;

/// <summary>The library as a NuGet package: packed into a local feed, and the QuickStart sample built and run against
/// it.</summary>
[TestFixture, Category("Library")]
public sealed class PackageTests
{
    private static readonly string Root = Repository.Root;

    private static string Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) Assert.Fail($"dotnet {string.Join(' ', arguments)} failed " +
            $"({process.ExitCode}):\n{output}\n{error.Result}");
        return output;
    }

    [Test]
    public void PackedLibrary_DependsOnManagedTorchSharp_AndTheQuickStartSampleRunsAgainstIt()
    {
        using var dir = new TempDir();
        var version =
            $"1.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmssfff}"; // new each time: the NuGet cache keeps what it saw
        var feed = Path.Combine(dir.Path, "feed");
        Run(Root, "pack", Path.Combine(Root, "src", "NegSampling", "NegSampling.csproj"), "-c", "Release", "-o", feed,
            $"-p:Version={version}", "-nologo");

        using (var package = ZipFile.OpenRead(Path.Combine(feed, $"NegSampling.{version}.nupkg")))
        {
            using var reader = new StreamReader(package.GetEntry("NegSampling.nuspec")!.Open());
            var nuspec = reader.ReadToEnd();
            var dependencies = System.Text.RegularExpressions.Regex.Matches(nuspec,
                "<dependency id=\"([^\"]+)\"").Select(m => m.Groups[1].Value);
            Assert.That(dependencies, Is.EquivalentTo(new[] { "TorchSharp", "TorchSharp.PyBridge", "SharpCompress" }),
                "the managed TorchSharp, no backend: the application picks it");
            Assert.That(nuspec,
                Does.Contain("<license type=\"expression\">MIT</license>").And.Contain("<readme>README.md</readme>"));
            Assert.That(package.GetEntry("lib/net10.0/NegSampling.xml"), Is.Not.Null, "the API documentation");
        }

        // A copy outside the repository: a consumer with nothing inherited from this build.
        var sample = Directory.CreateDirectory(Path.Combine(dir.Path, "QuickStart")).FullName;
        foreach (var file in new[] { "Program.cs", "QuickStart.csproj" })
            File.Copy(Path.Combine(Root, "samples", "QuickStart", file), Path.Combine(sample, file));
        var output = Run(sample, "run", $"-p:NegSamplingVersion={version}",
            $"-p:RestoreAdditionalProjectSources={feed}");
        var cat = output.Split('\n').Single(l => l.StartsWith("cat: ", StringComparison.Ordinal));
        Assert.That(cat["cat: ".Length..].Split(", ").Select(n => n.Split(' ')[0]),
            Is.SubsetOf(new[] { "dog", "horse", "cow", "sheep" }));
        Assert.That(File.Exists(Path.Combine(sample, "quickstart-vectors.txt")), Is.True);
    }
}
