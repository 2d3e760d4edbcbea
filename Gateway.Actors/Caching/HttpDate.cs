namespace Gateway.Actors.Caching;

/// <summary>
/// An HTTP-date (RFC 9110 §5.6.7) read exactly: the IMF-fixdate that senders generate and the two
/// obsolete forms every recipient must still accept (RFC 850 and asctime). Names are case-sensitive
/// (<c>%s"GMT"</c>, <c>%s"Nov"</c>) and nothing else is guessed at, since for <c>Expires</c> a value that
/// is not one of the three means "already expired" (RFC 9111 §5.3), the safe reading.
/// </summary>
/// <remarks>
/// <code>
/// IMF-fixdate  = day-name "," SP 2DIGIT SP month SP 4DIGIT SP time-of-day SP "GMT"   ; Sun, 06 Nov 1994 08:49:37 GMT
/// rfc850-date  = day-name-l "," SP 2DIGIT "-" month "-" 2DIGIT SP time-of-day SP "GMT" ; Sunday, 06-Nov-94 08:49:37 GMT
/// asctime-date = day-name SP month SP ( 2DIGIT / ( SP DIGIT ) ) SP time-of-day SP 4DIGIT ; Sun Nov  6 08:49:37 1994
/// time-of-day  = 2DIGIT ":" 2DIGIT ":" 2DIGIT   ; 00:00:00 - 23:59:60 (leap second)
/// </code>
/// The day name is checked for being a day name, not for matching the date: the grammar asks no more.
/// </remarks>
public static class HttpDate
{
    private static readonly string[] Days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    private static readonly string[] LongDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <param name="now">For RFC 850's two-digit year: one more than 50 years ahead of it is the century before.</param>
    public static bool TryParse(string? text, DateTimeOffset now, out DateTimeOffset value)
    {
        value = default;
        if (text is null) return false;
        var s = text.AsSpan().Trim(" \t");
        var comma = s.IndexOf(',');
        if (comma == 3 && Days.Contains(s[..3].ToString())) return TryImfFixdate(s[3..], out value);
        if (comma > 3 && LongDays.Contains(s[..comma].ToString())) return TryRfc850(s[comma..], now, out value);
        if (comma < 0 && s.Length > 3 && Days.Contains(s[..3].ToString())) return TryAsctime(s[3..], out value);
        return false;
    }

    // ", 06 Nov 1994 08:49:37 GMT"
    private static bool TryImfFixdate(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        return s.Length == 26
            && s.StartsWith(", ") && s[4] == ' ' && s[8] == ' ' && s[13] == ' ' && s[22..].SequenceEqual(" GMT")
            && TryDigits(s.Slice(2, 2), out var day)
            && TryMonth(s.Slice(5, 3), out var month)
            && TryDigits(s.Slice(9, 4), out var year)
            && TryCompose(year, month, day, s.Slice(14, 8), out value);
    }

    // ", 06-Nov-94 08:49:37 GMT"
    private static bool TryRfc850(ReadOnlySpan<char> s, DateTimeOffset now, out DateTimeOffset value)
    {
        value = default;
        if (!(s.Length == 24
            && s.StartsWith(", ") && s[4] == '-' && s[8] == '-' && s[11] == ' ' && s[20..].SequenceEqual(" GMT")
            && TryDigits(s.Slice(2, 2), out var day)
            && TryMonth(s.Slice(5, 3), out var month)
            && TryDigits(s.Slice(9, 2), out var twoDigitYear)))
            return false;
        // RFC 9110 §5.6.7: more than 50 years in the future means the most recent past year with those digits.
        var year = now.Year / 100 * 100 + twoDigitYear;
        if (!TryCompose(year, month, day, s.Slice(12, 8), out value)) return false;
        if (value > now.AddYears(50)) return TryCompose(year - 100, month, day, s.Slice(12, 8), out value);
        return true;
    }

    // " Nov  6 08:49:37 1994"
    private static bool TryAsctime(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        if (!(s.Length == 21 && s[0] == ' ' && s[4] == ' ' && s[7] == ' ' && s[16] == ' ')) return false;
        var dayText = s.Slice(5, 2);
        // ( 2DIGIT / ( SP DIGIT ) ): a one-digit day is padded with a space, never written alone.
        var day = 0;
        var dayRead = dayText[0] == ' ' ? TryDigits(dayText[1..], out day) : TryDigits(dayText, out day);
        return dayRead
            && TryMonth(s.Slice(1, 3), out var month)
            && TryDigits(s.Slice(17, 4), out var year)
            && TryCompose(year, month, day, s.Slice(8, 8), out value);
    }

    private static bool TryMonth(ReadOnlySpan<char> s, out int month)
    {
        for (var i = 0; i < Months.Length; i++)
        {
            if (!s.SequenceEqual(Months[i])) continue;
            month = i + 1;
            return true;
        }
        month = 0;
        return false;
    }

    // "08:49:37", with the calendar checks the grammar leaves to the meaning (no 31 Feb, no 25:00).
    private static bool TryCompose(int year, int month, int day, ReadOnlySpan<char> time, out DateTimeOffset value)
    {
        value = default;
        if (!(time[2] == ':' && time[5] == ':'
            && TryDigits(time[..2], out var hour) && TryDigits(time.Slice(3, 2), out var minute) && TryDigits(time.Slice(6, 2), out var second)))
            return false;
        if (year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60) return false;
        // A leap second (:60) is the instant after :59; DateTime cannot hold it.
        var leap = second == 60 ? 1 : 0;
        value = new DateTimeOffset(year, month, day, hour, minute, second - leap, TimeSpan.Zero).AddSeconds(leap);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int number)
    {
        number = 0;
        foreach (var c in s)
        {
            if (c is < '0' or > '9') return false;
            number = number * 10 + (c - '0');
        }
        return s.Length > 0;
    }
}
