using System.Globalization;
using System.Text;
using static TorchSharp.torch;

namespace NegSampling.Formats;

/// <summary>
/// The files TensorFlow's Embedding Projector loads (the standalone one at projector.tensorflow.org, and
/// TensorBoard's), as PyTorch's SummaryWriter.add_embedding writes them: tensors.tsv (a row of H numbers per word),
/// metadata.tsv (a "word TAB count" header, then a line per word) and projector_config.pbtxt.
/// </summary>
internal static class EmbeddingProjector
{
    public const string TensorsFile = "tensors.tsv";
    public const string MetadataFile = "metadata.tsv";
    public const string ConfigFile = "projector_config.pbtxt";

    /// <summary>
    /// Writes the three files into <paramref name="directory"/> (created if missing; each file replaced atomically),
    /// the rows in the order of <paramref name="rows"/> (null: as held). The count column holds
    /// <paramref name="counts"/> and stays empty without them.
    /// </summary>
    public static void Write(IReadOnlyList<string> words, Tensor vectors, IReadOnlyList<long>? counts,
        string directory, IReadOnlyList<int>? rows)
    {
        rows ??= [.. Enumerable.Range(0, words.Count)];
        foreach (var row in rows)
            if (words[row].AsSpan().IndexOfAny('\t', '\n', '\r') >= 0)
                throw new InvalidDataException($"cannot write the projector's files into {directory}: the word " +
                    $"'{Escaped(words[row])}' holds a tab or a line break, which the projector's TSV files cannot " +
                    "hold");
        if (File.Exists(directory))
            throw new IOException($"cannot write the projector's files into {directory}: it is a file");
        Directory.CreateDirectory(directory);
        float[] values;
        using (var held = vectors.detach().cpu().to_type(ScalarType.Float32).contiguous())
            values = held.data<float>().ToArray();
        var dimensions = (int)vectors.shape[1];
        WriteText(Path.Combine(directory, TensorsFile), w =>
        {
            foreach (var row in rows)
                w.Write(string.Join('\t', values.AsSpan(row * dimensions, dimensions).ToArray()
                    .Select(v => v.ToString(CultureInfo.InvariantCulture))) + "\n");
        });
        WriteText(Path.Combine(directory, MetadataFile), w =>
        {
            w.Write("word\tcount\n");
            foreach (var row in rows) w.Write($"{words[row]}\t{counts?[row]}\n");
        });
        WriteText(Path.Combine(directory, ConfigFile), w => w.Write(
            "embeddings {\n" +
            "  tensor_name: \"word vectors\"\n" +
            $"  tensor_shape: {rows.Count}\n" +
            $"  tensor_shape: {dimensions}\n" +
            $"  tensor_path: \"{TensorsFile}\"\n" +
            $"  metadata_path: \"{MetadataFile}\"\n" +
            "}\n"));
    }

    /// <summary>A word as a message shows it on one line: tabs and line breaks as \t, \n and \r.</summary>
    private static string Escaped(string word) => word.Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");

    private static void WriteText(string path, Action<TextWriter> write) => AtomicFile.Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        write(writer);
    });
}
