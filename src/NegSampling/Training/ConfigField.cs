using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NegSampling.Training;

/// <summary>One config key: its JSON type, its range, how to read it from JSON or from key=value text.</summary>
public sealed class ConfigField
{
    private readonly Action<TrainingConfig, JsonNode?, string> fromJson;
    private readonly Action<TrainingConfig, string> fromText;
    private readonly Func<TrainingConfig, JsonNode?> toJson;

    private ConfigField(string key, Action<TrainingConfig, JsonNode?, string> fromJson, Action<TrainingConfig, string> fromText, Func<TrainingConfig, JsonNode?> toJson)
    {
        Key = key;
        this.fromJson = fromJson;
        this.fromText = fromText;
        this.toJson = toJson;
    }

    public string Key { get; }

    public void SetFromJson(TrainingConfig config, JsonNode? value, string source) => fromJson(config, value, source);
    public void SetFromText(TrainingConfig config, string text) => fromText(config, text);
    public JsonNode? GetJson(TrainingConfig config) => toJson(config);

    private static InvalidDataException Wrong(string source, string key, string expected, string found) =>
        new($"{source}: key '{key}': expected {expected}, found {found}");

    /// <summary>Builds a field from a parser of JSON values and one of text; both return null when the value is of the wrong type.</summary>
    private static ConfigField Make<T>(string key, string expected, Func<TrainingConfig, T> get, Action<TrainingConfig, T> set,
        Func<JsonNode?, (bool Ok, T Value)> parseJson, Func<string, (bool Ok, T Value)> parseText, Func<T, string?>? check, Func<T, JsonNode?> render)
    {
        void Assign(TrainingConfig c, T value, string source, string found)
        {
            var problem = check?.Invoke(value);
            if (problem is not null) throw Wrong(source, key, problem, found);
            set(c, value);
        }
        return new ConfigField(key,
            (c, node, source) =>
            {
                var (ok, value) = parseJson(node);
                if (!ok) throw Wrong(source, key, expected, TrainingConfig.Render(node));
                Assign(c, value, source, TrainingConfig.Render(node));
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
        n is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out long l) ? (true, l) : (false, 0);

    private static (bool, double) JsonNumber(JsonNode? n) =>
        n is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double d) ? (true, d) : (false, 0);

    private static (bool, long) TextInteger(string s) => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? (true, l) : (false, 0);

    private static (bool, double) TextNumber(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? (true, d) : (false, 0);

    private static Func<long, string?> AtLeast(long min) => v => v >= min ? null : $"an integer >= {min}";

    public static ConfigField Integer(string key, Func<TrainingConfig, long> get, Action<TrainingConfig, long> set, long min) =>
        Make(key, "an integer", get, set, JsonInteger, TextInteger, AtLeast(min), v => JsonValue.Create(v));

    public static ConfigField OptionalInteger(string key, Func<TrainingConfig, long?> get, Action<TrainingConfig, long?> set, long min) =>
        Make<long?>(key, "an integer or null", get, set,
            n => n is null ? (true, null) : JsonInteger(n) is (true, var l) ? (true, l) : (false, null),
            s => s == "null" ? (true, null) : TextInteger(s) is (true, var l) ? (true, l) : (false, null),
            v => v is null || v >= min ? null : $"an integer >= {min} or null", v => v is null ? null : JsonValue.Create(v.Value));

    public static ConfigField Number(string key, Func<TrainingConfig, double> get, Action<TrainingConfig, double> set, Func<double, string?> check) =>
        Make(key, "a number", get, set, JsonNumber, TextNumber, check, v => JsonValue.Create(v));

    public static ConfigField OptionalNumber(string key, Func<TrainingConfig, double?> get, Action<TrainingConfig, double?> set, Func<double, string?> check) =>
        Make<double?>(key, "a number or null", get, set,
            n => n is null ? (true, null) : JsonNumber(n) is (true, var d) ? (true, d) : (false, null),
            s => s == "null" ? (true, null) : TextNumber(s) is (true, var d) ? (true, d) : (false, null),
            v => v is null ? null : check(v.Value), v => v is null ? null : JsonValue.Create(v.Value));

    public static ConfigField Flag(string key, Func<TrainingConfig, bool> get, Action<TrainingConfig, bool> set) =>
        Make(key, "true or false", get, set,
            n => n is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? (true, v.GetValue<bool>()) : (false, false),
            s => bool.TryParse(s, out var b) ? (true, b) : (false, false), null, v => JsonValue.Create(v));

    public static ConfigField Text(string key, Func<TrainingConfig, string> get, Action<TrainingConfig, string> set, Func<string, string?> check) =>
        Make(key, "a string", get, set,
            n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? (true, v.GetValue<string>()) : (false, ""),
            s => (true, s), check, v => JsonValue.Create(v));

    public static ConfigField OptionalText(string key, Func<TrainingConfig, string?> get, Action<TrainingConfig, string?> set) =>
        Make(key, "a string or null", get, set,
            n => n is null ? (true, null) : n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? (true, v.GetValue<string>()) : (false, null),
            s => (true, s == "null" ? null : s), null, v => v is null ? null : JsonValue.Create(v));

    /// <summary>An enum, written in camelCase ("cbow", "excludeTarget"), case-insensitive on input.</summary>
    public static ConfigField Choice<T>(string key, Func<TrainingConfig, T> get, Action<TrainingConfig, T> set) where T : struct, Enum
    {
        var names = string.Join(" or ", Enum.GetNames<T>().Select(n => $"\"{TrainingConfig.Camel(n)}\""));
        (bool, T) Parse(string s) => Enum.TryParse<T>(s, ignoreCase: true, out var v) && Enum.IsDefined(v) && !s.All(char.IsDigit) ? (true, v) : (false, default);
        return Make(key, names, get, set,
            n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? Parse(v.GetValue<string>()) : (false, default),
            Parse, null, v => JsonValue.Create(TrainingConfig.Camel(v.ToString())));
    }
}
