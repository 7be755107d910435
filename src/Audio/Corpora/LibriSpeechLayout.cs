namespace SpeechDisentangle.Audio.Corpora;

/// <summary>
/// Reads the LibriSpeech layout <c>ROOT/SUBSET/SPEAKER/CHAPTER/SPEAKER-CHAPTER-UTT.flac</c> with one
/// <c>SPEAKER-CHAPTER.trans.txt</c> per chapter (<c>UTTID TRANSCRIPT</c> lines) and <c>ROOT/SPEAKERS.TXT</c>.
/// Utterance ids are the file names, already speaker-prefixed with '-' (which sorts before digits, so Kaldi's
/// utterance order and speaker order agree).
/// </summary>
public static class LibriSpeechLayout
{
    /// <summary>Subset folder names of the distribution (others are accepted too, when present).</summary>
    public static readonly IReadOnlyList<string> KnownSubsets =
        ["dev-clean", "dev-other", "test-clean", "test-other", "train-clean-100", "train-clean-360", "train-other-500"];

    /// <summary>Lists the utterances of <paramref name="subset"/>, sorted by utterance id.</summary>
    public static IReadOnlyList<CorpusUtterance> Read(string root, string subset)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(subset);
        if (!Directory.Exists(root)) throw new CorpusLayoutException($"LibriSpeech corpus folder '{root}' does not exist");
        string subsetDir = Path.Combine(root, subset);
        if (!Directory.Exists(subsetDir))
        {
            var present = KnownSubsets.Where(s => Directory.Exists(Path.Combine(root, s))).ToList();
            throw new CorpusLayoutException(present.Count == 0
                ? $"'{root}' is not a LibriSpeech corpus: it has none of the subset folders ({string.Join(", ", KnownSubsets)}); " +
                  "pass the LibriSpeech/ folder that holds them"
                : $"LibriSpeech corpus '{root}' has no subset '{subset}' ({subsetDir}); it has: {string.Join(", ", present)}");
        }

        var found = new List<CorpusUtterance>();
        foreach (string spkDir in Directory.EnumerateDirectories(subsetDir))
        {
            string speaker = Path.GetFileName(spkDir);
            foreach (string chapterDir in Directory.EnumerateDirectories(spkDir))
                found.AddRange(ReadChapter(chapterDir, speaker, Path.GetFileName(chapterDir)));
        }
        if (found.Count == 0)
            throw new CorpusLayoutException($"LibriSpeech subset '{subsetDir}' holds no utterances (looked for SPEAKER/CHAPTER/*.flac)");
        found.Sort((a, b) => string.CompareOrdinal(a.UttId, b.UttId));
        return found;
    }

    /// <summary>Path of the speaker list of the corpus at <paramref name="root"/>.</summary>
    public static string SpeakersFile(string root) => Path.Combine(root, "SPEAKERS.TXT");

    static IEnumerable<CorpusUtterance> ReadChapter(string chapterDir, string speaker, string chapter)
    {
        string prefix = $"{speaker}-{chapter}";
        string trans = Path.Combine(chapterDir, prefix + ".trans.txt");
        if (!File.Exists(trans)) throw new CorpusLayoutException($"LibriSpeech chapter '{chapterDir}' has no transcript file {prefix}.trans.txt");
        var texts = ReadTranscripts(trans, prefix);
        var flacs = Directory.EnumerateFiles(chapterDir, "*.flac").ToDictionary(f => Path.GetFileNameWithoutExtension(f), StringComparer.Ordinal);
        foreach (string id in flacs.Keys.Where(k => !texts.ContainsKey(k)))
            throw new CorpusLayoutException($"LibriSpeech audio '{flacs[id]}' has no line in {trans}");
        foreach (var (id, (text, line)) in texts)
        {
            if (!flacs.TryGetValue(id, out string? audio))
                throw new CorpusLayoutException($"{trans}:{line}: utterance {id} has no audio file {id}.flac");
            yield return new CorpusUtterance(id, speaker, Path.GetFullPath(audio), text);
        }
    }

    static Dictionary<string, (string Text, int Line)> ReadTranscripts(string path, string prefix)
    {
        var texts = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        int lineNo = 0;
        foreach (string raw in File.ReadLines(path))
        {
            lineNo++;
            string line = raw.Trim();
            if (line.Length == 0) continue;
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            string id = space < 0 ? line : line[..space];
            if (!id.StartsWith(prefix + "-", StringComparison.Ordinal))
                throw new CorpusLayoutException($"{path}:{lineNo}: utterance id '{id}' does not start with '{prefix}-'");
            if (!texts.TryAdd(id, (space < 0 ? "" : line[(space + 1)..].Trim(), lineNo)))
                throw new CorpusLayoutException($"{path}:{lineNo}: utterance {id} is listed twice");
        }
        return texts;
    }
}
