using System.Globalization;
using System.Text;
using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>
/// Splits a feature data directory for speaker-invariance experiments: K speakers (or the ones named) are held out entirely ("unseen");
/// the others' utterances are divided into "train", "valid" and "test", stratified by content (the transcript when it
/// is one word; all multi-word sentences form one stratum; with <see cref="ContentMode.Sentence"/>, each sentence
/// shared by enough seen speakers is its own stratum) and spread evenly over speakers. Each split is written as a
/// valid feature data dir (the subset of utt2spk, spk2utt, text, feats.scp or npy.scp, utt2num_frames, cmvn.scp,
/// wav.scp), and the label maps training uses are written beside them: speakers.txt (training speakers) and
/// content.txt (content classes), "label index" lines in ordinal order.
/// </summary>
public static class DataSplit
{
    /// <summary>The split folder names.</summary>
    public static readonly IReadOnlyList<string> Names = ["train", "valid", "test", "unseen"];

    /// <summary>The stratum of multi-word transcripts.</summary>
    public const string SentenceStratum = "<sentence>";

    static readonly string[] CopiedTables = [KaldiFileNames.Utt2Spk, KaldiFileNames.Text, KaldiFileNames.FeatsScp, "npy.scp", "utt2num_frames", KaldiFileNames.WavScp];

