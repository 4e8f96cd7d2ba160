using System.Globalization;
using System.Text;

namespace SecurityAgent.Core.Configuration;

/// <summary>
/// ISO 8601 durations as the twin uses them: <c>P[nW][nD][T[nH][nM][nS]]</c>, upper case, each
/// number 1 to 6 digits, not zero; no years, months, fractions or signs.
/// </summary>
internal static class IsoDuration
{
    /// <summary>Parses a duration into whole seconds.</summary>
    public static bool TryParse(string text, out long seconds)
    {
        seconds = 0;
        if (text.Length < 3 || text[0] != 'P')
        {
            return false;
        }

        // Designators allowed in order: W D, then after T: H M S.
        ReadOnlySpan<char> dateUnits = "WD";
        ReadOnlySpan<char> timeUnits = "HMS";
        ReadOnlySpan<long> dateScale = [7 * 86400, 86400];
        ReadOnlySpan<long> timeScale = [3600, 60, 1];
        var i = 1;
        var nextUnit = 0;
        var inTime = false;
        var components = 0;
        while (i < text.Length)
        {
            if (text[i] == 'T')
            {
                if (inTime || i + 1 >= text.Length || !char.IsAsciiDigit(text[i + 1]))
                {
                    return false;
                }

                inTime = true;
                nextUnit = 0;
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            var digits = i - start;
            if (digits is 0 or > 6 || i >= text.Length)
            {
                return false;
            }

            var value = long.Parse(text.AsSpan(start, digits), NumberStyles.None, CultureInfo.InvariantCulture);
            var units = inTime ? timeUnits : dateUnits;
            var scale = inTime ? timeScale : dateScale;
            var unit = units[nextUnit..].IndexOf(text[i]);
            if (unit < 0)
            {
                return false;
            }

            unit += nextUnit;
            seconds += value * scale[unit];
            nextUnit = unit + 1;
            components++;
            i++;
        }

        return components > 0 && seconds > 0;
    }

    /// <summary>The canonical form: days, then T with hours, minutes and seconds, zero parts omitted.</summary>
    public static string Format(long seconds)
    {
        var days = seconds / 86400;
        var rest = seconds % 86400;
        var sb = new StringBuilder("P");
        if (days > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{days}D");
        }

        if (rest > 0)
        {
            sb.Append('T');
            if (rest / 3600 > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{rest / 3600}H");
            }

            if (rest / 60 % 60 > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{rest / 60 % 60}M");
            }

            if (rest % 60 > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{rest % 60}S");
            }
        }

        return sb.ToString();
    }
}
