using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NegSampling.Training.Optimizers;

/// <summary>
/// Row-wise Adagrad, the optimizer embedding tables are trained with at large batches (FBGEMM's and
/// PyTorch-BigGraph's): one accumulator per row of a weight, which adds the mean square of the row's gradient, and
/// the row moves by rate * g / (sqrt(accumulator) + 1e-10), the rate decaying as SGD's with lrDecay. Accumulators
/// start at 0.1 (TensorFlow's initial_accumulator_value): a row's first steps are SGD's at about three times the
/// rate, until its squared gradients add up past that, so a word met a thousand times in a batch slows itself down
/// while a rare one still moves.
/// </summary>
/// <remarks>The fast path applies it per sample, to the rows a batch uses (<see cref="Fast.RowAdagrad"/>).</remarks>
internal sealed class Adagrad : Optimizer
{
    /// <summary>What every accumulator starts at.</summary>
    public const double InitialAccumulator = 0.1;

    /// <summary>The term that keeps the denominator from zero.</summary>
    public const double Eps = 1e-10;

    private readonly Tensor[] sums;

    /// <summary>Row-wise Adagrad over the named parameters (matrices: one accumulator per row).</summary>
    public Adagrad(IReadOnlyList<(string Name, Parameter Parameter)> parameters, double learningRate,
        bool linearDecay = true) : base(parameters, learningRate, linearDecay)
    {
        foreach (var (name, p) in parameters)
            if (p.dim() != 2) throw new ArgumentException($"row-wise Adagrad needs matrices; '{name}' has {p.dim()} " +
                "dimensions", nameof(parameters));
        sums = parameters.Select(p => full(p.Parameter.shape[0], InitialAccumulator, p.Parameter.dtype,
            p.Parameter.device)).ToArray();
        State = parameters.Select((p, i) => ($"{p.Name}.sum", sums[i])).ToList();
    }

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, Tensor Tensor)> State { get; }

    /// <summary>A parameter's accumulators (by reference), one a row, for the fast path's
    /// <see cref="Fast.RowAdagrad"/>.</summary>
    internal Tensor Sums(Tensor parameter) => sums[IndexOf(parameter)];

    /// <summary>
    /// The rows <paramref name="rows"/> of <paramref name="weight"/> (distinct; one of the parameters) take one step
    /// each from their gradients (a row of <paramref name="gradients"/> each) at <paramref name="rate"/>.
    /// </summary>
    internal void Step(Tensor weight, Tensor rows, Tensor gradients, double rate)
    {
        var sum = Sums(weight);
        using var scope = NewDisposeScope();
        using var one = 1.ToScalar(); // Scalars held: the native calls read them by reference
        using var eps = Eps.ToScalar();
        using var step = (-rate).ToScalar();
        var updated = sum.index_select(0, rows).add_(gradients.square().mean([1L]), one);
        sum.index_copy_(0, rows, updated);
        weight.index_add_(0, rows, gradients / updated.sqrt_().add_(eps, one).unsqueeze(1), step);
    }

    /// <inheritdoc/>
    protected override void Update(int index, Parameter parameter, Tensor gradient, double progress)
    {
        using var scope = NewDisposeScope();
        // A dense gradient: rows nothing used have zero gradients, which leave their accumulators and values as
        // they were, so every row can take the step.
        Step(parameter, arange(parameter.shape[0], device: parameter.device), gradient, RateAt(progress));
    }
}
