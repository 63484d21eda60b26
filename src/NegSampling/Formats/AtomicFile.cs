namespace NegSampling.Formats;

/// <summary>
/// Writes a file through a temporary one beside it that is renamed over the target only once complete, so
/// a crash or an error mid-write never leaves a half-written file where a good one was.
/// </summary>
internal static class AtomicFile
{
    public const string TemporarySuffix = ".tmp";

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; with flushToDisk, fsynced before the
    /// rename. <paramref name="wrap"/>, when given, stands between the writer and the file, unbuffered (tests
    /// inject failing writes with it).</summary>
    public static void Write(string path, Action<Stream> write, bool flushToDisk = false,
        Func<Stream, Stream>? wrap = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"cannot write {path}: the directory {directory} does not exist");
        if (Directory.Exists(path)) throw new IOException($"cannot write {path}: it is a directory");
        var temporary = path + TemporarySuffix;
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                write(wrap is null ? stream : wrap(stream));
                stream.Flush(flushToDisk);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            if (File.Exists(temporary)) File.Delete(temporary);
            throw;
        }
    }
}
