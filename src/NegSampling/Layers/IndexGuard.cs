using TorchSharp;
using static TorchSharp.torch;

namespace NegSampling.Layers;

/// <summary>Validates word-id tensors before they reach native code, where a bad id is a crash, not a message.</summary>
public static class IndexGuard
{
    public static void Check(Tensor idx, long rows, string name)
    {
        if (idx.dtype != ScalarType.Int64 && idx.dtype != ScalarType.Int32)
            throw new ArgumentException($"{name} must hold integer word ids (Int64 or Int32); found {idx.dtype}", name);
        if (idx.numel() == 0) return;
        var flat = idx.reshape(-1);
        var min = flat.min().item<long>();
        if (min < 0)
            throw new ArgumentException($"{name} holds negative id {min} at flat position {flat.argmin().item<long>()}; ids must be in 0..{rows - 1}", name);
        var max = flat.max().item<long>();
        if (max >= rows)
            throw new ArgumentException($"{name} holds id {max} at flat position {flat.argmax().item<long>()}, but the weight has {rows} rows (ids 0..{rows - 1})", name);
    }

    internal static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
