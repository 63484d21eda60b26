using static TorchSharp.torch;

namespace NegSampling.Layers;

/// <summary>Validates word-id tensors before they reach native code, where a bad id is a crash, not a
/// message.</summary>
internal static class IndexGuard
{
    /// <summary>Throws unless idx holds Int64 or Int32 ids in 0..rows-1.</summary>
    public static void Check(Tensor idx, long rows, string name)
    {
        if (idx.dtype != ScalarType.Int64 && idx.dtype != ScalarType.Int32)
            throw new ArgumentException($"{name} must hold integer word ids (Int64 or Int32); found {idx.dtype}");
        if (idx.numel() == 0) return;
        using var scope = NewDisposeScope();
        var flat = AsInt64(idx).reshape(-1);
        var min = flat.min().item<long>();
        if (min < 0)
            throw new ArgumentException(
                $"{name} holds negative id {min} at flat position {flat.argmin().item<long>()}; ids must be in " +
                $"0..{rows - 1}");
        var max = flat.max().item<long>();
        if (max >= rows)
            throw new ArgumentException(
                $"{name} holds id {max} at flat position {flat.argmax().item<long>()}, " +
                $"but the weight has {rows} rows (ids 0..{rows - 1})");
    }

    /// <summary>The id as a row index of a weight with <paramref name="rows"/> rows, checked before any memory is read
    /// or written through it.</summary>
    public static int Row(long id, long rows) =>
        (ulong)id < (ulong)rows ? (int)id : throw new ArgumentException($"id {id} is outside 0..{rows - 1}");

    /// <summary>The ids as Int64 (libtorch's index type): idx itself when it already is.</summary>
    public static Tensor AsInt64(Tensor idx) => idx.dtype == ScalarType.Int64 ? idx : idx.to_type(ScalarType.Int64);

    public static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
