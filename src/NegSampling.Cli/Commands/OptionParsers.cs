using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace NegSampling.Cli.Commands;

/// <summary>
/// Options that check their own values (also compiled into bench/SamplerBench). Each is the option's parser, not a
/// validator: a wrong value is one usage line naming the option. Validators run before values are converted, and one
/// that reads a value which did not convert throws instead of reporting, so command validators read
/// <see cref="Token"/>, never GetValue.
/// </summary>
internal static class OptionParsers
{
    /// <summary>
    /// The option takes a whole number from <paramref name="least"/> to <paramref name="most"/> (int or long, or
    /// their nullable forms); anything else, out of range or no number at all, is refused.
    /// </summary>
    public static Option<T> Within<T>(this Option<T> option, long least, long most, string what)
    {
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (type != typeof(int) && type != typeof(long))
            throw new ArgumentException($"{option.Name}: a whole-number option is int or long, not {type.Name}");
        var largest = type == typeof(int) ? int.MaxValue : long.MaxValue;
        option.CustomParser = result =>
        {
            var token = result.Tokens[0].Value; // the option's arity, checked before, is one value
            var parsed = long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture,
                out var value);
            if (parsed && value >= least && value <= Math.Min(most, largest))
                return (T)Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
            // An option bounded by its type alone says the type's limit when that is what the value passed.
            var tooLarge = most > largest
                && (parsed ? value > largest : token.Length > 0 && token.All(char.IsAsciiDigit));
            Refuse(result, option, $"{what}{(tooLarge ? $", at most {largest}" : "")}", token);
            return default;
        };
        return option;
    }

    /// <summary><see cref="Within{T}"/> with no upper bound but the type's.</summary>
    public static Option<T> AtLeast<T>(this Option<T> option, long least, string what) =>
        option.Within(least, long.MaxValue, what);

    /// <summary>The option takes one of <paramref name="choices"/> (help lists them); anything else is
    /// refused.</summary>
    public static Option<string> OneOf(this Option<string> option, params string[] choices)
    {
        option.CompletionSources.Add(choices);
        option.CustomParser = result =>
        {
            var token = result.Tokens[0].Value;
            if (choices.Contains(token)) return token;
            Refuse(result, option, choices.Length == 2 ? $"{choices[0]} or {choices[1]}"
                : $"one of {string.Join(", ", choices)}", token);
            return null;
        };
        return option;
    }

    /// <summary>What the command line gave the option, as typed (null when not given): what a command validator may
    /// read.</summary>
    public static string? Token(this CommandResult result, Option option) =>
        result.GetResult(option) is { Implicit: false, Tokens: [var token, ..] } ? token.Value : null;

    private static void Refuse(ArgumentResult result, Option option, string expected, string token) =>
        result.AddError($"{option.Name}: expected {expected}, found {(token.Length == 0 ? "nothing" : token)}");
}
