using System.Numerics;
using System.Runtime.InteropServices;
using NegSampling.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace NegSampling.Fast;

/// <summary>
/// The fast path's two row operations on CPU tensor memory, a row of W at a time with SIMD, for ids of
/// shape N or B x M and vectors v with one row per M ids (v[n / M] goes with ids[n]):
/// <list type="bullet">
/// <item><see cref="TryAdd"/>: W[ids[n]] += scale * c[n] * v[n / M], repeats accumulating (Embedding's
/// update). Given as coefficients and vectors, EmbeddingDot's dtarget_W = dout * h is never materialised,
/// and rows with a zero coefficient (masked slots) are skipped. libtorch's scatter_add_ goes element by
/// element.</item>
/// <item><see cref="TryDot"/>: s[n] = W[ids[n]] . v[n / M] (EmbeddingDot's scores) without gathering W[ids]
/// first: one pass over each row where index_select, a product and a sum take three.</item>
/// </list>
/// Each returns false (or null), touching nothing, when the tensors are not all on the CPU, contiguous and
/// of one float type with int64 ids; the callers then use the libtorch route, which gives the same numbers.
/// </summary>
internal static class CpuRowKernels
{
    public static bool TryAdd(Tensor w, Tensor ids, Tensor vectors, Tensor? coefficients, double scale)
    {
        if (!Walkable(w, ids, vectors)) return false;
        if (coefficients is not null
            && (!OnCpuContiguous(coefficients, w.dtype) || coefficients.numel() != ids.numel())) return false;
        var idSpan = CheckedIds(w, ids);
        var (width, idsPerVector) = ((int)w.shape[1], (int)(ids.numel() / vectors.shape[0]));
        switch (w.dtype)
        {
            case ScalarType.Float32:
                Add(Span<float>(w), width, idSpan, idsPerVector, Span<float>(vectors),
                    coefficients is null ? default : Span<float>(coefficients), (float)scale);
                return true;
            default:
                Add(Span<double>(w), width, idSpan, idsPerVector, Span<double>(vectors),
                    coefficients is null ? default : Span<double>(coefficients), scale);
                return true;
        }
    }

    /// <summary>The scores s (shape of ids), or null when the tensors do not allow the kernel.</summary>
    public static Tensor? TryDot(Tensor w, Tensor ids, Tensor vectors)
    {
        if (!Walkable(w, ids, vectors)) return null;
        var idSpan = CheckedIds(w, ids);
        var (width, idsPerVector) = ((int)w.shape[1], (int)(ids.numel() / vectors.shape[0]));
        var scores = empty(ids.shape, w.dtype);
        if (w.dtype == ScalarType.Float32) Dot(Span<float>(w), width, idSpan, idsPerVector, Span<float>(vectors),
            Span<float>(scores));
        else Dot(Span<double>(w), width, idSpan, idsPerVector, Span<double>(vectors), Span<double>(scores));
        return scores;
    }

    private static bool Walkable(Tensor w, Tensor ids, Tensor vectors) =>
        w.dtype is ScalarType.Float32 or ScalarType.Float64
        && OnCpuContiguous(w, w.dtype) && OnCpuContiguous(vectors, w.dtype) && OnCpuContiguous(ids, ScalarType.Int64)
        && w.dim() == 2 && vectors.dim() == 2 && vectors.shape[1] == w.shape[1]
        && vectors.shape[0] > 0 && ids.numel() % vectors.shape[0] == 0;

    private static bool OnCpuContiguous(Tensor t, ScalarType dtype) =>
        t.device_type == DeviceType.CPU && t.is_contiguous() && t.dtype == dtype
        && t.numel() <= int.MaxValue / sizeof(double); // spans are int-sized

    /// <summary>The ids, each checked against W's rows before any memory is read or written through it.</summary>
    private static ReadOnlySpan<long> CheckedIds(Tensor w, Tensor ids)
    {
        var idSpan = Span<long>(ids);
        foreach (var id in idSpan) IndexGuard.Row(id, w.shape[0]);
        return idSpan;
    }

    private static void Add<T>(Span<T> w, int width, ReadOnlySpan<long> ids, int idsPerVector, ReadOnlySpan<T> vectors,
        ReadOnlySpan<T> coefficients, T scale) where T : unmanaged, INumber<T>
    {
        for (var n = 0; n < ids.Length; n++)
        {
            var factor = coefficients.IsEmpty ? scale : scale * coefficients[n];
            if (factor == T.Zero) continue;
            RowMath.AddScaled(w.Slice((int)ids[n] * width, width), factor,
                vectors.Slice(n / idsPerVector * width, width));
        }
    }

    private static void Dot<T>(ReadOnlySpan<T> w, int width, ReadOnlySpan<long> ids, int idsPerVector,
        ReadOnlySpan<T> vectors,
        Span<T> scores) where T : unmanaged, INumber<T>
    {
        for (var n = 0; n < ids.Length; n++)
            scores[n] = RowMath.Dot(w.Slice((int)ids[n] * width, width),
                vectors.Slice(n / idsPerVector * width, width));
    }

    /// <summary>A CPU tensor's memory as a span of its element type (the caller has checked dtype and
    /// layout).</summary>
    internal static Span<T> Span<T>(Tensor t) where T : unmanaged => MemoryMarshal.Cast<byte, T>(t.bytes);
}
