namespace NegSampling.Data;

/// <summary>Where a plain file can be cut into parts that start lines, one per core, for readers that work at
/// once.</summary>
internal static class TextParts
{
    /// <summary>A byte range of a file.</summary>
    public readonly record struct Part(long Start, long Length);

    /// <summary>
    /// The parts of a seekable file stream: at most <paramref name="maxParts"/>, each at least
    /// <paramref name="minimumPart"/> bytes, each ending just after a line feed (or at the file's end). A stream that
    /// is not a file, or a file too small to cut, gives one part or none.
    /// </summary>
    public static IReadOnlyList<Part> Of(Stream stream, int maxParts, long minimumPart)
    {
        if (stream is not FileStream { CanSeek: true } file) return [];
        var length = file.Length;
        var count = (int)Math.Min(maxParts, length / Math.Max(1, minimumPart));
        var parts = new List<Part>();
        long start = 0;
        for (var k = 1; k < count && start < length; k++)
        {
            var end = LineEndAfter(file, Math.Max(start, length * k / count));
            if (end < 0) break;
            parts.Add(new Part(start, end - start));
            start = end;
        }
        if (start < length) parts.Add(new Part(start, length - start));
        return parts;
    }

    /// <summary>The offset just after the first line feed at or after <paramref name="from"/>, or -1 when there is
    /// none.</summary>
    private static long LineEndAfter(FileStream file, long from)
    {
        var buffer = new byte[1 << 16];
        for (var at = from; ;)
        {
            var read = RandomAccess.Read(file.SafeFileHandle, buffer, at);
            if (read == 0) return -1;
            var lineFeed = buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (lineFeed >= 0) return at + lineFeed + 1;
            at += read;
        }
    }
}
