using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NegSampling.Training.Optimizers;

/// <summary>Plain SGD with word2vec's linear decay: lr_t = lr * max(1 - progress, 1e-4).</summary>
internal sealed class Sgd : Optimizer
{
    /// <summary>The smallest fraction of the rate that the decay reaches (word2vec's starting_alpha *
    /// 0.0001).</summary>
    public const double MinFraction = 1e-4;

    /// <summary>SGD over the named parameters, with or without the linear decay.</summary>
    public Sgd(IReadOnlyList<(string Name, Parameter Parameter)> parameters, double learningRate,
        bool linearDecay = true)
        : base(parameters, learningRate) => LinearDecay = linearDecay;

    /// <summary>Whether the rate decays linearly over the run.</summary>
    public bool LinearDecay { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, Tensor Tensor)> State { get; } = [];

    /// <summary>The rate at a point of progress (0 to 1): the one learning-rate schedule of both modes.</summary>
    public double RateAt(double progress) =>
        LinearDecay ? LearningRate * Math.Max(1 - progress, MinFraction) : LearningRate;

    /// <inheritdoc/>
    protected override void Update(int index, Parameter parameter, Tensor gradient, double progress)
    {
        using var alpha = (-RateAt(progress)).ToScalar(); // held for the native call, which reads it by reference
        parameter.add_(gradient, alpha);
    }
}
