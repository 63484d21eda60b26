using NegSampling.Data;
using static TorchSharp.torch;

namespace NegSampling.Formats;

/// <summary>Reads and writes word vectors in any format this project knows, as words and a V x H matrix.</summary>
internal static class VectorFile
{
    /// <summary>
    /// A directory holds checkpoints; files are told by content, whatever their names: a checkpoint, .npy, a zip or
    /// legacy pickle for PyTorch, a length-prefixed JSON header for safetensors, else word2vec binary or text.
    /// </summary>
    public static VectorFormat Detect(string path)
    {
        if (Directory.Exists(path)) return VectorFormat.Checkpoint;
        if (!File.Exists(path)) throw new FileNotFoundException($"vectors not found: {path}", path);
        var head = new byte[9];
        long length;
        using (var stream = File.OpenRead(path))
        {
            stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            length = stream.Length;
        }
        if (head.AsSpan(0, 6).SequenceEqual("NSCKPT"u8)) return VectorFormat.Checkpoint;
        if (head.AsSpan(0, 8).SequenceEqual(NativeVectors.Magic)) return VectorFormat.Native;
        if (head.AsSpan(0, 6).SequenceEqual(Float16Matrix.NpyMagic)) return VectorFormat.Float16;
        if (head.AsSpan(0, 4).SequenceEqual("PK\u0003\u0004"u8) || head[0] == 0x80)
            return VectorFormat.PyTorch; // a zip, or a legacy pickle
        if (length > 9 && head[8] == '{' && BitConverter.ToUInt64(head, 0) < (ulong)length)
            return VectorFormat.Safetensors;
        return HoldsRawFloats(path) ? VectorFormat.Word2VecBinary : VectorFormat.Word2Vec;
    }

    /// <summary>A format in the user's words, for messages.</summary>
    public static string Describe(VectorFormat format) => format switch
    {
        VectorFormat.Word2Vec => "word2vec text",
        VectorFormat.Word2VecBinary => "word2vec binary",
        VectorFormat.Float16 => "float16 .npy",
        VectorFormat.Native => "native vectors",
        VectorFormat.PyTorch => "PyTorch state_dict",
        VectorFormat.Safetensors => "safetensors",
        VectorFormat.Projector => "Embedding Projector files",
        _ => "checkpoint",
    };

    /// <summary>
    /// Whether the rows after word2vec's header line hold raw float32 bytes: a real row of them holds control
    /// bytes (0-8, 14-31) that text never has, 10 in 100 bytes on average.
    /// </summary>
    private static bool HoldsRawFloats(string path)
    {
        var block = new byte[4096];
        int read;
        using (var stream = File.OpenRead(path))
            read = stream.ReadAtLeast(block, block.Length, throwOnEndOfStream: false);
        var rows = block.AsSpan(0, read);
        var headerEnd = rows.IndexOf((byte)'\n');
        if (headerEnd < 0) return false;
        rows = rows[(headerEnd + 1)..];
        return rows.ContainsAnyInRange((byte)0, (byte)8) || rows.ContainsAnyInRange((byte)14, (byte)31);
    }

    /// <summary>A file's words and V x H float32 vectors, with the one line a loader has to say (duplicate words
    /// dropped), if any, the order its rows are exported in (<see cref="ExportRows"/>; null: as held) and the words'
    /// corpus counts where the file holds them (a checkpoint's).</summary>
    public sealed record Loaded(IReadOnlyList<string> Words, Tensor Vectors, string? Warning,
        IReadOnlyList<int>? ExportRows = null, IReadOnlyList<long>? Counts = null);

    /// <summary>
    /// The words and vectors of a file of any known format (W_in of a checkpoint): the first <paramref name="limit"/>
    /// of them, as gensim's load_word2vec_format(limit=), which the word2vec formats read alone.
    /// </summary>
    public static Loaded Load(string path, long limit = long.MaxValue)
    {
        var format = Detect(path);
        if (format is VectorFormat.Word2Vec or VectorFormat.Word2VecBinary)
            return Word2VecReader.Load(path, format == VectorFormat.Word2VecBinary, limit);
        if (format == VectorFormat.Native)
        {
            var (mappedWords, mapped) = NativeVectors.Load(path, limit);
            return new Loaded(mappedWords, mapped, null);
        }
        if (format != VectorFormat.Float16) return Limited(InputWeights(path), limit);
        var (words, vectors, rows) = Float16Matrix.Load(path);
        return Limited(new Loaded(words, vectors, null, rows), limit);
    }

