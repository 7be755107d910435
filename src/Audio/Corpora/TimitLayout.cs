using System.Text.RegularExpressions;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>A TIMIT utterance: the data-dir fields plus its phone transcription and speaker's sex and dialect region.</summary>
/// <param name="Gender">"m" or "f", from the first letter of the speaker folder.</param>
/// <param name="Dialect">Dialect region folder, e.g. "DR1".</param>
public sealed record TimitUtterance(CorpusUtterance Utterance, string PhnPath, string Gender, string Dialect);

/// <summary>
/// Reads the TIMIT layout <c>ROOT/{TRAIN,TEST}/DR1..DR8/{M,F}XXX0/SENT.{WAV,PHN,TXT,WRD}</c> (NIST SPHERE audio),
/// in upper or lower case. Utterance ids are <c>SPEAKER_SENTENCE</c> in upper case (e.g. <c>FCJF0_SI1027</c>),
/// whatever the case on disk, so both spellings of the corpus give the same ids.
/// </summary>
public static partial class TimitLayout
{
    /// <summary>Lists the utterances of one split, sorted by utterance id.</summary>
    /// <param name="split">"train" or "test" (any case).</param>
    /// <param name="includeSa">Keep the dialect sentences SA1/SA2, which every speaker reads; standard practice drops them.</param>
    public static IReadOnlyList<TimitUtterance> Read(string root, string split, bool includeSa = false)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(split);
        if (!Directory.Exists(root)) throw new CorpusLayoutException($"TIMIT corpus folder '{root}' does not exist");
        if (!split.Equals("train", StringComparison.OrdinalIgnoreCase) && !split.Equals("test", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"TIMIT split must be train or test, got '{split}'", nameof(split));
        string splitDir = FindChild(root, split) ?? throw new CorpusLayoutException(
            $"'{root}' is not a TIMIT corpus: it has no {split.ToUpperInvariant()}/ folder (expected ROOT/{{TRAIN,TEST}}/DR1..DR8/<speaker>/*.WAV; " +
            "if the corpus sits one level down, e.g. ROOT/TIMIT/TRAIN, pass that folder)");

        var found = new List<TimitUtterance>();
        foreach (string drDir in Directory.EnumerateDirectories(splitDir))
        {
            string dr = Path.GetFileName(drDir).ToUpperInvariant();
            if (!DialectName().IsMatch(dr)) continue;
            foreach (string spkDir in Directory.EnumerateDirectories(drDir))
            {
                string speaker = Path.GetFileName(spkDir).ToUpperInvariant();
                if (!SpeakerName().IsMatch(speaker)) continue;
                foreach (string wav in Directory.EnumerateFiles(spkDir))
                {
                    if (!Path.GetExtension(wav).Equals(".wav", StringComparison.OrdinalIgnoreCase)) continue;
                    // Some copies add converted "SA1.WAV.wav" files next to the SPHERE ones: skip those.
                    string sentence = Path.GetFileNameWithoutExtension(wav);
                    if (sentence.Contains('.', StringComparison.Ordinal)) continue;
                    sentence = sentence.ToUpperInvariant();
                    if (!includeSa && sentence.StartsWith("SA", StringComparison.Ordinal)) continue;
                    found.Add(Make(wav, speaker, sentence, dr));
                }
            }
        }
        if (found.Count == 0)
            throw new CorpusLayoutException(
                $"TIMIT folder '{splitDir}' holds no utterances (looked for DR1..DR8/<speaker>/*.WAV{(includeSa ? "" : ", SA sentences excluded")})");
        found.Sort((a, b) => string.CompareOrdinal(a.Utterance.UttId, b.Utterance.UttId));
        return found;
    }

    static TimitUtterance Make(string wav, string speaker, string sentence, string dialect)
    {
        string stem = Path.Combine(Path.GetDirectoryName(wav)!, Path.GetFileNameWithoutExtension(wav));
        string phn = Sibling(stem, ".phn") ?? throw new CorpusLayoutException(
            $"TIMIT audio '{wav}' has no phone transcription next to it ({Path.GetFileName(stem)}.PHN)");
        string? txt = Sibling(stem, ".txt");
        string text = txt is null ? "" : TranscriptText(txt);
        string gender = speaker[0] == 'F' ? "f" : "m";
        return new TimitUtterance(new CorpusUtterance($"{speaker}_{sentence}", speaker, Path.GetFullPath(wav), text),
            Path.GetFullPath(phn), gender, dialect);
    }

    // A .TXT line is "<start> <end> <sentence>"; the sample range is dropped.
    static string TranscriptText(string path)
    {
        string line = File.ReadLines(path).FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
        string[] f = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 3 || !f[0].All(char.IsAsciiDigit) || !f[1].All(char.IsAsciiDigit))
            throw new CorpusLayoutException($"{path}:1: expected '<start> <end> <sentence>', got '{line}'");
        return f[2].Trim();
    }

    static string? Sibling(string stem, string extension)
    {
        foreach (string ext in new[] { extension.ToUpperInvariant(), extension })
        {
            string path = stem + ext;
            if (File.Exists(path)) return path;
        }
        return null;
    }

    /// <summary>The child folder of <paramref name="parent"/> named <paramref name="name"/> in any case, or null.</summary>
    internal static string? FindChild(string parent, string name) =>
        Directory.EnumerateDirectories(parent).FirstOrDefault(d => Path.GetFileName(d).Equals(name, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex("^DR[1-8]$")]
    private static partial Regex DialectName();

    [GeneratedRegex("^[MF][A-Z]{3}[0-9]$")]
    private static partial Regex SpeakerName();
}
