using System.CommandLine;
using System.Globalization;

namespace NegSampling.Cli.Commands;

/// <summary>Whole-number options with a range.</summary>
public static class NumberOptions
{
    /// <summary>
    /// The option takes a whole number from <paramref name="least"/> to <paramref name="most"/>: anything else (out
    /// of range, or no number at all) is one usage error naming the option. It is the option's own parser, not a
    /// validator: a validator that reads a value which did not parse throws instead of reporting.
    /// </summary>
    public static Option<T> Within<T>(this Option<T> option, long least, long most, string what)
    {
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        most = Math.Min(most, type == typeof(int) ? int.MaxValue : long.MaxValue);
        option.CustomParser = result =>
        {
            var token = result.Tokens[^1].Value;
            if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                && value >= least && value <= most)
                return (T)Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
            result.AddError($"{option.Name}: expected {what}, found {token}");
            return default;
        };
        return option;
    }

    /// <summary><see cref="Within{T}"/> with no upper bound but the type's.</summary>
    public static Option<T> AtLeast<T>(this Option<T> option, long least, string what) =>
        option.Within(least, long.MaxValue, what);
}
