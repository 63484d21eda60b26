using static TorchSharp.torch;

namespace NegSampling.Evaluation;

/// <summary>
/// Rows of a matrix projected to two dimensions on libtorch, in float64: PCA by a singular value decomposition, and
/// exact t-SNE (van der Maaten and Hinton 2008, with the optimiser settings of scikit-learn's TSNE), which holds
/// N x N matrices and so suits up to a few thousand points.
/// </summary>
internal static class Projection
{
    /// <summary>
    /// The centred rows on the two leading principal axes, and the share of the variance those hold. A singular
    /// vector's sign is arbitrary: each component is turned so that its largest coordinate is positive (scikit-learn's
    /// svd_flip), so that the same rows always give the same map.
    /// </summary>
    public static (double[] X, double[] Y, double Explained) Pca(Tensor rows)
    {
        using var scope = NewDisposeScope();
        var x = rows.to_type(ScalarType.Float64);
        var centred = x - x.mean([0], keepdim: true);
        var (u, s, _) = linalg.svd(centred, fullMatrices: false);
        var components = Math.Min(2, (int)s.shape[0]);
        var coordinates = zeros(x.shape[0], 2, ScalarType.Float64);
        coordinates[.., ..components] = u[.., ..components] * s[..components];
        var largest = coordinates.abs().argmax(0, keepdim: true);
        var signs = coordinates.gather(0, largest).sign();
        coordinates = coordinates * where(signs == 0, ones_like(signs), signs);
        var total = s.square().sum().item<double>();
        var explained = total == 0 ? 0 : s[..components].square().sum().item<double>() / total;
        return (Column(coordinates, 0), Column(coordinates, 1), explained);
    }

    /// <summary>
    /// Exact t-SNE of the rows: Gaussian affinities of the squared distances with each row's bandwidth set to the
    /// perplexity, symmetrised; Student-t similarities in the map; gradient descent with momentum and per-coordinate
    /// gains, early exaggeration 12 for the first 250 iterations, learning rate max(N / 48, 50). The start is a seeded
    /// normal draw of standard deviation 1e-4, so a seed gives one map.
    /// </summary>
    public static (double[] X, double[] Y) Tsne(Tensor rows, double perplexity, int seed, int iterations = 1000)
    {
        const int ExaggeratedIterations = 250;
        const double Exaggeration = 12;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = rows.to_type(ScalarType.Float64);
        var n = x.shape[0];
        var conditional = Affinities(SquaredDistances(x), perplexity);
        var p = ((conditional + conditional.t()) / (2.0 * n)).clamp_min(1e-12);
        using var generator = new Generator((ulong)seed);
        var y = randn([n, 2], ScalarType.Float64, generator: generator) * 1e-4;
        var update = zeros_like(y);
        var gains = ones_like(y);
        var learningRate = Math.Max(n / Exaggeration / 4, 50);
        var offDiagonal = 1 - eye(n, dtype: ScalarType.Float64);
        for (var i = 0; i < iterations; i++)
        {
            using var step = NewDisposeScope();
            var early = i < ExaggeratedIterations;
            var kernel = (1 + SquaredDistances(y)).reciprocal() * offDiagonal;
            var q = (kernel / kernel.sum()).clamp_min(1e-12);
            var attraction = ((early ? p * Exaggeration : p) - q) * kernel;
            var gradient = 4 * (attraction.sum(1, keepdim: true) * y - attraction.matmul(y));
            // Gains grow where the gradient turned against the last update, shrink where it kept its direction.
            gains.copy_(where(update * gradient < 0, gains + 0.2, gains * 0.8).clamp_min(0.01));
            update.mul_(early ? 0.5 : 0.8).sub_(gains * gradient * learningRate);
            y.add_(update);
            // The step's scope did not release these N x N temporaries (measured: 500 words held 15.8 GB at the
            // end); collected here, and their finalisers run, they are (1 GB). The cause is not found yet.
            if (i % 10 == 9) CollectTemporaries();
        }
        return (Column(y, 0), Column(y, 1));
    }

    private static void CollectTemporaries()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    /// <summary>Each row's conditional probabilities p(j | i), with the bandwidth found by bisection so that the
    /// distribution's perplexity (exp of its entropy) is the one asked for; all rows at once.</summary>
    internal static Tensor Affinities(Tensor squaredDistances, double perplexity)
    {
        var n = squaredDistances.shape[0];
        var offDiagonal = 1 - eye(n, dtype: ScalarType.Float64);
        // Shifted by each row's nearest distance: exp never underflows to an all-zero row, and the entropy is the same.
        var nearest = (squaredDistances + eye(n, dtype: ScalarType.Float64) * double.MaxValue).min(1, keepdim: true)
            .values;
        var distances = (squaredDistances - nearest) * offDiagonal;
        var target = Math.Log(perplexity);
        var beta = ones(n, 1, ScalarType.Float64);
        var low = zeros(n, 1, ScalarType.Float64);
        var high = full(n, 1, double.PositiveInfinity, ScalarType.Float64);
        var p = zeros_like(distances);
        for (var i = 0; i < 100; i++)
        {
            using var step = NewDisposeScope();
            var weights = (-distances * beta).exp() * offDiagonal;
            var sum = weights.sum(1, keepdim: true);
            var entropy = sum.log() + beta * (distances * weights).sum(1, keepdim: true) / sum;
            p.copy_(weights / sum);
            var difference = entropy - target;
            if (difference.abs().max().item<double>() < 1e-5) break;
            // Too flat a distribution (entropy too high) needs a larger beta, a narrower Gaussian.
            var tooFlat = difference > 0;
            low.copy_(where(tooFlat, beta, low));
            high.copy_(where(tooFlat, high, beta));
            beta.copy_(where(high.isinf(), beta * 2, (low + high) / 2));
        }
        return p;
    }

    /// <summary>The N x N matrix of squared Euclidean distances between rows (rounding below 0 clamped).</summary>
    private static Tensor SquaredDistances(Tensor x)
    {
        var norms = x.square().sum(1, keepdim: true);
        return (norms + norms.t() - 2 * x.matmul(x.t())).clamp_min(0);
    }

    private static double[] Column(Tensor t, int column) =>
        t[.., column].contiguous().cpu().data<double>().ToArray();
}
