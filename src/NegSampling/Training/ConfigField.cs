using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NegSampling.Training;

/// <summary>
/// One config key: its JSON type, how to read it from JSON or from key=value text (the property's setter
/// checks the range), and, for a key only one mode uses, the value that means "not used".
/// </summary>
internal sealed class ConfigField
{
    private readonly Action<TrainingConfig, JsonNode?, string> fromJson;
    private readonly Action<TrainingConfig, string> fromText;
    private readonly Func<TrainingConfig, JsonNode?> toJson;
    private TrainingMode? onlyIn;
    private Func<TrainingConfig, bool> unused = _ => true;
    private string why = "";

    private ConfigField(string key, Action<TrainingConfig, JsonNode?, string> fromJson,
        Action<TrainingConfig, string> fromText, Func<TrainingConfig, JsonNode?> toJson)
    {
        Key = key;
        this.fromJson = fromJson;
        this.fromText = fromText;
        this.toJson = toJson;
    }

    /// <summary>The key as written in JSON files and after --set.</summary>
    public string Key { get; }

    /// <summary>Sets the key from a JSON value; <paramref name="source"/> names the file in errors.</summary>
    public void SetFromJson(TrainingConfig config, JsonNode? value, string source) => fromJson(config, value, source);

    /// <summary>Sets the key from the text after "key=".</summary>
    public void SetFromText(TrainingConfig config, string text) => fromText(config, text);

    /// <summary>The key's value as JSON.</summary>
    public JsonNode? GetJson(TrainingConfig config) => toJson(config);

    /// <summary>Marks the key as used by one mode only: in the other, its value must satisfy <paramref
    /// name="isUnused"/>.</summary>
    internal ConfigField OnlyIn(TrainingMode mode, Func<TrainingConfig, bool> isUnused, string reason)
    {
        onlyIn = mode;
        unused = isUnused;
        why = reason;
        return this;
    }

    /// <summary>Throws when the config's mode does not use this key and its value asks for something.</summary>
    internal void CheckMode(TrainingConfig config)
    {
        if (onlyIn is not { } mode || config.Mode == mode || unused(config)) return;
        throw ConfigException.ForKey("config", Key,
            $"{Render(GetJson(config))} is for mode \"{Camel(mode.ToString())}\" only; " +
            $"mode \"{Camel(config.Mode.ToString())}\" does not use it ({why}); remove the key or change mode");
    }

    /// <summary>The config key of a <see cref="TrainingConfig"/> property: HiddenSize -> hiddenSize.</summary>
    internal static string KeyOf(string property) => Camel(property);

    internal static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    internal static string Render(JsonNode? node) => node is null ? "null" : node.ToJsonString();

    internal static string ChoiceNames<T>() where T : struct, Enum =>
        string.Join(" or ", Enum.GetNames<T>().Select(n => $"\"{Camel(n)}\""));

    private static InvalidDataException Wrong(string source, string key, string expected, string found) =>
        new($"{source}: key '{key}': expected {expected}, found {found}");

    /// <summary>Builds a field from a parser of JSON values and one of text; each gives Ok = false for a wrong
    /// type.</summary>
    private static ConfigField Make<T>(string key, string expected, Func<TrainingConfig, T> get,
        Action<TrainingConfig, T> set, Func<JsonNode?, (bool Ok, T Value)> parseJson,
        Func<string, (bool Ok, T Value)> parseText, Func<T, JsonNode?> render)
    {
        void Assign(TrainingConfig c, T value, string source, string found)
        {
            try { set(c, value); }
            catch (ConfigException e) { throw Wrong(source, key, e.Expected, found); }
            catch (OverflowException) { throw Wrong(source, key, $"{expected} within 32 bits", found); }
        }
        return new ConfigField(key,
            (c, node, source) =>
            {
                var (ok, value) = parseJson(node);
                if (!ok) throw Wrong(source, key, expected, Render(node));
                Assign(c, value, source, Render(node));
            },
            (c, text) =>
            {
                var (ok, value) = parseText(text);
                if (!ok) throw Wrong("--set", key, expected, $"'{text}'");
                Assign(c, value, "--set", $"'{text}'");
            },
            c => render(get(c)));
    }

