using NegSampling.Fast;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NegSampling.Training.Optimizers;

/// <summary>
/// A first-order optimiser over named parameters whose whole state is named tensors plus a step count,
/// so a checkpoint can hold it and a resumed run continues bit for bit.
/// </summary>
internal abstract class Optimizer : IDisposable
{
    /// <summary>The smallest fraction of the rate that the linear decay reaches (word2vec's starting_alpha *
    /// 0.0001).</summary>
    public const double MinFraction = 1e-4;

    /// <summary>An optimizer over the named parameters at a positive learning rate, with or without word2vec's linear
    /// decay of it.</summary>
    protected Optimizer(IReadOnlyList<(string Name, Parameter Parameter)> parameters, double learningRate,
        bool linearDecay)
    {
        if (!(learningRate > 0)) throw new ArgumentException($"learning rate must be positive; found {learningRate}",
            nameof(learningRate));
        Parameters = parameters;
        LearningRate = learningRate;
        LinearDecay = linearDecay;
    }

    /// <summary>The parameters, by name.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; }
    /// <summary>The (initial) learning rate.</summary>
    public double LearningRate { get; }

    /// <summary>Whether the rate decays linearly over the run.</summary>
    public bool LinearDecay { get; }

    /// <summary>The rate at a point of progress (0 to 1): the one learning-rate schedule of both modes,
    /// lr * max(1 - progress, 1e-4) with the decay.</summary>
    public double RateAt(double progress) =>
        LinearDecay ? LearningRate * Math.Max(1 - progress, MinFraction) : LearningRate;

    private long stepCount;

    /// <summary>Steps taken so far.</summary>
    public long StepCount { get => Interlocked.Read(ref stepCount); set => Interlocked.Exchange(ref stepCount, value); }

    /// <summary>Counts one step (thread-safe).</summary>
    internal void IncrementStepCount() => Interlocked.Increment(ref stepCount);

    /// <summary>The position of a parameter (by reference) in <see cref="Parameters"/>.</summary>
    protected int IndexOf(Tensor parameter)
    {
        for (var i = 0; i < Parameters.Count; i++)
            if (ReferenceEquals(Parameters[i].Parameter, parameter)) return i;
        throw new ArgumentException("the tensor is not one of this optimizer's parameters", nameof(parameter));
    }

    /// <summary>One update from the parameters' gradients; progress in [0, 1] is how far training has come.</summary>
    public void Step(double progress)
    {
        IncrementStepCount();
        using var _ = no_grad();
        for (var i = 0; i < Parameters.Count; i++)
        {
            var (_, p) = Parameters[i];
            if (p.grad is { } g) Update(i, p, g, progress);
        }
    }

    /// <summary>One parameter's update from its gradient, at a point of progress.</summary>
    protected abstract void Update(int index, Parameter parameter, Tensor gradient, double progress);

    /// <summary>
    /// The fast path's step at a point of progress (0 to 1): how one batch's sparse gradient rows update the
    /// weights (the rules are in Fast/). Each call counts as one step of this optimizer.
    /// </summary>
    internal ISparseUpdate SparseUpdate(double progress) => ISparseUpdate.For(this, progress);

    /// <summary>Drops the gradients (null, not zero-filled: the next backward allocates them anew).</summary>
    public void ZeroGrad()
    {
        foreach (var (_, p) in Parameters)
        {
            var g = p.grad;
            p.grad = null;
            g?.Dispose();
        }
    }

    /// <summary>The state tensors by name (empty for plain SGD).</summary>
    public abstract IReadOnlyList<(string Name, Tensor Tensor)> State { get; }

    /// <summary>Copies saved state tensors in place; names and shapes must match.</summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> saved, long stepCount)
    {
        using var _ = no_grad();
        foreach (var (name, t) in State)
        {
            if (!saved.TryGetValue(name, out var source))
                throw new InvalidDataException($"optimizer state '{name}' is missing");
            if (!source.shape.SequenceEqual(t.shape))
                throw new InvalidDataException($"optimizer state '{name}' has shape " +
                    $"[{string.Join(", ", source.shape)}], expected [{string.Join(", ", t.shape)}]");
            t.copy_(source);
        }
        StepCount = stepCount;
    }

    /// <summary>The book's clip_grads: scale all gradients by max / (total norm + 1e-6) when that is below 1.</summary>
    public double ClipGradNorm(double maxNorm)
    {
        using var _ = no_grad();
        var grads = Parameters.Select(p => p.Parameter.grad).OfType<Tensor>().ToList();
        if (grads.Count == 0) return 0;
        using var scope = NewDisposeScope();
        var total = Math.Sqrt(grads.Select(g => g.pow(2).sum().to_type(ScalarType.Float64).item<double>()).Sum());
        var rate = maxNorm / (total + 1e-6);
        if (rate < 1)
            foreach (var g in grads) g.mul_(rate);
        return total;
    }

    /// <summary>Frees the state tensors.</summary>
    public virtual void Dispose()
    {
        foreach (var (_, t) in State) t.Dispose();
        GC.SuppressFinalize(this);
    }
}
