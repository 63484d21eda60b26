using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using static TorchSharp.torch;

namespace NegSampling.Formats;

/// <summary>
/// Writes the word2vec formats that gensim's KeyedVectors.load_word2vec_format reads (<see cref="Word2VecReader"/>
/// reads them). Both start with a "V H" header line. Text: "word v1 ... vH" lines, values in shortest round-trip
/// form. Binary (word2vec.c): "word " then H little-endian float32s, then a newline.
/// </summary>
internal static class Word2VecFormat
{
    /// <summary>Writes the rows of <paramref name="vectors"/> (V x H) with their words, atomically, in the order of
    /// <paramref name="rows"/> (null: as held), reading the rows where the tensor holds them (no copy of the
    /// matrix).</summary>
    public static void Save(IReadOnlyList<string> words, Tensor vectors, string path, bool binary,
        IReadOnlyList<int>? rows = null)
    {
        var h = (int)vectors.shape[1];
        using var values = vectors.detach().cpu().to_type(ScalarType.Float32).contiguous();
        AtomicFile.Write(path, stream =>
        {
            var line = Array.Empty<byte>();
            stream.Write(Encoding.UTF8.GetBytes($"{words.Count} {h}\n"));
            foreach (var (first, block) in VectorFile.Blocks(values, rows))
                using (block)
                {
                    var data = MemoryMarshal.Cast<byte, float>(block.bytes);
                    for (var i = 0; i < block.shape[0]; i++)
                    {
                        var row = rows?[first + i] ?? first + i;
                        stream.Write(Line(words[row], row, data.Slice(i * h, h), binary, ref line));
                    }
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
}
