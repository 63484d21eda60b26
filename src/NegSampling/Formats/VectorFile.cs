using NegSampling.Evaluation;
using NegSampling.Training;

namespace NegSampling.Formats;

public enum VectorFormat { Checkpoint, Word2Vec, Word2VecBinary, Float16 }

/// <summary>Opens word vectors from any file this project writes: a checkpoint (W_in) or an exported file.</summary>
public static class VectorFile
{
    /// <summary>A directory holds checkpoints; files by content for checkpoints and .npy; otherwise .bin means word2vec binary and anything else word2vec text.</summary>
    public static VectorFormat Detect(string path)
    {
        if (Directory.Exists(path)) return VectorFormat.Checkpoint;
        if (!File.Exists(path)) throw new FileNotFoundException($"vectors not found: {path}", path);
        var head = new byte[8];
        using (var stream = File.OpenRead(path)) stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (head.AsSpan(0, 6).SequenceEqual("NSCKPT"u8)) return VectorFormat.Checkpoint;
        if (head.AsSpan(0, 6).SequenceEqual(Float16Matrix.NpyMagic)) return VectorFormat.Float16;
        return path.EndsWith(".bin", StringComparison.OrdinalIgnoreCase) ? VectorFormat.Word2VecBinary : VectorFormat.Word2Vec;
    }

    public static WordVectors Load(string path) => Detect(path) switch
    {
        VectorFormat.Checkpoint => FromCheckpoint(path),
        VectorFormat.Float16 => Float16Matrix.Load(path),
        VectorFormat.Word2VecBinary => Word2VecFormat.Load(path, binary: true),
        _ => Word2VecFormat.Load(path, binary: false),
    };

    /// <summary>W_in of a checkpoint file, or of the newest checkpoint in a directory.</summary>
    public static WordVectors FromCheckpoint(string fileOrDirectory)
    {
        using var checkpoint = Checkpoint.Load(Checkpoint.Resolve(fileOrDirectory));
        if (!checkpoint.Tensors.TryGetValue("W_in", out var wIn)) throw new InvalidDataException($"{fileOrDirectory}: checkpoint has no W_in");
        return new WordVectors(checkpoint.Words, wIn.clone());
    }

    public static void Save(WordVectors vectors, string path, VectorFormat format)
    {
        switch (format)
        {
            case VectorFormat.Word2Vec: Word2VecFormat.Save(vectors, path, binary: false); break;
            case VectorFormat.Word2VecBinary: Word2VecFormat.Save(vectors, path, binary: true); break;
            case VectorFormat.Float16: Float16Matrix.Save(vectors, path); break;
            default: throw new ArgumentException($"cannot export to {format}; choose word2vec, word2vec-binary or float16");
        }
    }
}
