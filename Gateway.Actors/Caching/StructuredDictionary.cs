namespace Gateway.Actors.Caching;

/// <summary>The type of a Structured Field member's value (RFC 8941 §3.3, plus inner lists, §3.1.1).</summary>
public enum StructuredKind : byte
{
    Integer,
    Decimal,
    String,
    Token,
    ByteSequence,
    Boolean,
    InnerList,
}

/// <param name="Key">The member's key (lowercase, as the grammar requires).</param>
/// <param name="Kind">Its value's type; a key alone is Boolean true.</param>
/// <param name="Value">
/// The value's text: an Integer's or Decimal's digits (with its sign), a String's unescaped content, a
/// Token as written, <c>?1</c>/<c>?0</c> as <c>1</c>/<c>0</c>; null for byte sequences and inner lists,
/// whose content no cache directive uses.
/// </param>
public readonly record struct StructuredMember(string Key, StructuredKind Kind, string? Value);

/// <summary>
/// A Dictionary Structured Field (RFC 8941 §3.2, parsed per §4.2.2), the syntax of targeted cache
/// fields such as <c>CDN-Cache-Control</c> (RFC 9213 §2.1). Strict where the RFC is strict: any parse
/// error fails the whole field, since RFC 9213 then has the cache ignore it. A key given twice keeps
/// its last value (§4.2.2). Parameters are read past and dropped: RFC 9213 ignores them.
/// </summary>
public static class StructuredDictionary
{
    /// <summary>
    /// Parses the field's lines as one comma-joined value (RFC 8941 §4.2); null on any parse error.
    /// No lines, or only empty ones, give an empty dictionary.
    /// </summary>
    public static IReadOnlyList<StructuredMember>? TryParse(IEnumerable<string?> fieldLines)
    {
        var text = string.Join(",", fieldLines.Where(line => !string.IsNullOrEmpty(line)));
        var reader = new Reader(text);
        return reader.TryDictionary(out var members) ? members : null;
    }

