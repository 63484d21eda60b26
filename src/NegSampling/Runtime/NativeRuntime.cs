using System.Runtime.InteropServices;

namespace NegSampling.Runtime;

/// <summary>
/// Checks, before the first tensor is made, that the native side of TorchSharp can load.
/// TorchSharp 0.107's libLibTorchSharp.so needs GLIBCXX_3.4.32 (GCC 13's libstdc++); without it the
/// first tensor fails deep inside TorchSharp with a long trace, so we look for the symbol version ourselves.
/// </summary>
internal static class NativeRuntime
{
    /// <summary>The libstdc++ symbol version TorchSharp 0.107's native library needs.</summary>
    public const string RequiredGlibcxx = "GLIBCXX_3.4.32";

    static readonly string[] LibstdcxxLocations =
    [
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    ];

    private static int prepared;

    /// <summary>
    /// Makes the process ready for TorchSharp, once, before the first tensor: refuses, with a
    /// <see cref="DllNotFoundException"/> of one line, a libstdc++ that lacks <see cref="RequiredGlibcxx"/>,
    /// and keeps freed memory in glibc (<see cref="KeepFreedMemory"/>).
    /// </summary>
    public static void Prepare()
    {
        if (Interlocked.Exchange(ref prepared, 1) == 1) return;
        if (FindProblem() is { } problem)
        {
            prepared = 0;
            throw new DllNotFoundException(
                $"{problem}; install libstdc++ from GCC 13 or newer (on Debian 12, the repository's scripts/setup.sh " +
                $"does)");
        }
        KeepFreedMemory();
    }

    /// <summary>Null when the runtime can load; otherwise one sentence naming what is missing.</summary>
    public static string? FindProblem()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return null;
        var library = LibstdcxxLocations.FirstOrDefault(File.Exists);
        return library is null ? null : FindProblem(library);
    }

    /// <summary>Checks one libstdc++ file for the symbol version TorchSharp needs.</summary>
    public static string? FindProblem(string libstdcxxPath)
    {
        var bytes = File.ReadAllBytes(libstdcxxPath);
        var needle = System.Text.Encoding.ASCII.GetBytes(RequiredGlibcxx + "\0");
        return bytes.AsSpan().IndexOf(needle) >= 0
            ? null
            : $"{libstdcxxPath} lacks {RequiredGlibcxx}, which TorchSharp's libLibTorchSharp.so needs";
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);

    private const int TrimThreshold = -1; // glibc's M_TRIM_THRESHOLD
    private const int MmapThreshold = -3; // glibc's M_MMAP_THRESHOLD

    /// <summary>
    /// Keeps glibc from handing large blocks back to the OS at every free. Training frees and allocates
    /// V x H gradients every step; with glibc's defaults each is an mmap/munmap and 1,000 page faults,
    /// which made a faithful step's mean time nearly twice its median here. Linux with glibc only;
    /// elsewhere it does nothing. Returns whether the allocator took the settings.
    /// </summary>
    public static bool KeepFreedMemory()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return false;
        try
        {
            return Mallopt(MmapThreshold, 256 << 20) == 1 && Mallopt(TrimThreshold, 1 << 30) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc (musl, for one)
        }
    }
}
