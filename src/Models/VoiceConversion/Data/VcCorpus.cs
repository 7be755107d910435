using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Common.SpeechData.Streaming;

namespace SpeechDisentangle.Models.VoiceConversion.Data;

/// <summary>
/// The utterances of a voice-conversion run, split by speaker and use:
/// seen speakers (the model trains on their <see cref="SeenTrain"/> utterances; <see cref="SeenTest"/> is held out)
/// and unseen speakers (never trained on; their utterances serve as one-shot references and conversion targets).
/// Speaker ids of the model are the indices of <see cref="SeenSpeakers"/> (sorted ordinally).
/// </summary>
public sealed class VcCorpus
{
    public VcCorpus(IReadOnlyList<SpeechUtterance> seenTrain, IReadOnlyList<SpeechUtterance> seenTest, IReadOnlyList<SpeechUtterance> unseen)
    {
        SeenTrain = seenTrain;
        SeenTest = seenTest;
        Unseen = unseen;
        // A streamed training list is read for its headers only (reading it whole would load the corpus).
        var trainHeaders = StreamedUtterances.HeadersOf(seenTrain);
        SeenSpeakers = [.. trainHeaders.Select(u => u.Speaker).Distinct().Order(StringComparer.Ordinal)];
        UnseenSpeakers = [.. unseen.Select(u => u.Speaker).Distinct().Order(StringComparer.Ordinal)];
        if (SeenSpeakers.Count < 2) throw new InvalidDataException($"voice conversion needs at least 2 training speakers (found {SeenSpeakers.Count})");
        Bins = trainHeaders[0].Bins;
    }

    /// <summary>Training utterances; a <see cref="StreamedUtterances"/> list when data.loading streams them.</summary>
    public IReadOnlyList<SpeechUtterance> SeenTrain { get; }

    /// <summary>How the training utterances were read, for the run log.</summary>
    public FeatureLoadingChoice? Loading { get; private init; }
    public IReadOnlyList<SpeechUtterance> SeenTest { get; }
    public IReadOnlyList<SpeechUtterance> Unseen { get; }
    public IReadOnlyList<string> SeenSpeakers { get; }
    public IReadOnlyList<string> UnseenSpeakers { get; }
    public int Bins { get; }

    /// <summary>Model speaker id of a seen speaker; throws naming the known speakers otherwise.</summary>
    public int SpeakerId(string speaker)
    {
        int i = SeenSpeakers.ToList().IndexOf(speaker);
        return i >= 0 ? i : throw new KeyNotFoundException($"speaker '{speaker}' is not a training speaker ({string.Join(", ", SeenSpeakers)})");
    }

