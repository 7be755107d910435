namespace SpeechDisentangle.Audio.Corpora;

/// <summary>
/// Makes a Kaldi data dir from one LibriSpeech subset: wav.scp (FLAC paths, read through libsndfile), utt2spk,
/// spk2utt, text, plus spk2gender and utt2gender from SPEAKERS.TXT.
/// </summary>
public static class LibriSpeechDataPrep
{
    /// <returns>The utterance and speaker counts written.</returns>
    public static (int Utterances, int Speakers) Prepare(string root, string subset, string outDir, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(outDir);
        var utts = LibriSpeechLayout.Read(root, subset);
        string speakersFile = LibriSpeechLayout.SpeakersFile(root);
        var speakers = LibriSpeechSpeakers.Read(speakersFile);
        var spk2gender = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string spk in utts.Select(u => u.Speaker).Distinct())
        {
            if (!speakers.TryGetValue(spk, out var info))
                throw new CorpusLayoutException($"speaker {spk} of subset {subset} is not listed in {speakersFile}");
            spk2gender[spk] = info.Sex.ToLowerInvariant();
        }
        var dir = CorpusDataDir.Create(utts);
        dir.Save(outDir);
        GenderFiles.Write(outDir, dir.Utt2Spk, spk2gender);
        log?.WriteLine($"prepare-librispeech: {utts.Count} utterances, {dir.Spk2Utt.Count} speakers ({subset}) -> {outDir}");
        return (utts.Count, dir.Spk2Utt.Count);
    }
}