    private static (bool, long) JsonInteger(JsonNode? n) =>
        n is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out long l)
            ? (true, l) : (false, 0);

    private static (bool, double) JsonNumber(JsonNode? n) =>
        n is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double d)
            ? (true, d) : (false, 0);

    private static (bool, bool) JsonFlag(JsonNode? n) =>
        n is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? (true,
            v.GetValue<bool>()) : (false, false);

    private static (bool, string) JsonText(JsonNode? n) =>
        n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? (true, v.GetValue<string>()) : (false, "");

    private static (bool, long) TextInteger(string s) =>
        long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? (true, l) : (false, 0);

    private static (bool, double) TextNumber(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? (true, d) : (false, 0);

    private static (bool, bool) TextFlag(string s) => bool.TryParse(s, out var b) ? (true, b) : (false, false);

    /// <summary>A parser that also takes null (JSON null, or the text "null").</summary>
    private static Func<TIn, (bool, TOut?)> OrNull<TIn, TOut>(Func<TIn, (bool Ok, TOut Value)> parse,
        Func<TIn, bool> isNull)
        where TOut : struct =>
        input => isNull(input) ? (true, null) : parse(input) is (true, var value) ? (true, value) : (false, null);

    internal static ConfigField Integer(string key, Func<TrainingConfig, long> get, Action<TrainingConfig, long> set) =>
        Make(key, "an integer", get, set, JsonInteger, TextInteger, v => JsonValue.Create(v));

    internal static ConfigField OptionalInteger(string key, Func<TrainingConfig, long?> get,
        Action<TrainingConfig, long?> set) =>
        Make(key, "an integer or null", get, set, OrNull<JsonNode?, long>(JsonInteger, n => n is null),
            OrNull<string, long>(TextInteger, s => s == "null"), v => v is null ? null : JsonValue.Create(v.Value));

    internal static ConfigField Number(string key, Func<TrainingConfig, double> get,
        Action<TrainingConfig, double> set) =>
        Make(key, "a number", get, set, JsonNumber, TextNumber, v => JsonValue.Create(v));

    internal static ConfigField OptionalNumber(string key, Func<TrainingConfig, double?> get,
        Action<TrainingConfig, double?> set) =>
        Make(key, "a number or null", get, set, OrNull<JsonNode?, double>(JsonNumber, n => n is null),
            OrNull<string, double>(TextNumber, s => s == "null"), v => v is null ? null : JsonValue.Create(v.Value));

    internal static ConfigField Flag(string key, Func<TrainingConfig, bool> get, Action<TrainingConfig, bool> set) =>
        Make(key, "true or false", get, set, JsonFlag, TextFlag, v => JsonValue.Create(v));

    internal static ConfigField OptionalFlag(string key, Func<TrainingConfig, bool?> get,
        Action<TrainingConfig, bool?> set) =>
        Make(key, "true, false or null", get, set, OrNull<JsonNode?, bool>(JsonFlag, n => n is null),
            OrNull<string, bool>(TextFlag, s => s == "null"), v => v is null ? null : JsonValue.Create(v.Value));

    internal static ConfigField Text(string key, Func<TrainingConfig, string> get,
        Action<TrainingConfig, string> set) =>
        Make(key, "a string", get, set, JsonText, s => (true, s), v => JsonValue.Create(v));

    internal static ConfigField OptionalText(string key, Func<TrainingConfig, string?> get,
        Action<TrainingConfig, string?> set) =>
        Make(key, "a string or null", get, set,
            n => n is null ? (true, null) : JsonText(n) is (true, var s) ? (true, s) : (false, null),
            s => (true, s == "null" ? null : s), v => v is null ? null : JsonValue.Create(v));

    /// <summary>An enum, written in camelCase ("cbow", "excludeTarget"), case-insensitive on input.</summary>
    internal static ConfigField Choice<T>(string key, Func<TrainingConfig, T> get, Action<TrainingConfig, T> set)
        where T : struct, Enum
    {
        (bool, T) Parse(string s) =>
            Enum.TryParse<T>(s, ignoreCase: true, out var v) && Enum.IsDefined(v) && !s.All(char.IsDigit)
                ? (true, v) : (false, default);
        return Make(key, ChoiceNames<T>(), get, set, n => JsonText(n) is (true, var s) ? Parse(s) : (false, default),
            Parse, v => JsonValue.Create(Camel(v.ToString())));
    }
}
