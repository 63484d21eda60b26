namespace NegSampling.Training;

/// <summary>
/// A config value out of its range, or a key the chosen mode or corpus cannot take. The message names the
/// config key (as in the JSON files) and, for a value set in code, the <see cref="TrainingConfig"/> property.
/// </summary>
public sealed class ConfigException : ArgumentException
{
    private readonly string text;

    /// <summary>A value of <paramref name="property"/> that is not <paramref name="expected"/>.</summary>
    public ConfigException(string property, string expected, string found)
        : this(ConfigField.KeyOf(property), property, expected, found,
            $"{property} (config key '{ConfigField.KeyOf(property)}'): expected {expected}, found {found}")
    {
    }

    private ConfigException(string key, string paramName, string expected, string found, string text)
        : base(null, paramName)
    {
        Key = key;
        Expected = expected;
        Found = found;
        this.text = text;
    }

    /// <summary>A key (of a config from <paramref name="source"/>) that does not fit the rest of the run.</summary>
    public static ConfigException ForKey(string source, string key, string problem) =>
        new(key, key, problem, "", $"{source}: key '{key}': {problem}");

    /// <summary>The config key, as written in JSON files and after --set.</summary>
    public string Key { get; }

    /// <summary>What the key takes.</summary>
    public string Expected { get; }

    /// <summary>The value found, as text.</summary>
    public string Found { get; }

    /// <summary>The whole explanation, without .NET's parameter suffix.</summary>
    public override string Message => text;
}
