namespace SpeechDisentangle.Audio.Corpora;

/// <summary>Which TIMIT phone inventory frame labels use.</summary>
public enum TimitPhoneSet
{
    /// <summary>The 61 symbols of the TIMIT .PHN files, as transcribed.</summary>
    Full61 = 61,

    /// <summary>The 39 classes of Lee &amp; Hon (1989), the usual set for scoring phone recognition.</summary>
    Folded39 = 39,
}

/// <summary>
/// The TIMIT phone inventories and the 61→39 folding of Lee &amp; Hon (1989): closures, pauses, epenthetic silence and
/// h# become <c>sil</c>; aa/ao, ah/ax/ax-h, er/axr, hh/hv, ih/ix, l/el, m/em, n/en/nx, ng/eng, sh/zh, uw/ux merge.
/// The glottal stop <c>q</c> has no class in the 39 set (Lee &amp; Hon delete it); <see cref="Fold"/> returns null for it.
/// </summary>
public static class TimitPhones
{
    /// <summary>The 61 phones of the TIMIT transcriptions, sorted (ordinal).</summary>
    public static readonly IReadOnlyList<string> Full61 =
    [
        "aa", "ae", "ah", "ao", "aw", "ax", "ax-h", "axr", "ay", "b", "bcl", "ch", "d", "dcl", "dh", "dx",
        "eh", "el", "em", "en", "eng", "epi", "er", "ey", "f", "g", "gcl", "h#", "hh", "hv", "ih", "ix", "iy", "jh",
        "k", "kcl", "l", "m", "n", "ng", "nx", "ow", "oy", "p", "pau", "pcl", "q", "r", "s", "sh", "t", "tcl", "th",
        "uh", "uw", "ux", "v", "w", "y", "z", "zh",
    ];

    /// <summary>The 39 folded classes, sorted (ordinal).</summary>
    public static readonly IReadOnlyList<string> Folded39 =
    [
        "aa", "ae", "ah", "aw", "ay", "b", "ch", "d", "dh", "dx", "eh", "er", "ey", "f", "g", "hh", "ih", "iy", "jh",
        "k", "l", "m", "n", "ng", "ow", "oy", "p", "r", "s", "sh", "sil", "t", "th", "uh", "uw", "v", "w", "y", "z",
    ];

    static readonly Dictionary<string, string> Merges = new(StringComparer.Ordinal)
    {
        ["ao"] = "aa", ["ax"] = "ah", ["ax-h"] = "ah", ["axr"] = "er", ["hv"] = "hh", ["ix"] = "ih", ["el"] = "l",
        ["em"] = "m", ["en"] = "n", ["nx"] = "n", ["eng"] = "ng", ["zh"] = "sh", ["ux"] = "uw",
        ["bcl"] = "sil", ["dcl"] = "sil", ["gcl"] = "sil", ["pcl"] = "sil", ["tcl"] = "sil", ["kcl"] = "sil",
        ["h#"] = "sil", ["pau"] = "sil", ["epi"] = "sil",
    };

    static readonly HashSet<string> Known = new(Full61, StringComparer.Ordinal);

    /// <summary>True when <paramref name="phone"/> is one of the 61 TIMIT symbols.</summary>
    public static bool IsTimitPhone(string phone) => Known.Contains(phone);

    /// <summary>The 39-set class of a 61-set phone, or null for <c>q</c> (deleted in the 39 set).</summary>
    /// <exception cref="ArgumentException">The symbol is not a TIMIT phone.</exception>
    public static string? Fold(string phone)
    {
        ArgumentNullException.ThrowIfNull(phone);
        if (!Known.Contains(phone)) throw new ArgumentException($"'{phone}' is not one of the 61 TIMIT phones", nameof(phone));
        if (phone == "q") return null;
        return Merges.TryGetValue(phone, out string? folded) ? folded : phone;
    }

    /// <summary>The symbols of a phone set in label order (label i = symbol i).</summary>
    public static IReadOnlyList<string> Symbols(TimitPhoneSet set) => set switch
    {
        TimitPhoneSet.Full61 => Full61,
        TimitPhoneSet.Folded39 => Folded39,
        _ => throw new ArgumentOutOfRangeException(nameof(set), set, "unknown TIMIT phone set"),
    };
}
