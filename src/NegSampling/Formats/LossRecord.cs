namespace NegSampling.Formats;

/// <summary>The average loss over the logInterval iterations ending at global step <see cref="Step"/>.</summary>
public sealed record LossRecord(long Step, int Epoch, long Iteration, double Loss);
