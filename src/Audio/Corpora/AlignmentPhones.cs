namespace SpeechDisentangle.Audio.Corpora;

/// <summary>
/// Folds the phone names of forced alignments to content classes: Kaldi's word-position suffixes (_B, _I, _E, _S
/// of a lexicon built with position-dependent phones) and, optionally, ARPAbet stress digits (AH0, AH1 -> AH).
/// </summary>
public static class AlignmentPhones
{
    static readonly string[] PositionSuffixes = ["_B", "_I", "_E", "_S"];

    /// <summary>The class name of <paramref name="phone"/>; never empty (a name that would be is kept whole).</summary>
    public static string Fold(string phone, bool stripPosition, bool stripStress)
    {
        ArgumentNullException.ThrowIfNull(phone);
        string name = phone;
        if (stripPosition)
            foreach (string suffix in PositionSuffixes)
                if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal))
                {
                    name = name[..^suffix.Length];
                    break;
                }
        if (stripStress)
        {
            string unstressed = name.TrimEnd('0', '1', '2');
            if (unstressed.Length > 0) name = unstressed;
        }
        return name;
    }
}
