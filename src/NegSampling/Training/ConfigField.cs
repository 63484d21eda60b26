using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NegSampling.Training;

/// <summary>
/// One config key, read off a settable <see cref="TrainingConfig"/> property: the key is the property's name in
/// camelCase, its JSON type follows the property's type, and the property's attributes say which mode alone uses
/// it (<see cref="OnlyInAttribute"/>), whether a resume may change it (<see cref="ResumableAttribute"/>) and what
/// it was called before (<see cref="FormerNameAttribute"/>). The property's setter checks the range.
/// </summary>
internal sealed class ConfigField
{
    private readonly PropertyInfo property;
    private readonly Type type;
    private readonly string expected;
    private readonly Func<JsonNode?, (bool Ok, object? Value)> parseJson;
    private readonly Func<string, (bool Ok, object? Value)> parseText;
    private readonly OnlyInAttribute? onlyIn;
    private readonly object? defaultValue;

    private ConfigField(PropertyInfo property, TrainingConfig defaults)
    {
        this.property = property;
        Key = Camel(property.Name);
        FormerKey = property.GetCustomAttribute<FormerNameAttribute>()?.Name;
        Resumable = property.IsDefined(typeof(ResumableAttribute));
        onlyIn = property.GetCustomAttribute<OnlyInAttribute>();
        defaultValue = property.GetValue(defaults);
        type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var (what, whatOrNull, json, text) = Kind(type);
        var optional = Nullable.GetUnderlyingType(property.PropertyType) is not null
            || new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable;
        if (!optional) (expected, parseJson, parseText) = (what, json, text);
        else
            (expected, parseJson, parseText) = (whatOrNull, n => n is null ? (true, null) : json(n),
                s => s == "null" ? (true, null) : text(s));
    }

