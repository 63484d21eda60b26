using TorchSharp;
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
        var conditional = Affinities(SquaredDistances(x, empty(n, n, ScalarType.Float64)), perplexity);
        var p = ((conditional + conditional.t()) / (2.0 * n)).clamp_min(1e-12);
        using var generator = new Generator((ulong)seed);
        var y = randn([n, 2], ScalarType.Float64, generator: generator) * 1e-4;
        var update = zeros_like(y);
        var gains = ones_like(y);
        var learningRate = Math.Max(n / Exaggeration / 4, 50);
        var offDiagonal = 1 - eye(n, dtype: ScalarType.Float64);
        // The step writes into three N x N buffers made once, with the constants as Scalars held for the run: a step
        // that made its N x N temporaries anew (each disposed) grew glibc's heap about 8 MB an iteration for 500
        // words, until a garbage collection ran.
        var kernel = empty_like(offDiagonal);
        var q = empty_like(offDiagonal);
        var attraction = empty_like(offDiagonal);
        using Scalar one = 1, four = 4, zero = 0, floor = 1e-12, exaggeration = Exaggeration, rate = learningRate,
            gainUp = 0.2, gainDown = 0.8, leastGain = 0.01, earlyMomentum = 0.5, momentum = 0.8;
        for (var i = 0; i < iterations; i++)
        {
            using var step = NewDisposeScope();
            var early = i < ExaggeratedIterations;
            // Student-t similarities 1 / (1 + |y_i - y_j|^2), zero on the diagonal, and their normalised q.
            SquaredDistances(y, kernel).add_(one).reciprocal_().mul_(offDiagonal);
            q.copy_(kernel).div_(kernel.sum()).clamp_min_(floor);
            attraction.copy_(p);
            if (early) attraction.mul_(exaggeration);
            attraction.sub_(q).mul_(kernel);
            var gradient = (attraction.sum(1, keepdim: true) * y).sub_(attraction.matmul(y)).mul_(four);
            // Gains grow where the gradient turned against the last update, shrink where it kept its direction.
            gains.copy_(where(update * gradient < zero, gains + gainUp, gains * gainDown).clamp_min_(leastGain));
            update.mul_(early ? earlyMomentum : momentum).sub_(gradient.mul_(gains).mul_(rate));
            y.add_(update);
        }
        return (Column(y, 0), Column(y, 1));
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
        using Scalar target = Math.Log(perplexity), zero = 0, two = 2;
        var beta = ones(n, 1, ScalarType.Float64);
        var low = zeros(n, 1, ScalarType.Float64);
        var high = full(n, 1, double.PositiveInfinity, ScalarType.Float64);
        var p = zeros_like(distances);
        var weighted = empty_like(distances); // as the t-SNE step's buffers, made once
        for (var i = 0; i < 100; i++)
        {
            using var step = NewDisposeScope();
            var weights = p.copy_(distances).mul_(beta).neg_().exp_().mul_(offDiagonal);
            var sum = weights.sum(1, keepdim: true);
            var entropy = sum.log() + beta * weighted.copy_(distances).mul_(weights).sum(1, keepdim: true) / sum;
            p.div_(sum);
            var difference = entropy.sub_(target);
            if (difference.abs().max().item<double>() < 1e-5) break;
            // Too flat a distribution (entropy too high) needs a larger beta, a narrower Gaussian.
            var tooFlat = difference > zero;
            low.copy_(where(tooFlat, beta, low));
            high.copy_(where(tooFlat, high, beta));
            beta.copy_(where(high.isinf(), beta * two, (low + high).div_(two)));
        }
        return p;
    }

    /// <summary>The N x N matrix of squared Euclidean distances between rows (rounding below 0 clamped), written
    /// into <paramref name="into"/>.</summary>
    private static Tensor SquaredDistances(Tensor x, Tensor into)
    {
        var norms = x.square().sum(1, keepdim: true);
        return into.copy_(norms).add_(norms.t()).addmm_(x, x.t(), beta: 1, alpha: -2).relu_();
    }

    private static double[] Column(Tensor t, int column) =>
        t[.., column].contiguous().cpu().data<double>().ToArray();
}
