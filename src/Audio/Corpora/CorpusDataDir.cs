using SpeechDisentangle.Audio.Data;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>Turns the utterances found in a corpus layout into a Kaldi data directory.</summary>
public static class CorpusDataDir
{
    /// <summary>Builds (and validates) a data dir: wav.scp with plain paths, utt2spk, spk2utt and text.</summary>
    public static KaldiDataDir Create(IReadOnlyList<CorpusUtterance> utterances)
    {
        ArgumentNullException.ThrowIfNull(utterances);
        var wav = new Dictionary<string, string>(StringComparer.Ordinal);
        var utt2spk = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var u in utterances)
        {
            if (!wav.TryAdd(u.UttId, u.AudioPath))
                throw new CorpusLayoutException($"utterance id '{u.UttId}' occurs twice ({wav[u.UttId]} and {u.AudioPath})");
            utt2spk[u.UttId] = u.Speaker;
            if (u.Text.Length > 0) text[u.UttId] = u.Text;
        }
        return KaldiDataDir.Create(wav, utt2spk, text.Count > 0 ? text : null);
    }
}