    /// <summary>Every key of <see cref="TrainingConfig"/>: its public settable properties, in declaration
    /// order.</summary>
    public static IReadOnlyList<ConfigField> All()
    {
        var defaults = new TrainingConfig();
        return typeof(TrainingConfig).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true }).OrderBy(p => p.MetadataToken)
            .Select(p => new ConfigField(p, defaults)).ToList();
    }

    /// <summary>The key as written in JSON files and after --set.</summary>
    public string Key { get; }

    /// <summary>The key's spelling before it was renamed, still read; null when it never was.</summary>
    public string? FormerKey { get; }

    /// <summary>Whether a resumed run may change the key.</summary>
    public bool Resumable { get; }

    /// <summary>Whether <paramref name="key"/> names this field, in its spelling of today or its former one.</summary>
    public bool IsNamed(string key) => key == Key || key == FormerKey;

    /// <summary>Sets the key, written <paramref name="key"/>, from a JSON value; <paramref name="source"/> names
    /// the file in errors.</summary>
    public void SetFromJson(TrainingConfig config, string key, JsonNode? value, string source)
    {
        var (ok, parsed) = parseJson(value);
        if (!ok) throw Wrong(source, key, expected, Render(value));
        Assign(config, parsed, source, key, Render(value));
    }

    /// <summary>Sets the key, written <paramref name="key"/>, from the text after "key=".</summary>
    public void SetFromText(TrainingConfig config, string key, string text)
    {
        var (ok, parsed) = parseText(text);
        if (!ok) throw Wrong("--set", key, expected, $"'{text}'");
        Assign(config, parsed, "--set", key, $"'{text}'");
    }

    /// <summary>The key's value as JSON.</summary>
    public JsonNode? GetJson(TrainingConfig config) => property.GetValue(config) switch
    {
        null => null,
        Enum e => JsonValue.Create(Camel(e.ToString())),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        var value => JsonValue.Create((string)value),
    };

    /// <summary>Sets the key to its value in another config.</summary>
    public void Copy(TrainingConfig from, TrainingConfig to) => Set(to, property.GetValue(from));

    /// <summary>Throws when the config's mode does not use this key and its value asks for something.</summary>
    public void CheckMode(TrainingConfig config)
    {
        if (onlyIn is null || config.Mode == onlyIn.Mode) return;
        var value = property.GetValue(config);
        if (onlyIn.Value is { } only ? !Equals(value, only) : Equals(value, defaultValue)) return;
        throw ConfigException.ForKey("config", Key,
            $"{Render(GetJson(config))} is for mode \"{Camel(onlyIn.Mode.ToString())}\" only; " +
            $"mode \"{Camel(config.Mode.ToString())}\" does not use it ({onlyIn.Reason}); remove the key or " +
            "change mode");
    }

    /// <summary>The config key of a <see cref="TrainingConfig"/> property: HiddenSize -> hiddenSize.</summary>
    internal static string KeyOf(string property) => Camel(property);

    internal static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    internal static string Render(JsonNode? node) => node is null ? "null" : node.ToJsonString();

    internal static string ChoiceNames<T>() where T : struct, Enum => ChoiceNames(typeof(T));

    private static string ChoiceNames(Type type) =>
        string.Join(" or ", Enum.GetNames(type).Select(n => $"\"{Camel(n)}\""));

    private void Assign(TrainingConfig config, object? value, string source, string key, string found)
    {
        try { Set(config, value is long l && type == typeof(int) ? checked((int)l) : value); }
        catch (ConfigException e) { throw Wrong(source, key, e.Expected, found); }
        catch (OverflowException) { throw Wrong(source, key, $"{expected} within 32 bits", found); }
    }

    /// <summary>Calls the setter, whose range check throws a <see cref="ConfigException"/> as it is, not wrapped
    /// by reflection.</summary>
    private void Set(TrainingConfig config, object? value) =>
        property.SetMethod!.Invoke(config, BindingFlags.DoNotWrapExceptions, null, [value], null);

    private static InvalidDataException Wrong(string source, string key, string expected, string found) =>
        new($"{source}: key '{key}': expected {expected}, found {found}");

    /// <summary>What a key of this type takes (alone and with null), and its parsers of JSON and of text; each gives
    /// Ok = false for a wrong type.</summary>
    private static (string, string, Func<JsonNode?, (bool, object?)>, Func<string, (bool, object?)>) Kind(Type type)
    {
        if (type == typeof(int) || type == typeof(long))
            return ("an integer", "an integer or null", JsonInteger, TextInteger);
        if (type == typeof(double)) return ("a number", "a number or null", JsonNumber, TextNumber);
        if (type == typeof(bool)) return ("true or false", "true, false or null", JsonFlag, TextFlag);
        if (type == typeof(string)) return ("a string", "a string or null", JsonText, s => (true, s));
        if (type.IsEnum)
            return (ChoiceNames(type), ChoiceNames(type) + " or null",
                n => JsonText(n) is (true, string s) ? Choice(type, s) : (false, null), s => Choice(type, s));
        throw new NotSupportedException($"a config key of type {type.Name}");
    }

    private static (bool, object?) JsonInteger(JsonNode? n) =>
        n is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out long l)
            ? (true, l) : (false, null);

    private static (bool, object?) JsonNumber(JsonNode? n) =>
        n is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double d)
            ? (true, d) : (false, null);

    private static (bool, object?) JsonFlag(JsonNode? n) =>
        n is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? (true, v.GetValue<bool>()) : (false, null);

    private static (bool, object?) JsonText(JsonNode? n) =>
        n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? (true, v.GetValue<string>()) : (false, null);

    private static (bool, object?) TextInteger(string s) =>
        long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? (true, l) : (false, null);

    private static (bool, object?) TextNumber(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? (true, d) : (false, null);

    private static (bool, object?) TextFlag(string s) => bool.TryParse(s, out var b) ? (true, b) : (false, null);

    /// <summary>An enum member by its camelCase name ("cbow", "excludeTarget") or its former one, case-insensitive;
    /// never by number.</summary>
    private static (bool, object?) Choice(Type type, string s)
    {
        if (Enum.TryParse(type, s, ignoreCase: true, out var v) && Enum.IsDefined(type, v!) && !s.All(char.IsDigit))
            return (true, v);
        var former = type.GetFields(BindingFlags.Public | BindingFlags.Static).FirstOrDefault(f =>
            string.Equals(f.GetCustomAttribute<FormerNameAttribute>()?.Name, s, StringComparison.OrdinalIgnoreCase));
        return former is null ? (false, null) : (true, former.GetValue(null));
    }
}
