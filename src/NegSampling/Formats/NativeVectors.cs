using System.Buffers.Binary;
using System.Text;
using static TorchSharp.torch;

namespace NegSampling.Formats;

/// <summary>
/// The native vectors file, laid out to be mapped instead of read: "NSVECTR1", V, H and the words block's length
/// (little-endian uint64s), the words (UTF-8, "\n" after each), zeros up to a multiple of 64 bytes, then the V x H
/// float32 matrix, row-major, little-endian, to the file's end. Loading reads the header and the words and maps the
/// matrix copy-on-write (libtorch's from_file): its pages come from the page cache, shared by every process that maps
/// the file, when a query touches them.
/// </summary>
internal static class NativeVectors
{
    public static ReadOnlySpan<byte> Magic => "NSVECTR1"u8;
    private const int HeaderBytes = 32;
    private const int Alignment = 64;

    /// <summary>Writes the words and the matrix atomically, in the order of <paramref name="rows"/> (null: as held),
    /// a block of rows at a time from the tensor's memory.</summary>
    public static void Save(IReadOnlyList<string> words, Tensor vectors, string path, IReadOnlyList<int>? rows = null)
    {
        var block = new StringBuilder();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[rows?[i] ?? i];
            if (word.Length == 0 || word.Contains('\n'))
                throw new ArgumentException($"the word '{word}' is empty or holds a line break; the native vectors " +
                    "file cannot store it");
            block.Append(word).Append('\n');
        }
        var wordBytes = Encoding.UTF8.GetBytes(block.ToString());
        using var values = vectors.detach().cpu().to_type(ScalarType.Float32).contiguous();
        AtomicFile.Write(path, stream =>
        {
            Span<byte> header = stackalloc byte[HeaderBytes];
            Magic.CopyTo(header);
            BinaryPrimitives.WriteUInt64LittleEndian(header[8..], (ulong)words.Count);
            BinaryPrimitives.WriteUInt64LittleEndian(header[16..], (ulong)values.shape[1]);
            BinaryPrimitives.WriteUInt64LittleEndian(header[24..], (ulong)wordBytes.Length);
            stream.Write(header);
            stream.Write(wordBytes);
            stream.Write(new byte[MatrixOffset(wordBytes.Length) - HeaderBytes - wordBytes.Length]);
            foreach (var (_, rowBlock) in VectorFile.Blocks(values, rows))
                using (rowBlock)
                    stream.Write(rowBlock.bytes);
        });
    }

    private static long MatrixOffset(long wordBytes) =>
        (HeaderBytes + wordBytes + Alignment - 1) / Alignment * Alignment;

    /// <summary>
    /// The words, read, and the matrix, mapped. The header's sizes are checked against the file's length before
    /// anything is mapped or allocated: the file must end where the matrix does.
    /// </summary>
    public static (IReadOnlyList<string> Words, Tensor Vectors) Load(string path, long limit = long.MaxValue)
    {
        string[] words;
        long v, h, offset, rows;
        using (var stream = File.OpenRead(path))
        {
            Span<byte> header = stackalloc byte[HeaderBytes];
            var length = stream.Length;
            if (stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) < HeaderBytes
                || !header[..8].SequenceEqual(Magic))
                throw new InvalidDataException($"{path}: not a native vectors file (expected '{"NSVECTR1"}' and a " +
                    $"{HeaderBytes}-byte header)");
            var (rawV, rawH, rawWords) = (BinaryPrimitives.ReadUInt64LittleEndian(header[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(header[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(header[24..]));
            var promised = rawWords > (ulong)length ? (Int128)ulong.MaxValue
                : MatrixOffset((long)rawWords) + (Int128)rawV * rawH * sizeof(float);
            if (rawV < 1 || rawH < 1 || rawH > int.MaxValue || promised != length)
                throw new InvalidDataException($"{path}: the header promises {rawV:N0} vectors of {rawH:N0} values " +
                    $"and {rawWords:N0} bytes of words ({promised:N0} bytes in all), but the file holds {length:N0} " +
                    "bytes; the file is cut short or not written by this program");
            (v, h, offset) = ((long)rawV, (long)rawH, MatrixOffset((long)rawWords));
            rows = Math.Min(v, limit);
            words = ReadWords(stream, (long)rawWords, v, rows, path);
        }
        using var file = from_file(path, shared: false, size: (offset + v * h * sizeof(float)) / sizeof(float),
            dtype: ScalarType.Float32);
        var matrix = file.narrow(0, offset / sizeof(float), rows * h).view(rows, h);
        return (words, matrix);
    }

    /// <summary>
    /// The first <paramref name="rows"/> of the words block's <paramref name="v"/> words, decoded one by one from a
    /// small buffer into an array of their number (the later ones only counted): no copy of the block, of its text
    /// or of the array is held beside the words.
    /// </summary>
    private static string[] ReadWords(Stream stream, long bytes, long v, long rows, string path)
    {
        var words = new string[rows];
        var buffer = new byte[1 << 16];
        var (start, end, left, count) = (0, 0, bytes, 0L);
        while (true)
        {
            var data = buffer.AsSpan(start, end - start);
            for (var stop = data.IndexOf((byte)'\n'); stop >= 0; stop = data.IndexOf((byte)'\n'))
            {
                if (count < rows) words[count] = Encoding.UTF8.GetString(data[..stop]);
                count++;
                data = data[(stop + 1)..];
                start += stop + 1;
            }
            if (left == 0) break;
            var kept = end - start; // the start of a word that the next read ends
            buffer.AsSpan(start, kept).CopyTo(buffer);
            if (kept == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            var read = stream.Read(buffer, kept, (int)Math.Min(buffer.Length - kept, left));
            if (read == 0) break;
            (start, end, left) = (0, kept + read, left - read);
        }
        if (count != v || start != end)
            throw new InvalidDataException($"{path}: the header promises {v:N0} words, found {count:N0}");
        return words;
    }
}
