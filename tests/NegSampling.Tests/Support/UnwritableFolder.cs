using System.Diagnostics;
using System.Runtime.Versioning;
using NUnit.Framework;

namespace NegSampling.Tests.Support;

/// <summary>
/// A folder this process cannot write while the object lives: mode 0555, and for root, whom modes do not stop, the
/// immutable attribute too (chattr +i). Where neither holds, the test is ignored with the reason.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class UnwritableFolder : IDisposable
{
    public UnwritableFolder(string path)
    {
        Path = Directory.CreateDirectory(path).FullName;
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                                   | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        if (Environment.IsPrivilegedProcess && Chattr("+i") != 0)
            Assert.Ignore($"root, and chattr +i failed on {Path}: no way to make a folder unwritable here");
    }

    public string Path { get; }

    public void Dispose()
    {
        if (Environment.IsPrivilegedProcess) Chattr("-i");
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>chattr's exit code; -1 where there is no chattr (e2fsprogs not installed).</summary>
    private int Chattr(string flag)
    {
        var start = new ProcessStartInfo("chattr", [flag, Path]) { RedirectStandardError = true };
        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception) { return -1; }
    }
}