    /// <summary>
    /// Loads <paramref name="path"/>: either a split root holding train/ (and test/ or valid/, and unseen/) feature
    /// dirs, as `sdt data split` writes, or one flat feature dir that is split here: the
    /// <see cref="VcDataOptions.UnseenSpeakerIds"/> (else the last <see cref="VcDataOptions.UnseenSpeakers"/>) speakers
    /// are unseen, every <see cref="VcDataOptions.TestEvery"/>-th
    /// utterance of the others is a test utterance.
    /// </summary>
    public static VcCorpus Load(string path, VcDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"data folder '{path}' does not exist");
        string train = Path.Combine(path, "train");
        if (File.Exists(Path.Combine(train, "feats.scp")))
        {
            if (options.UnseenSpeakerIds.Count > 0)
                throw new InvalidDataException($"{path}: unseen_speaker_ids applies to a flat feature dir; this is a split root, where the unseen/ dir says who is unseen");
            var choice = VcFeatureLoader.Choose(train, options.Loading);
            var seenTrain = choice.Mode == FeatureLoadingMode.Stream ? VcFeatureLoader.Index(train) : VcFeatureLoader.Load(train);
            var test = FirstFeatureDir(path, "test", "valid");
            var unseenDir = FirstFeatureDir(path, "unseen");
            IReadOnlyList<SpeechUtterance> seenTest = test is null ? [] : VcFeatureLoader.Load(test);
            IReadOnlyList<SpeechUtterance> unseenUtts = unseenDir is null ? [] : VcFeatureLoader.Load(unseenDir);
            var keep = Keep(path, StreamedUtterances.HeadersOf(seenTrain).Concat(seenTest).Concat(unseenUtts), options);
            return new VcCorpus(Filter(seenTrain, keep), [.. seenTest.Where(keep)], [.. unseenUtts.Where(keep)]) { Loading = choice };
        }
        var flatChoice = VcFeatureLoader.Choose(path, options.Loading);
        var flat = flatChoice.Mode == FeatureLoadingMode.Stream ? VcFeatureLoader.Index(path) : VcFeatureLoader.Load(path);
        var loaded = StreamedUtterances.HeadersOf(flat);
        var all = loaded.Where(Keep(path, loaded, options)).ToList();
        var speakers = all.Select(u => u.Speaker).Distinct().Order(StringComparer.Ordinal).ToList();
        var unseen = HeldOutSpeakers.Choose(path, speakers, options.UnseenSpeakers, options.UnseenSpeakerIds);
        if (speakers.Count - unseen.Count < 2)
            throw new InvalidDataException($"{path}: {speakers.Count} speakers leave fewer than 2 training speakers after holding out {unseen.Count} unseen");
        var trainList = new List<SpeechUtterance>();
        var testList = new List<SpeechUtterance>();
        var unseenList = new List<SpeechUtterance>();
        foreach (var group in all.GroupBy(u => u.Speaker))
        {
            var utts = group.OrderBy(u => u.Utt, StringComparer.Ordinal).ToList();
            for (int i = 0; i < utts.Count; i++)
            {
                if (unseen.Contains(group.Key)) unseenList.Add(utts[i]);
                else if (EveryNthUtterance.IsTest(i, options.TestEvery)) testList.Add(utts[i]);
                else trainList.Add(utts[i]);
            }
        }
        if (flat is not StreamedUtterances streamed) return new VcCorpus(trainList, testList, unseenList) { Loading = flatChoice };
        // Streamed: training utterances stay on disk; the held-out ones are read now (evaluation uses them whole).
        using var reader = streamed.Index.OpenReader();
        return new VcCorpus(new StreamedUtterances(streamed.Index, trainList), [.. testList.Select(u => reader.Read(u))], [.. unseenList.Select(u => reader.Read(u))]) { Loading = flatChoice };
    }

    /// <summary>A filter dropping <see cref="VcDataOptions.ExcludeSpeakers"/>; throws when one of them is not in the data.</summary>
    static Func<SpeechUtterance, bool> Keep(string path, IEnumerable<SpeechUtterance> utterances, VcDataOptions options)
    {
        var excluded = options.ExcludeSpeakers.ToHashSet(StringComparer.Ordinal);
        if (excluded.Count == 0) return _ => true;
        var present = utterances.Select(u => u.Speaker).ToHashSet(StringComparer.Ordinal);
        var missing = excluded.Where(s => !present.Contains(s)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{path}: exclude_speakers names speakers not in the data: {string.Join(", ", missing)}");
        return u => !excluded.Contains(u.Speaker);
    }

    static IReadOnlyList<SpeechUtterance> Filter(IReadOnlyList<SpeechUtterance> utterances, Func<SpeechUtterance, bool> keep) =>
        utterances is StreamedUtterances streamed ? new StreamedUtterances(streamed.Index, [.. streamed.Headers.Where(keep)]) : [.. utterances.Where(keep)];

    static string? FirstFeatureDir(string root, params string[] names) =>
        names.Select(n => Path.Combine(root, n)).FirstOrDefault(d => File.Exists(Path.Combine(d, "feats.scp")));
}
