using static TorchSharp.torch;

namespace NegSampling.Formats;

/// <summary>
/// A model's two weights, as the PyTorch reference's module names them (w_in.weight and w_out.weight, each V x H)
/// with the vocabulary they go with: what a state_dict or safetensors file holds, and what a run starts from.
/// It owns the two tensors (a class, not a record: no copy may share what this one disposes).
/// </summary>
internal sealed class ModelWeights(IReadOnlyList<string> words, Tensor wIn, Tensor wOut) : IDisposable
{
    /// <summary>The vocabulary, in row order.</summary>
    public IReadOnlyList<string> Words { get; } = words;

    /// <summary>W_in (V x H): the word vectors.</summary>
    public Tensor WIn { get; } = wIn;

    /// <summary>W_out (V x H): the negative-sampling loss's output vectors.</summary>
    public Tensor WOut { get; } = wOut;

    /// <summary>The rows in the order the vector formats write them (<see cref="VectorFile.ExportRows"/>; null: in
    /// id order). The PyTorch formats keep the ids' order, so that their rows stay the checkpoint's ids.</summary>
    internal IReadOnlyList<int>? ExportRows { get; init; }

    /// <summary>Each word's corpus count, in row order, where the weights come from a run or a checkpoint; null for
    /// the PyTorch formats, which hold none.</summary>
    internal IReadOnlyList<long>? Counts { get; init; }

    /// <summary>W_in's name in a state_dict: the reference module's w_in embedding.</summary>
    public const string WInName = "w_in.weight";

    /// <summary>W_out's name in a state_dict.</summary>
    public const string WOutName = "w_out.weight";

    /// <summary>W_in and W_out of a checkpoint file, or of the newest checkpoint in a run directory.</summary>
    public static ModelWeights FromCheckpoint(string fileOrDirectory)
    {
        using var checkpoint = Checkpoint.Load(Checkpoint.Resolve(fileOrDirectory));
        return new ModelWeights(checkpoint.Words, checkpoint.Tensor(Checkpoint.WIn).clone(),
            checkpoint.Tensor(Checkpoint.WOut).clone())
        { ExportRows = checkpoint.ExportRows, Counts = checkpoint.Counts };
    }

    /// <summary>The weights of a checkpoint, a PyTorch state_dict (.pt) or a safetensors file, told by
    /// content.</summary>
    public static ModelWeights Load(string path) => VectorFile.Detect(path) switch
    {
        VectorFormat.Checkpoint => FromCheckpoint(path),
        VectorFormat.PyTorch => PyTorchStateDict.Load(path),
        VectorFormat.Safetensors => SafetensorsFile.Load(path),
        var other => throw new InvalidDataException(
            $"{path}: a {VectorFile.Describe(other)} file holds word vectors (W_in) only; both weights come from a " +
            "checkpoint, a PyTorch state_dict or safetensors (WordVectors.Load reads vector files)"),
    };

    /// <summary>Writes the weights in a format: both for PyTorch and safetensors, W_in for the vector formats and
    /// the projector's files.</summary>
    public void Save(string path, VectorFormat format)
    {
        switch (format)
        {
            case VectorFormat.PyTorch: PyTorchStateDict.Save(path, this); break;
            case VectorFormat.Safetensors: SafetensorsFile.Save(path, this); break;
            default: VectorFile.Save(Words, WIn, path, format, ExportRows, Counts); break;
        }
    }

    /// <summary>Writes weights that stay the caller's, as <see cref="Save"/> does, through views of them (freeing a
    /// view frees no storage): no copy of the matrices is made.</summary>
    public static void SaveViews(IReadOnlyList<string> words, Tensor wIn, Tensor wOut, IReadOnlyList<int>? exportRows,
        IReadOnlyList<long>? counts, string path, VectorFormat format)
    {
        using var views = new ModelWeights(words, wIn.detach(), wOut.detach())
        { ExportRows = exportRows, Counts = counts };
        views.Save(path, format);
    }

    /// <summary>Both weights by their state_dict names.</summary>
    internal IReadOnlyList<(string Name, Tensor Tensor)> Named => [(WInName, WIn), (WOutName, WOut)];

    /// <summary>Both weights by their state_dict names as the files hold them: contiguous float32 on the CPU (new
    /// tensors, for the caller's dispose scope, where a conversion was needed).</summary>
    internal IReadOnlyList<(string Name, Tensor Tensor)> ForFile() =>
        [.. Named.Select(w => (w.Name, w.Tensor.detach().cpu().to_type(ScalarType.Float32).contiguous()))];

    /// <summary>Checks the shapes: two V x H matrices for the V words.</summary>
    internal ModelWeights Checked(string path)
    {
        foreach (var (name, t) in Named)
            if (t.dim() != 2 || t.shape[0] != Words.Count || !t.is_floating_point())
                throw new InvalidDataException(
                    $"{path}: {name} is {t.dtype} [{string.Join(", ", t.shape)}]; " +
                    $"expected a float [{Words.Count}, H] matrix " +
                    $"for the {Words.Count:N0} words of the vocabulary");
        if (WIn.shape[1] != WOut.shape[1])
            throw new InvalidDataException($"{path}: {WInName} has {WIn.shape[1]} columns and {WOutName} " +
                $"{WOut.shape[1]}");
        return this;
    }

    /// <summary>Frees both tensors.</summary>
    public void Dispose()
    {
        WIn.Dispose();
        WOut.Dispose();
    }
}