    /// <summary>Splits <paramref name="dataDir"/> into <paramref name="outDir"/>/{train,valid,test,unseen}; returns utterance ids per split.</summary>
    /// <param name="warnings">Receives what was skipped (an unreadable front-end record of <paramref name="dataDir"/>).</param>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Run(string dataDir, string outDir, DataSplitOptions options, TextWriter? log = null,
        TextWriter? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(dataDir);
        ArgumentNullException.ThrowIfNull(outDir);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var source = SourceTables.Read(dataDir);
        var random = new Random(options.Seed);
        var held = HoldOut(source, options, random);
        var strata = ContentStrata.For(source, held, options);
        var assignment = Assign(source, held, strata, random, options);
        CheckContentCoverage(source, assignment, strata, options);
        var frontEnd = ReadFrontEnd(dataDir, warnings);
        foreach (var (name, utts) in assignment) WriteSubset(source, Path.Combine(outDir, name), utts);
        // Each subset says how its features were made, so a model trained on it can compute them from audio; a subset
        // of a source without a record has none (not one left by an earlier split into the same folder).
        foreach (string name in assignment.Keys)
        {
            string subset = Path.Combine(outDir, name);
            if (frontEnd is not null) frontEnd.Write(subset);
            else File.Delete(Path.Combine(subset, FeatureFrontEnd.FileName));
        }
        var trainSpeakers = assignment["train"].Select(u => source.Utt2Spk[u].Rest);
        WriteLabelMap(Path.Combine(outDir, "speakers.txt"), trainSpeakers);
        var classes = assignment["train"].Select(strata).Where(s => s != SentenceStratum).ToList();
        WriteLabelMap(Path.Combine(outDir, "content.txt"), classes);
        log?.WriteLine("split " + string.Join(", ", Names.Select(n => string.Create(CultureInfo.InvariantCulture,
            $"{n}: {assignment[n].Count} utts / {assignment[n].Select(u => source.Utt2Spk[u].Rest).Distinct().Count()} speakers"))));
        log?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"content ({ContentModes.Name(options.Content)}): {classes.Distinct(StringComparer.Ordinal).Count()} classes, {classes.Count} labelled of {assignment["train"].Count} train utts"));
        return assignment;
    }

    /// <summary>
    /// The source's front-end record; null, with a warning, when it is unreadable: the split does not need it, and
    /// training on the subsets tolerates its absence (such a model reads feature dirs but cannot compute features from audio).
    /// </summary>
    static FeatureFrontEnd? ReadFrontEnd(string dataDir, TextWriter? warnings)
    {
        try
        {
            return FeatureFrontEnd.Read(dataDir);
        }
        catch (InvalidDataException e)
        {
            warnings?.WriteLine($"sdt: warning: {e.Message}; the subsets record no front end, so a model trained on them cannot compute its features from audio");
            return null;
        }
    }

    /// <summary>The content stratum of a transcript: the word itself, or <see cref="SentenceStratum"/>.</summary>
    public static string StratumOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        return t.Length > 0 && !t.Any(char.IsWhiteSpace) ? t : SentenceStratum;
    }

    static HashSet<string> HoldOut(SourceTables source, DataSplitOptions options, Random random)
    {
        var speakers = source.Speakers.ToArray();
        if (options.HeldSpeakerIds.Count > 0)
        {
            var named = options.HeldSpeakerIds.ToHashSet(StringComparer.Ordinal);
            var unknown = named.Where(s => !speakers.Contains(s, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
                throw new ArgumentException($"{Path.Combine(source.Directory, KaldiFileNames.Utt2Spk)}: has no speaker {string.Join(", ", unknown.Take(10))}{(unknown.Count > 10 ? ", ..." : "")} of the held-out list ({unknown.Count} of {named.Count} unknown; --held-speakers-file)");
            if (speakers.Length - named.Count < 2)
                throw new ArgumentException($"{source.Directory}: has {speakers.Length} speakers; holding out the {named.Count} listed leaves fewer than 2 to train on (--held-speakers-file)");
            return named;
        }
        if (options.HeldSpeakers > speakers.Length - 2)
            throw new ArgumentException($"{source.Directory}: has {speakers.Length} speakers; holding out {options.HeldSpeakers} leaves fewer than 2 to train on");
        random.Shuffle(speakers);
        return speakers.Take(options.HeldSpeakers).ToHashSet(StringComparer.Ordinal);
    }

    static Dictionary<string, IReadOnlyList<string>> Assign(SourceTables source, HashSet<string> held, Func<string, string> strata, Random random, DataSplitOptions options)
    {
        var result = Names.ToDictionary(n => n, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var utt in source.Utterances)
            if (held.Contains(source.Utt2Spk[utt].Rest)) result["unseen"].Add(utt);

        var seen = source.Utterances.Where(u => !held.Contains(source.Utt2Spk[u].Rest));
        foreach (var stratum in seen.GroupBy(strata).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ordered = Interleave(stratum, source, random);
            // Training keeps at least one utterance of every stratum; valid gives way first.
            int test = Share(ordered.Count, options.TestFraction);
            int valid = Math.Max(0, Math.Min(Share(ordered.Count, options.ValidFraction), ordered.Count - test - 1));
            result["test"].AddRange(ordered.Take(test));
            result["valid"].AddRange(ordered.Skip(test).Take(valid));
            result["train"].AddRange(ordered.Skip(test + valid));
        }
        return result.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)[.. kv.Value.Order(StringComparer.Ordinal)], StringComparer.Ordinal);
    }

    // At least one item once the fraction is non-zero and the stratum has more than one, so small classes still reach the split.
    static int Share(int count, double fraction) =>
        fraction <= 0 || count < 2 ? 0 : Math.Clamp((int)Math.Round(count * fraction, MidpointRounding.AwayFromZero), 1, count - 1);

    // Round-robin over speakers (each speaker's utterances shuffled) so the first items of a stratum cover every speaker.
    static List<string> Interleave(IEnumerable<string> utts, SourceTables source, Random random)
    {
        var bySpeaker = utts.GroupBy(u => source.Utt2Spk[u].Rest).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => { var a = g.Order(StringComparer.Ordinal).ToArray(); random.Shuffle(a); return a; }).ToArray();
        random.Shuffle(bySpeaker);
        var ordered = new List<string>();
        for (int i = 0; ordered.Count < bySpeaker.Sum(a => a.Length); i++)
            foreach (var list in bySpeaker)
                if (i < list.Length) ordered.Add(list[i]);
        return ordered;
    }

    static void CheckContentCoverage(SourceTables source, Dictionary<string, IReadOnlyList<string>> assignment, Func<string, string> strata, DataSplitOptions options)
    {
        if (source.Text.Count == 0) return;
        var errors = new List<string>();
        var all = source.Utterances.Select(strata).Where(s => s != SentenceStratum).Distinct().Order(StringComparer.Ordinal).ToList();
        if (options.Content == ContentMode.Sentence && all.Count < 2)
            errors.Add($"{Path.Combine(source.Directory, KaldiFileNames.Text)}: {all.Count} sentence(s) are read by at least {options.SentenceSpeakers} seen speakers; "
                + "sentence content needs at least 2: lower --sentence-speakers, or use frame-level labels");
        string hint = options.Content == ContentMode.Sentence ? ", raise --sentence-speakers" : "";
        foreach (var name in Names)
        {
            if (name == "valid" && options.ValidFraction <= 0) continue;
            var present = assignment[name].Select(strata).ToHashSet(StringComparer.Ordinal);
            foreach (var c in all)
                if (!present.Contains(c))
                    errors.Add($"content '{c}' has no utterance in the {name} split ({source.Utterances.Count(u => strata(u) == c)} in all): add data, change the fractions or the seed{hint}");
        }
        if (assignment["train"].Count == 0) errors.Add("the train split is empty");
        if (errors.Count > 0) throw new DataDirException(source.Directory, errors);
    }

    static void WriteSubset(SourceTables source, string dir, IReadOnlyList<string> utts)
    {
        Directory.CreateDirectory(dir);
        var keep = utts.ToHashSet(StringComparer.Ordinal);
        foreach (var (name, table) in source.Tables)
            if (CopiedTables.Contains(name))
                WriteTable(Path.Combine(dir, name), table.Where(kv => keep.Contains(kv.Key)).Select(kv => (kv.Key, kv.Value.Rest)));
        var speakers = utts.GroupBy(u => source.Utt2Spk[u].Rest).ToDictionary(g => g.Key, g => string.Join(' ', g.Order(StringComparer.Ordinal)), StringComparer.Ordinal);
        WriteTable(Path.Combine(dir, KaldiFileNames.Spk2Utt), speakers.Select(kv => (kv.Key, kv.Value)));
        if (source.Tables.TryGetValue("cmvn.scp", out var cmvn))
            WriteTable(Path.Combine(dir, "cmvn.scp"), cmvn.Where(kv => speakers.ContainsKey(kv.Key)).Select(kv => (kv.Key, kv.Value.Rest)));
    }

    static void WriteTable(string path, IEnumerable<(string Key, string Value)> rows)
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in rows.OrderBy(r => r.Key, StringComparer.Ordinal)) sb.Append(key).Append(' ').Append(value).Append('\n');
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    static void WriteLabelMap(string path, IEnumerable<string> labels)
    {
        var sb = new StringBuilder();
        int i = 0;
        foreach (var label in labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            sb.Append(label).Append(' ').Append((i++).ToString(CultureInfo.InvariantCulture)).Append('\n');
        AtomicFile.WriteAllText(path, sb.ToString());
    }
}
