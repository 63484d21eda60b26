using NegSampling.Models;
using NegSampling.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NegSampling.Fast;

/// <summary>The fast path's departures from the book's step, per model (the faithful path has none), and the step
/// that runs each batch: the fused kernels or the batched libtorch step, whose row updates may be each row's mean
/// over the batch instead of its sum, past <see cref="RowCap"/> occurrences.</summary>
internal readonly record struct FastOptions(
    CbowContextUpdate ContextUpdate = CbowContextUpdate.Gradient,
    SkipGramNegatives Pairing = SkipGramNegatives.PerPair,
    StepKind Step = StepKind.Kernels,
    bool RowMean = false,
    int RowCap = 1)
{
    /// <summary>rowUpdateCap's defaults, chosen by PTB quality at batches of 16,384 (README, "Fast mode").</summary>
    public const int CbowRowCap = 64, SkipGramRowCap = 128;

    /// <summary>A fast config's options on the run's device: step null is the batched step on CUDA or with Adagrad
    /// and the kernels elsewhere; rowMeanUpdates null is true for the batched step with SGD. Refuses what the chosen
    /// step cannot do.</summary>
    public static FastOptions For(TrainingConfig config, Device device)
    {
        var adagrad = config.Optimizer == OptimizerKind.Adagrad;
        var step = config.Step ?? (device.type == DeviceType.CUDA || adagrad ? StepKind.Batched : StepKind.Kernels);
        if (step == StepKind.Kernels && adagrad)
            throw ConfigException.ForKey("config", "optimizer", "\"adagrad\" runs in the batched step; found " +
                "\"step\": \"kernels\" (remove the step key or set \"step\": \"batched\")");
        if (step == StepKind.Kernels && config.RowMeanUpdates == true)
            throw ConfigException.ForKey("config", "rowMeanUpdates", "true needs \"step\": \"batched\"; the " +
                "kernels add up each row's updates (remove the key or set \"step\": \"batched\")");
        if (step == StepKind.Batched && config.Optimizer == OptimizerKind.Adam)
            throw ConfigException.ForKey("config", "step", "\"batched\" runs word2vec's SGD or row-wise Adagrad; " +
                "found \"optimizer\": \"adam\" (set \"optimizer\": \"sgd\" or \"adagrad\", or \"step\": " +
                "\"kernels\")");
        if (adagrad && config.RowMeanUpdates == true)
            throw ConfigException.ForKey("config", "rowMeanUpdates", "true needs \"optimizer\": \"sgd\"; Adagrad " +
                "scales each row's summed updates by the row's own history (remove the key)");
        var rowMean = step == StepKind.Batched && !adagrad && (config.RowMeanUpdates ?? true);
        if (!rowMean && config.RowUpdateCap is not null)
            throw ConfigException.ForKey("config", "rowUpdateCap", "it caps the batched step's row means; found " +
                (step == StepKind.Kernels ? "\"step\": \"kernels\", which adds up each row's updates"
                    : adagrad ? "\"optimizer\": \"adagrad\", which scales each row by its own history"
                    : "\"rowMeanUpdates\": false, which adds up each row's updates") +
                " (remove the key, or use \"step\": \"batched\" with SGD's row means)");
        var cap = config.RowUpdateCap ?? (config.Model == ModelKind.Cbow ? CbowRowCap : SkipGramRowCap);
        return new(config.CbowContextUpdate, config.SkipGramNegatives, step, rowMean, rowMean ? cap : 1);
    }
}
