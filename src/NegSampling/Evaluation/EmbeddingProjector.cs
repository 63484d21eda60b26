using System.Globalization;
using System.Text;
using NegSampling.Formats;
using NegSampling.Runtime;

namespace NegSampling.Evaluation;

/// <summary>
/// The files TensorFlow's Embedding Projector loads (the standalone one at projector.tensorflow.org, and
/// TensorBoard's), as PyTorch's SummaryWriter.add_embedding writes them: tensors.tsv (a row of H numbers per word),
/// metadata.tsv (a "word TAB count" header, then a line per word) and projector_config.pbtxt.
/// </summary>
public static class EmbeddingProjector
{
    /// <summary>The vectors' file name.</summary>
    public const string TensorsFile = "tensors.tsv";

    /// <summary>The words' file name.</summary>
    public const string MetadataFile = "metadata.tsv";

    /// <summary>The config's file name.</summary>
    public const string ConfigFile = "projector_config.pbtxt";

    /// <summary>
    /// Writes the three files into <paramref name="directory"/> (created if missing; each file replaced atomically)
    /// from a vectors file (anything <see cref="WordVectors.Load"/> reads). The count column holds a checkpoint's
    /// corpus counts and stays empty for files that hold none. <paramref name="top"/> keeps the most frequent words
    /// only (by the counts, else the file's first rows), written in the order of the vector exports (by falling count
    /// unless the run asked for the book's order). Returns the words and dimensions written, and whether counts
    /// were.
    /// </summary>
    public static (int Words, long Dimensions, bool Counts) Write(string vectorsPath, string directory,
        int? top = null)
    {
        NativeRuntime.Prepare();
        var vectors = WordVectors.Load(vectorsPath);
        using (vectors)
        {
            var counts = vectors.Counts;
            var rows = vectors.MostFrequentRows(top ?? vectors.Count);
            // Written as the vector exports write them: by falling count, else in id order (the book's order, a
            // vocabulary already by frequency, a file without counts).
            if (vectors.ExportRows is null) rows = [.. rows.Order()];
            foreach (var row in rows)
                if (vectors.Words[row].AsSpan().IndexOfAny('\t', '\n', '\r') >= 0)
                    throw new InvalidDataException($"{vectorsPath}: the word at row {row} holds a tab or a line " +
                        "break, which the projector's TSV files cannot hold");
            if (File.Exists(directory))
                throw new IOException($"cannot write the projector's files into {directory}: it is a file");
            Directory.CreateDirectory(directory);
            var values = vectors.Vectors.cpu().data<float>().ToArray();
            var dimensions = (int)vectors.Dimensions;
            WriteText(Path.Combine(directory, TensorsFile), w =>
            {
                foreach (var row in rows)
                    w.Write(string.Join('\t', values.AsSpan(row * dimensions, dimensions).ToArray()
                        .Select(v => v.ToString(CultureInfo.InvariantCulture))) + "\n");
            });
            WriteText(Path.Combine(directory, MetadataFile), w =>
            {
                w.Write("word\tcount\n");
                foreach (var row in rows) w.Write($"{vectors.Words[row]}\t{counts?[row]}\n");
            });
            WriteText(Path.Combine(directory, ConfigFile), w => w.Write(
                "embeddings {\n" +
                "  tensor_name: \"word vectors\"\n" +
                $"  tensor_shape: {rows.Count}\n" +
                $"  tensor_shape: {dimensions}\n" +
                $"  tensor_path: \"{TensorsFile}\"\n" +
                $"  metadata_path: \"{MetadataFile}\"\n" +
                "}\n"));
            return (rows.Count, dimensions, counts is not null);
        }
    }

    private static void WriteText(string path, Action<TextWriter> write) => AtomicFile.Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        write(writer);
    });
}
