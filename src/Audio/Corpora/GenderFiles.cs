using SpeechDisentangle.Audio.Common;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>Writes Kaldi's <c>spk2gender</c> and the per-utterance <c>utt2gender</c> ("m"/"f"), sorted.</summary>
public static class GenderFiles
{
    /// <summary>File name of the speaker → gender table.</summary>
    public const string Spk2Gender = "spk2gender";

    /// <summary>File name of the utterance → gender table.</summary>
    public const string Utt2Gender = "utt2gender";

    /// <summary>Writes both files into <paramref name="dataDir"/>; every speaker of <paramref name="utt2spk"/> needs a gender.</summary>
    public static void Write(string dataDir, IReadOnlyDictionary<string, string> utt2spk, IReadOnlyDictionary<string, string> spk2gender)
    {
        ArgumentNullException.ThrowIfNull(utt2spk);
        ArgumentNullException.ThrowIfNull(spk2gender);
        var utt = new System.Text.StringBuilder();
        var spk = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (u, s) in utt2spk.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!spk2gender.TryGetValue(s, out string? g))
                throw new CorpusLayoutException($"speaker '{s}' (utterance '{u}') has no gender");
            utt.Append(u).Append(' ').Append(g).Append('\n');
            spk[s] = g;
        }
        AtomicFile.WriteAllText(Path.Combine(dataDir, Utt2Gender), utt.ToString());
        AtomicFile.WriteAllText(Path.Combine(dataDir, Spk2Gender), string.Concat(spk.Select(kv => $"{kv.Key} {kv.Value}\n")));
    }
}
