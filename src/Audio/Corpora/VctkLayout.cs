namespace SpeechDisentangle.Audio.Corpora;

/// <summary>
/// Reads the VCTK layouts: 0.80 (<c>wav48/pNNN/pNNN_MMM.wav</c>) and 0.92
/// (<c>wav48_silence_trimmed/pNNN/pNNN_MMM_mic1.flac</c>, mic1 or mic2), with transcripts in <c>txt/pNNN/pNNN_MMM.txt</c>.
/// The synth-digits corpus uses the 0.80 layout.
/// </summary>
public static class VctkLayout
{
    /// <summary>Lists the utterances of the corpus at <paramref name="root"/>, sorted by utterance id.</summary>
    /// <param name="mic">For 0.92: "mic1" or "mic2".</param>
    public static IReadOnlyList<CorpusUtterance> Read(string root, string mic = "mic1")
    {
        if (!Directory.Exists(root))
            throw new CorpusLayoutException($"VCTK corpus folder '{root}' does not exist");
        if (mic is not ("mic1" or "mic2"))
            throw new ArgumentException($"mic must be mic1 or mic2, got '{mic}'", nameof(mic));
        string v080 = Path.Combine(root, "wav48");
        string v092 = Path.Combine(root, "wav48_silence_trimmed");
        var found = new List<CorpusUtterance>();
        if (Directory.Exists(v080))
        {
            foreach (var file in Directory.EnumerateFiles(v080, "*.wav", SearchOption.AllDirectories))
                found.Add(Make(root, Path.GetFileNameWithoutExtension(file), file));
        }
        else if (Directory.Exists(v092))
        {
            foreach (var file in Directory.EnumerateFiles(v092, "*_" + mic + ".flac", SearchOption.AllDirectories))
            {
                string name = Path.GetFileNameWithoutExtension(file);
                found.Add(Make(root, name[..^(mic.Length + 1)], file));
            }
        }
        else
        {
            throw new CorpusLayoutException(
                $"'{root}' is not a VCTK corpus: it has neither wav48/ (VCTK 0.80) nor wav48_silence_trimmed/ (VCTK 0.92)");
        }
        if (found.Count == 0)
            throw new CorpusLayoutException($"VCTK corpus '{root}' holds no audio files (looked for wav48/*/*.wav and wav48_silence_trimmed/*/*_{mic}.flac)");
        found.Sort((a, b) => string.CompareOrdinal(a.UttId, b.UttId));
        return found;
    }

    static CorpusUtterance Make(string root, string uttId, string audio)
    {
        int underscore = uttId.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0)
            throw new CorpusLayoutException($"VCTK file '{audio}' is not named <speaker>_<number>");
        string speaker = uttId[..underscore];
        string txt = Path.Combine(root, "txt", speaker, uttId + ".txt");
        string text = File.Exists(txt) ? File.ReadAllText(txt).Trim() : "";
        return new CorpusUtterance(uttId, speaker, Path.GetFullPath(audio), text);
    }
}
