using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace NegSampling.Fast;

/// <summary>The two operations on one row of a weight that every fast-path kernel is made of, with SIMD.</summary>
internal static unsafe class RowMath
{
    /// <summary>a . b over the length of a (b at least as long).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Dot<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, INumber<T>
    {
        b = b[..a.Length];
        ref var x = ref MemoryMarshal.GetReference(a);
        ref var y = ref MemoryMarshal.GetReference(b);
        var lanes = Vector<T>.Count;
        var sum = Vector<T>.Zero;
        var j = 0;
        for (; j <= a.Length - lanes; j += lanes)
            sum = MultiplyAdd(Vector.LoadUnsafe(ref x, (nuint)j), Vector.LoadUnsafe(ref y, (nuint)j), sum);
        var s = Vector.Sum(sum);
        for (; j < a.Length; j++) s += a[j] * b[j];
        return s;
    }

    /// <summary>target += factor * source over the length of target (source at least as long).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled<T>(Span<T> target, T factor, ReadOnlySpan<T> source) where T : unmanaged, INumber<T>
    {
        source = source[..target.Length];
        ref var t = ref MemoryMarshal.GetReference(target);
        ref var s = ref MemoryMarshal.GetReference(source);
        var lanes = Vector<T>.Count;
        var f = new Vector<T>(factor);
        var j = 0;
        for (; j <= target.Length - lanes; j += lanes)
            Vector.StoreUnsafe(MultiplyAdd(f, Vector.LoadUnsafe(ref s, (nuint)j), Vector.LoadUnsafe(ref t, (nuint)j)),
                ref t, (nuint)j);
        for (; j < target.Length; j++) target[j] += factor * source[j];
    }

    /// <summary>
    /// Asks the CPU to bring a row into cache ahead of its use (x86; elsewhere nothing): the rows a sample uses
    /// are random rows of V x H matrices, and their cache misses, not the arithmetic, bound the fast path.
    /// </summary>
    public static void Prefetch<T>(ReadOnlySpan<T> row) where T : unmanaged
    {
        if (!Sse.IsSupported || row.IsEmpty) return;
        var start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(row));
        var end = start + row.Length * sizeof(T);
        for (var line = start; line < end; line += 64) Sse.Prefetch0(line);
    }

    /// <summary>a * b + c, fused (one rounding) where the CPU has FMA.</summary>
    private static Vector<T> MultiplyAdd<T>(Vector<T> a, Vector<T> b, Vector<T> c) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float))
            return Vector.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        return a * b + c;
    }
}