    /// <summary>The first <paramref name="limit"/> words of what was loaded.</summary>
    private static Loaded Limited(Loaded loaded, long limit)
    {
        if (loaded.Words.Count <= limit) return loaded;
        using (loaded.Vectors)
            return new Loaded(loaded.Words.Take((int)limit).ToList(), loaded.Vectors.narrow(0, 0, limit), null,
                loaded.ExportRows?.Where(row => row < limit).ToList(), loaded.Counts?.Take((int)limit).ToList());
    }

    /// <summary>W_in of a file that holds both weights (a checkpoint or run directory, PyTorch, safetensors), with
    /// its export order and the counts of a checkpoint.</summary>
    private static Loaded InputWeights(string path)
    {
        var weights = ModelWeights.Load(path);
        weights.WOut.Dispose();
        return new Loaded(weights.Words, weights.WIn, null, weights.ExportRows, weights.Counts);
    }

    /// <summary>
    /// Writes words and vectors in an export format, the rows in the order of <paramref name="rows"/> (row ids; null:
    /// as the matrix holds them); the projector's files with the words' <paramref name="counts"/> where given.
    /// </summary>
    public static void Save(IReadOnlyList<string> words, Tensor vectors, string path, VectorFormat format,
        IReadOnlyList<int>? rows = null, IReadOnlyList<long>? counts = null)
    {
        switch (format)
        {
            case VectorFormat.Projector: EmbeddingProjector.Write(words, vectors, counts, path, rows); break;
            case VectorFormat.Word2Vec: Word2VecFormat.Save(words, vectors, path, binary: false, rows); break;
            case VectorFormat.Word2VecBinary: Word2VecFormat.Save(words, vectors, path, binary: true, rows); break;
            case VectorFormat.Float16: Float16Matrix.Save(words, vectors, path, rows); break;
            case VectorFormat.Native: NativeVectors.Save(words, vectors, path, rows); break;
            default:
                throw new ArgumentException(
                    $"{format} holds W_in and W_out; word vectors alone go to word2vec, word2vec-binary, float16, " +
                    "native or projector");
        }
    }

    /// <summary>
    /// The rows in the order the vector exports write them: by falling corpus count, ties in id order, as word2vec
    /// and gensim write their files (so that gensim's limit= and restrict_vocab take the most frequent words), unless
    /// the run asked for the book's order (vocabOrder firstOccurrence), which they keep. Null: the ids' own order.
    /// </summary>
    public static int[]? ExportRows(IReadOnlyList<long> counts, VocabularyOrder? order)
    {
        if (order == VocabularyOrder.FirstOccurrence) return null;
        var byCount = Vocabulary.ByFallingCount(counts);
        return byCount.Where((row, i) => row != i).Any() ? byCount : null;
    }

    /// <summary>
    /// The rows of a contiguous CPU matrix in blocks, in the order of <paramref name="rows"/> (null: in order), with
    /// the index of each block's first row in that order: views where the rows follow one another, else a gathered
    /// copy of the block only, so that no copy of the matrix is made. The caller disposes each block.
    /// </summary>
    public static IEnumerable<(int First, Tensor Block)> Blocks(Tensor values, IReadOnlyList<int>? rows)
    {
        const int rowsPerBlock = 4096;
        var count = (int)values.shape[0];
        for (var first = 0; first < count; first += rowsPerBlock)
        {
            var n = Math.Min(rowsPerBlock, count - first);
            if (rows is null)
            {
                yield return (first, values.narrow(0, first, n));
                continue;
            }
            var ids = new long[n];
            for (var i = 0; i < n; i++) ids[i] = rows[first + i];
            using var index = tensor(ids);
            yield return (first, values.index_select(0, index));
        }
    }
}
