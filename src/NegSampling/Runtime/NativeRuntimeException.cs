namespace NegSampling.Runtime;

/// <summary>TorchSharp's native library cannot load here; the message says what is missing, in one line.</summary>
public sealed class NativeRuntimeException(string message) : Exception(message);
