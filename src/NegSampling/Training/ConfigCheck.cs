using System.Globalization;
using System.Runtime.CompilerServices;

namespace NegSampling.Training;

/// <summary>The range checks of <see cref="TrainingConfig"/>'s setters; each names the property that was set.</summary>
internal static class ConfigCheck
{
    public static int AtLeast(int value, int min, [CallerMemberName] string property = "") =>
        value >= min ? value : throw new ConfigException(property, $"an integer >= {min}", Text(value));

    public static long AtLeast(long value, long min, [CallerMemberName] string property = "") =>
        value >= min ? value : throw new ConfigException(property, $"an integer >= {min}", Text(value));

    public static int? AtLeastOrNull(int? value, int min, [CallerMemberName] string property = "") =>
        value is null || value >= min ? value : throw new ConfigException(property, $"an integer >= {min} or null",
            Text(value));

    public static long? AtLeastOrNull(long? value, long min, [CallerMemberName] string property = "") =>
        value is null || value >= min ? value : throw new ConfigException(property, $"an integer >= {min} or null",
            Text(value));

    public static double Positive(double value, [CallerMemberName] string property = "") =>
        value > 0 && double.IsFinite(value) ? value : throw new ConfigException(property, "a positive number",
            Text(value));

    public static double? PositiveOrNull(double? value, [CallerMemberName] string property = "") =>
        value is null || (value > 0 && double.IsFinite(value.Value))
            ? value : throw new ConfigException(property, "a positive number or null", Text(value));

    public static double NonNegative(double value, string meaning, [CallerMemberName] string property = "") =>
        value >= 0 && double.IsFinite(value) ? value : throw new ConfigException(property,
            $"a number >= 0 ({meaning})", Text(value));

    public static double Fraction(double value, [CallerMemberName] string property = "") =>
        value is >= 0 and < 1 ? value : throw new ConfigException(property, "a number in [0, 1)", Text(value));

    public static T Defined<T>(T value, [CallerMemberName] string property = "") where T : struct, Enum =>
        Enum.IsDefined(value) ? value : throw new ConfigException(property, ConfigField.ChoiceNames<T>(), Text(value));

    public static string NotEmpty(string value, string meaning, [CallerMemberName] string property = "") =>
        !string.IsNullOrEmpty(value) ? value : throw new ConfigException(property, meaning, Text(value));

    public static string FileName(string value, [CallerMemberName] string property = "") =>
        !string.IsNullOrEmpty(value) && value.IndexOfAny(Path.GetInvalidFileNameChars()) < 0
            ? value : throw new ConfigException(property, "a non-empty file name", Text(value));

    public static string Device(string value, [CallerMemberName] string property = "") =>
        value is not null && DeviceChoice.IsDeviceName(value)
            ? value : throw new ConfigException(property, DeviceChoice.Expected, Text(value));

    /// <summary>A value as JSON writes it: strings quoted, null as null.</summary>
    public static string Text(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        Enum e => $"\"{ConfigField.Camel(e.ToString())}\"",
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
    };
}
