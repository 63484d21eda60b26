using System.Text;
using static TorchSharp.torch;

namespace NegSampling.Formats;

/// <summary>
/// The book's saved form: the word-vector matrix in float16 (the book pickles word_vecs.astype(np.float16)).
/// Kept here as a NumPy .npy file (np.load reads it) with the words, one a line, in a .words.txt beside it.
/// </summary>
internal static class Float16Matrix
{
    /// <summary>The .npy magic: byte 0x93 then "NUMPY".</summary>
    public static ReadOnlySpan<byte> NpyMagic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The words file that goes with a .npy file: name.words.txt.</summary>
    public static string WordsPath(string npyPath) => Path.ChangeExtension(npyPath, null) + ".words.txt";

    /// <summary>Writes the matrix as float16 .npy (atomically) and the words beside it, in the order of
    /// <paramref name="rows"/> (null: as held), a block of rows at a time.</summary>
    public static void Save(IReadOnlyList<string> words, Tensor vectors, string path, IReadOnlyList<int>? rows = null)
    {
        var (v, h) = (words.Count, (int)vectors.shape[1]);
        using var values = vectors.detach().cpu().to_type(ScalarType.Float32).contiguous();
        var header = $"{{'descr': '<f2', 'fortran_order': False, 'shape': ({v}, {h}), }}";
        var total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        WordList.Write(WordsPath(path), rows is null ? words : [.. rows.Select(i => words[i])]);
        AtomicFile.Write(path, stream =>
        {
            stream.Write(NpyMagic);
            stream.WriteByte(1);
            stream.WriteByte(0);
            stream.Write(BitConverter.GetBytes((ushort)header.Length));
            stream.Write(Encoding.ASCII.GetBytes(header));
            var bytes = new byte[2];
            foreach (var (_, block) in VectorFile.Blocks(values, rows))
                using (block)
                    foreach (var x in block.data<float>())
                    {
                        BitConverter.TryWriteBytes(bytes, (Half)x);
                        stream.Write(bytes);
                    }
        });
    }

    /// <summary>The words and their V x H vectors (float16 widened to float32).</summary>
    public static (IReadOnlyList<string> Words, Tensor Vectors, IReadOnlyList<int>? Rows) Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"vectors not found: {path}", path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(NpyMagic))
            throw new InvalidDataException($"{path}: not a NumPy .npy file");
        var headerLength = BitConverter.ToUInt16(bytes, 8);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        if (!header.Contains("'descr': '<f2'") || header.Contains("'fortran_order': True"))
            throw new InvalidDataException(
                $"{path}: expected a C-order float16 ('<f2') matrix; header {header.Trim()}");
        var shape = header[(header.IndexOf("'shape': (", StringComparison.Ordinal) + 10)..].Split(')')[0]
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(int.Parse).ToArray();
        if (shape.Length != 2) throw new InvalidDataException($"{path}: expected a 2-D matrix; shape " +
            $"({string.Join(", ", shape)})");
        var offset = 10 + headerLength;
        if (bytes.Length - offset != shape[0] * shape[1] * 2)
            throw new InvalidDataException($"{path}: {bytes.Length - offset} data bytes, expected " +
                $"{shape[0] * shape[1] * 2}");
        var values = new float[shape[0] * shape[1]];
        for (var i = 0; i < values.Length; i++) values[i] = (float)BitConverter.ToHalf(bytes, offset + 2 * i);
        var wordsPath = WordsPath(path);
        var words = WordList.Read(wordsPath, path);
        if (words.Length != shape[0]) throw new InvalidDataException($"{wordsPath}: {words.Length} words for " +
            $"{shape[0]} rows");
        return (words, tensor(values).view(shape[0], shape[1]), null);
    }
}
