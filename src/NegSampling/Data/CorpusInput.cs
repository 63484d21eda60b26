using System.IO.Compression;
using SharpCompress.Compressors.BZip2;

namespace NegSampling.Data;

/// <summary>
/// The texts a corpus path names: a file, or every file of a directory in name order (gensim's
/// PathLineSentences). Each file is plain text, gzip, bzip2 or a zip of one text entry (as text8 ships),
/// told by its leading bytes, whatever its name.
/// </summary>
internal static class CorpusInput
{
    /// <summary>One text of a corpus: its name for messages, and its decompressed bytes (owned).</summary>
    public sealed class Text(string name, Stream stream) : IDisposable
    {
        public string Name { get; } = name;

        public Stream Stream { get; } = stream;

        /// <summary>Closes the stream and what it reads.</summary>
        public void Dispose() => Stream.Dispose();
    }

    /// <summary>The files of a corpus path, in the order they are read.</summary>
    public static IReadOnlyList<string> Files(string path)
    {
        if (File.Exists(path)) return [path];
        if (!Directory.Exists(path)) throw new FileNotFoundException($"corpus not found: no file or directory " +
            $"{Path.GetFullPath(path)}", path);
        var files = Directory.GetFiles(path).Order(StringComparer.Ordinal).ToList();
        return files.Count > 0 ? files : throw new InvalidDataException($"corpus directory {path} holds no file");
    }

    /// <summary>Opens each file of the path in turn, decompressed.</summary>
    public static IEnumerable<Text> Open(string path)
    {
        foreach (var file in Files(path)) yield return OpenFile(file);
    }

    private static Text OpenFile(string file)
    {
        var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            Span<byte> head = stackalloc byte[4];
            var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            stream.Position = 0;
            head = head[..read];
            if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
                return new Text($"{file} (gzip)", new GZipStream(stream, CompressionMode.Decompress));
            if (head.StartsWith("BZh"u8))
                return new Text($"{file} (bzip2)",
                    BZip2Stream.Create(stream, SharpCompress.Compressors.CompressionMode.Decompress,
                        decompressConcatenated: true));
            if (head.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04])) return OpenZipEntry(file, stream);
            return new Text(file, stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static Text OpenZipEntry(string file, Stream stream)
    {
        var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
        if (entries.Count != 1)
        {
            zip.Dispose();
            throw new InvalidDataException(
                $"{file}: a zip corpus must hold one text file; it holds {entries.Count} " +
                $"({string.Join(", ", entries.Take(3).Select(e => e.FullName))}{(entries.Count > 3 ? ", ..." : "")})");
        }
        return new Text($"{file} (zip entry {entries[0].FullName})", new ZipEntryStream(zip, entries[0].Open()));
    }

    /// <summary>An entry's stream that closes its archive with it.</summary>
    private sealed class ZipEntryStream(ZipArchive zip, Stream entry) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
        public override int Read(byte[] buffer, int offset, int count) => entry.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => entry.Read(buffer);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                entry.Dispose();
                zip.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
