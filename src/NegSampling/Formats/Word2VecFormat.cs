using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using static TorchSharp.torch;

namespace NegSampling.Formats;

/// <summary>
/// The word2vec formats that gensim's KeyedVectors.load_word2vec_format reads. Both start with a "V H"
/// header line. Text: "word v1 ... vH" lines, values in shortest round-trip form. Binary (word2vec.c):
/// "word " then H little-endian float32s, then a newline.
/// </summary>
internal static class Word2VecFormat
{
    /// <summary>Writes the rows of <paramref name="vectors"/> (V x H) with their words, atomically, reading the rows
    /// where the tensor holds them (no copy of the matrix).</summary>
    public static void Save(IReadOnlyList<string> words, Tensor vectors, string path, bool binary)
    {
        const int rowsPerBlock = 4096;
        var h = (int)vectors.shape[1];
        using var values = vectors.detach().cpu().to_type(ScalarType.Float32).contiguous();
        AtomicFile.Write(path, stream =>
        {
            var line = Array.Empty<byte>();
            stream.Write(Encoding.UTF8.GetBytes($"{words.Count} {h}\n"));
            for (var first = 0; first < words.Count; first += rowsPerBlock)
            {
                using var block = values.narrow(0, first, Math.Min(rowsPerBlock, words.Count - first));
                var rows = MemoryMarshal.Cast<byte, float>(block.bytes);
                for (var i = first; i < first + block.shape[0]; i++)
                    stream.Write(Line(words[i], i, rows.Slice((i - first) * h, h), binary, ref line));
            }
        });
    }

    /// <summary>
    /// A word's line, formatted into <paramref name="line"/> (grown as needed): "word v1 ... vH\n" in UTF-8, values in
    /// shortest round-trip form without a string per value, or (binary) "word " then H little-endian float32s and
    /// "\n".
    /// </summary>
    private static ReadOnlySpan<byte> Line(string word, int i, ReadOnlySpan<float> row, bool binary, ref byte[] line)
    {
        if (word.Length == 0 || word.Any(char.IsWhiteSpace))
            throw new ArgumentException(
                $"word {i} ('{word}') is empty or holds white space; the word2vec format cannot store it");
        const int valueBytes = 32; // ' ' and the longest round-trip float, with room to spare
        var most = Encoding.UTF8.GetMaxByteCount(word.Length) + row.Length * valueBytes + 2;
        if (line.Length < most) line = new byte[most];
        var n = Encoding.UTF8.GetBytes(word, line);
        if (binary) line[n++] = (byte)' ';
        foreach (var x in row)
        {
            if (binary)
            {
                BinaryPrimitives.WriteSingleLittleEndian(line.AsSpan(n), x);
                n += sizeof(float);
                continue;
            }
            line[n++] = (byte)' ';
            x.TryFormat(line.AsSpan(n), out var written, "R", CultureInfo.InvariantCulture);
            n += written;
        }
        line[n++] = (byte)'\n';
        return line.AsSpan(0, n);
    }

    /// <summary>The words and their V x H float32 vectors.</summary>
    public static (IReadOnlyList<string> Words, Tensor Vectors) Load(string path, bool binary)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"vectors not found: {path}", path);
        using var stream = new BufferedStream(File.OpenRead(path), 1 << 20);
        var header = ReadToken(stream, path, '\n');
        var parts = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], out var v) || !int.TryParse(parts[1], out var h)
            || v < 1 || h < 1)
            throw new InvalidDataException(
                $"{path}: line 1: expected a header 'V H' (two positive integers), found '{header}'");
        var words = new List<string>(v);
        var values = new float[(long)v * h];
        for (var i = 0; i < v; i++)
        {
            var row = values.AsSpan((int)((long)i * h), h);
            words.Add(binary ? ReadBinaryRow(stream, path, i, row) : ReadTextRow(stream, path, i, row));
        }
        return (words, tensor(values).view(v, h));
    }

    /// <summary>word2vec.c's row: "word " then H little-endian float32s (a newline before the next word).</summary>
    private static string ReadBinaryRow(Stream stream, string path, int i, Span<float> row)
    {
        var word = ReadToken(stream, path, ' ').TrimStart('\n', '\r');
        Span<byte> bytes = stackalloc byte[row.Length * 4];
        if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) != bytes.Length)
            throw new InvalidDataException(
                $"{path}: vector {i + 1} ('{word}') is cut short: expected {row.Length} float32 values");
        for (var j = 0; j < row.Length; j++) row[j] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(j * 4)..]);
        return word;
    }

    /// <summary>A text row: the word and H numbers, separated by single spaces.</summary>
    private static string ReadTextRow(Stream stream, string path, int i, Span<float> row)
    {
        var fields = ReadToken(stream, path, '\n').TrimEnd().Split(' ');
        if (fields.Length != row.Length + 1)
            throw new InvalidDataException(
                $"{path}: line {i + 2}: expected a word and {row.Length} values, found {fields.Length - 1} values");
        for (var j = 0; j < row.Length; j++)
        {
            if (!float.TryParse(fields[j + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out row[j]))
                throw new InvalidDataException(
                    $"{path}: line {i + 2}: value {j + 1} '{fields[j + 1]}' is not a number");
        }
        return fields[0];
    }

    /// <summary>UTF-8 bytes up to (not including) the stop byte.</summary>
    private static string ReadToken(Stream stream, string path, char stop)
    {
        var buffer = new List<byte>(32);
        while (true)
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                if (buffer.Count > 0 && stop == '\n') break;
                throw new InvalidDataException($"{path}: ends early (expected more words)");
            }
            if (b == stop) break;
            buffer.Add((byte)b);
        }
        return Encoding.UTF8.GetString(buffer.ToArray()).TrimEnd('\r');
    }
}
