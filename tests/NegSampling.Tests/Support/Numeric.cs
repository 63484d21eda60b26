using NUnit.Framework;
using static TorchSharp.torch;

namespace NegSampling.Tests.Support;

/// <summary>Independent routes to gradients and tolerant comparisons of tensors.</summary>
public static class Numeric
{
    /// <summary>Central differences of a scalar function with respect to every element of x (float64).</summary>
    public static Tensor Gradient(Func<double> f, Tensor x, double eps = 1e-6)
    {
        using var _ = no_grad();
        var grad = zeros_like(x);
        var flat = x.view(-1);
        var gflat = grad.view(-1);
        for (long i = 0; i < flat.numel(); i++)
        {
            var original = flat[i].item<double>();
            flat[i] = original + eps;
            var plus = f();
            flat[i] = original - eps;
            var minus = f();
            flat[i] = original;
            gflat[i] = (plus - minus) / (2 * eps);
        }
        return grad;
    }

    public static void AssertClose(Tensor actual, Tensor expected, double rtol, double atol = 0, string what = "")
    {
        Assert.That(actual.shape, Is.EqualTo(expected.shape), $"{what}: shape");
        var a = actual.detach().cpu().to_type(ScalarType.Float64);
        var e = expected.detach().cpu().to_type(ScalarType.Float64);
        var diff = (a - e).abs();
        var bound = e.abs() * rtol + atol;
        var worst = (diff - bound).max().item<double>();
        Assert.That(worst, Is.LessThanOrEqualTo(0),
            $"{what}: max abs diff {diff.max().item<double>():E3} exceeds rtol {rtol:E1} / atol {atol:E1}");
    }

    /// <summary>True when both tensors hold the same bytes: bit-identical, not just close.</summary>
    public static bool BitIdentical(Tensor a, Tensor b)
    {
        using var x = a.detach().cpu().contiguous();
        using var y = b.detach().cpu().contiguous();
        return x.dtype == y.dtype && x.shape.SequenceEqual(y.shape) && x.bytes.SequenceEqual(y.bytes);
    }

    public static double[] ToDoubles(Tensor t) => t.detach().cpu().to_type(ScalarType.Float64).data<double>().ToArray();
}
