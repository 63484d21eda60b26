using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NegSampling.Training.Optimizers;

/// <summary>Plain SGD with word2vec's linear decay: lr_t = lr * max(1 - progress, 1e-4).</summary>
internal sealed class Sgd : Optimizer
{
    /// <summary>SGD over the named parameters, with or without the linear decay.</summary>
    public Sgd(IReadOnlyList<(string Name, Parameter Parameter)> parameters, double learningRate,
        bool linearDecay = true)
        : base(parameters, learningRate, linearDecay) { }

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, Tensor Tensor)> State { get; } = [];

    /// <inheritdoc/>
    protected override void Update(int index, Parameter parameter, Tensor gradient, double progress)
    {
        using var alpha = (-RateAt(progress)).ToScalar(); // held for the native call, which reads it by reference
        parameter.add_(gradient, alpha);
    }
}
