using static TorchSharp.torch;

namespace NegSampling.Training;

/// <summary>The config's device: cpu, cuda, cuda:N, or auto (CUDA when available).</summary>
internal static class DeviceChoice
{
    /// <summary>What the device key takes.</summary>
    public const string Expected = "\"cpu\", \"cuda\", \"cuda:N\" or \"auto\"";

    /// <summary>True when the text names a device (which may still be absent on this machine).</summary>
    public static bool IsDeviceName(string text) =>
        text is "cpu" or "cuda" or "auto"
        || (text.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(text[5..], out var n) && n >= 0);

    /// <summary>The device a config names; CUDA that is not there is an error saying so.</summary>
    public static Device Resolve(string text)
    {
        if (text == "auto") return cuda.is_available() ? CUDA : CPU;
        if (text == "cpu") return CPU;
        if (!cuda.is_available())
            throw new InvalidOperationException(
                $"device '{text}' asked for, but CUDA is not available (torch.cuda.is_available() is false); " +
                "use \"cpu\" or \"auto\"");
        var device = new Device(text);
        if (device.index >= cuda.device_count())
            throw new InvalidOperationException(
                $"device '{text}' asked for, but only {cuda.device_count()} CUDA device(s) exist");
        return device;
    }
}