    private ref struct Reader(string text)
    {
        private readonly ReadOnlySpan<char> _s = text;
        private int _i;

        private readonly bool AtEnd => _i >= _s.Length;
        private readonly char Peek => _s[_i];

        public bool TryDictionary(out List<StructuredMember> members)
        {
            members = [];
            SkipSpaces();
            while (!AtEnd)
            {
                if (!TryKey(out var key)) return false;
                StructuredMember member;
                if (!AtEnd && Peek == '=')
                {
                    _i++;
                    if (!TryMemberValue(key, out member)) return false;
                }
                else
                {
                    member = new StructuredMember(key, StructuredKind.Boolean, "1");
                    if (!TryParameters()) return false;
                }
                // §4.2.2: a key seen again overwrites the value it had.
                var at = members.FindIndex(m => m.Key == key);
                if (at >= 0) members[at] = member;
                else members.Add(member);

                SkipOptionalWhitespace();
                if (AtEnd) return true;
                if (Peek != ',') return false;
                _i++;
                SkipOptionalWhitespace();
                if (AtEnd) return false; // a trailing comma
            }
            return true;
        }

        private bool TryMemberValue(string key, out StructuredMember member)
        {
            member = default;
            if (!AtEnd && Peek == '(')
            {
                if (!TryInnerList()) return false;
                member = new StructuredMember(key, StructuredKind.InnerList, null);
                return true;
            }
            if (!TryBareItem(out var kind, out var value) || !TryParameters()) return false;
            member = new StructuredMember(key, kind, value);
            return true;
        }

        // "(" *SP [ sf-item *( 1*SP sf-item ) *SP ] ")" parameters
        private bool TryInnerList()
        {
            _i++;
            while (!AtEnd)
            {
                SkipSpaces();
                if (AtEnd) return false;
                if (Peek == ')')
                {
                    _i++;
                    return TryParameters();
                }
                if (!TryBareItem(out _, out _) || !TryParameters()) return false;
                if (AtEnd || (Peek != ' ' && Peek != ')')) return false;
            }
            return false;
        }

        // *( ";" *SP key [ "=" bare-item ] )
        private bool TryParameters()
        {
            while (!AtEnd && Peek == ';')
            {
                _i++;
                SkipSpaces();
                if (!TryKey(out _)) return false;
                if (!AtEnd && Peek == '=')
                {
                    _i++;
                    if (!TryBareItem(out _, out _)) return false;
                }
            }
            return true;
        }

        // ( lcalpha / "*" ) *( lcalpha / DIGIT / "_" / "-" / "." / "*" )
        private bool TryKey(out string key)
        {
            key = "";
            if (AtEnd || !(Peek is >= 'a' and <= 'z' or '*')) return false;
            var start = _i;
            while (!AtEnd && Peek is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-' or '.' or '*') _i++;
            key = _s[start.._i].ToString();
            return true;
        }

        private bool TryBareItem(out StructuredKind kind, out string? value)
        {
            kind = default;
            value = null;
            if (AtEnd) return false;
            var c = Peek;
            if (c == '-' || c is >= '0' and <= '9') return TryNumber(out kind, out value);
            if (c == '"')
            {
                kind = StructuredKind.String;
                return TryString(out value);
            }
            if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '*')
            {
                kind = StructuredKind.Token;
                var start = _i;
                while (!AtEnd && (IsTokenChar(Peek) || Peek is ':' or '/')) _i++;
                value = _s[start.._i].ToString();
                return true;
            }
            if (c == ':')
            {
                kind = StructuredKind.ByteSequence;
                return TryByteSequence();
            }
            if (c == '?')
            {
                kind = StructuredKind.Boolean;
                _i++;
                if (AtEnd || Peek is not ('0' or '1')) return false;
                value = Peek == '1' ? "1" : "0";
                _i++;
                return true;
            }
            return false;
        }

        // §4.2.4: at most 15 integer digits; a decimal has at most 12 before its point and 1 to 3 after.
        private bool TryNumber(out StructuredKind kind, out string? value)
        {
            kind = StructuredKind.Integer;
            value = null;
            var start = _i;
            if (Peek == '-') _i++;
            var digitsStart = _i;
            var point = -1;
            while (!AtEnd)
            {
                var c = Peek;
                if (c is >= '0' and <= '9') _i++;
                else if (c == '.' && point < 0 && _i > digitsStart)
                {
                    if (_i - digitsStart > 12) return false;
                    point = _i++;
                }
                else break;
            }
            var digits = _i - digitsStart - (point < 0 ? 0 : 1);
            if (digits == 0) return false;
            if (point < 0)
            {
                if (digits > 15) return false;
            }
            else
            {
                var fraction = _i - point - 1;
                if (fraction is < 1 or > 3) return false;
                kind = StructuredKind.Decimal;
            }
            value = _s[start.._i].ToString();
            return true;
        }

        // DQUOTE *( %x20-21 / %x23-5B / %x5D-7E / "\" ( DQUOTE / "\" ) ) DQUOTE
        private bool TryString(out string? value)
        {
            value = null;
            _i++;
            var builder = new System.Text.StringBuilder();
            while (!AtEnd)
            {
                var c = _s[_i++];
                if (c == '"')
                {
                    value = builder.ToString();
                    return true;
                }
                if (c == '\\')
                {
                    if (AtEnd || Peek is not ('"' or '\\')) return false;
                    c = _s[_i++];
                }
                else if (c is < ' ' or > '~') return false;
                builder.Append(c);
            }
            return false;
        }

        // ":" *base64 ":"; only its alphabet is checked, since no cache directive reads the bytes.
        private bool TryByteSequence()
        {
            _i++;
            while (!AtEnd && Peek != ':')
            {
                if (!(Peek is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '+' or '/' or '=')) return false;
                _i++;
            }
            if (AtEnd) return false;
            _i++;
            return true;
        }

        private void SkipSpaces()
        {
            while (!AtEnd && Peek == ' ') _i++;
        }

        private void SkipOptionalWhitespace()
        {
            while (!AtEnd && Peek is ' ' or '\t') _i++;
        }

        private static bool IsTokenChar(char c) =>
            c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
                or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
    }
}
