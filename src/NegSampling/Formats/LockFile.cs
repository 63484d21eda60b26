using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace NegSampling.Formats;

/// <summary>
/// An exclusive OS lock on a lock file, held while this object lives: FileShare.None, which .NET takes as flock on
/// Linux. The kernel drops it when the process ends, however it ends, so a killed process leaves no stale lock. The
/// holder writes its process id into the file for the message of whoever it keeps out. The file is never deleted:
/// a process still opening a deleted lock file would lock a file no later process sees.
/// </summary>
internal sealed class LockFile : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly FileStream stream;

    private LockFile(FileStream stream) => this.stream = stream;

    /// <summary>Takes the lock, or returns null, with the id of the process that holds it (null when it cannot be
    /// read), when another open of the file holds it.</summary>
    public static LockFile? TryTake(string path, out int? holder)
    {
        holder = null;
        FileStream stream;
        try { stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (IOException e) when (e.HResult is EWouldBlock)
        {
            holder = Holder(path);
            return null;
        }
        try
        {
            stream.SetLength(0);
            stream.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
            stream.Flush();
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        return new LockFile(stream);
    }

    /// <summary>Takes the lock, waiting while another process holds it.</summary>
    public static LockFile Wait(string path)
    {
        while (true)
        {
            if (TryTake(path, out _) is { } taken) return taken;
            Thread.Sleep(PollInterval);
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => stream.Dispose();

    /// <summary>Linux's EWOULDBLOCK, the error .NET's FileShare.None gives when another open holds the flock.</summary>
    private const int EWouldBlock = 11;

    /// <summary>The process id the holder wrote. Read through libc: every .NET open of the file takes a flock
    /// itself, which the holder's refuses.</summary>
    private static int? Holder(string path)
    {
        try
        {
            var fd = Open(path, 0);
            if (fd < 0) return null;
            var buffer = new byte[32];
            var read = Read(fd, buffer, buffer.Length);
            Close(fd);
            return read > 0 && int.TryParse(Encoding.ASCII.GetString(buffer, 0, (int)read).Trim(),
                NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "open")]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "read")]
    private static extern nint Read(int fd, byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
