using System.Diagnostics;
using NUnit.Framework;

namespace NegSampling.Tests.Support;

/// <summary>
/// Runs the Python side of the cross-checks (reference/*.py) with a Python that has the needed modules:
/// $NEGSAMPLING_PYTHON, else Debian's /usr/bin/python3, else python3. Missing Python skips the test on a
/// developer machine but fails it in CI (CI=true), where scripts/setup.sh must have installed it.
/// </summary>
public static class ReferencePython
{
    public static string Script(string name) => Repository.File("reference", name);

    public static string Require(params string[] modules)
    {
        var imports = string.Join(", ", modules);
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("NEGSAMPLING_PYTHON"), "/usr/bin/python3",
            "python3" })
        {
            if (string.IsNullOrEmpty(candidate)) continue;
            try
            {
                if (Run(candidate, ["-c", $"import {imports}"],
                    TimeSpan.FromSeconds(60)).ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception) { }
        }
        var message = $"no Python with {imports} (run scripts/setup.sh, or set NEGSAMPLING_PYTHON)";
        if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail(message);
        Assert.Ignore(message);
        return "";
    }

    public sealed record Output(int ExitCode, string Out, string Err);

    public static Output Run(string python, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        // Debian's python3-torch must not pick up a user site or another interpreter's packages.
        info.Environment.Remove("PYTHONPATH");
        info.Environment.Remove("PYTHONHOME");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(true);
            Assert.Fail($"{python} {string.Join(' ', arguments)} did not finish in {timeout}");
        }
        return new Output(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a reference script and fails the test with its stderr when it fails.</summary>
    public static string RunScript(string python, string script, params string[] arguments)
    {
        var output = Run(python, [Script(script), .. arguments], TimeSpan.FromMinutes(10));
        if (output.ExitCode != 0) Assert.Fail($"{script} failed ({output.ExitCode}): {output.Err}");
        TestContext.Progress.WriteLine(output.Err.Trim());
        return output.Out;
    }
}
