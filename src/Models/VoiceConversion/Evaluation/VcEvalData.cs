using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Common.SpeechData.Streaming;
using SpeechDisentangle.Models.VoiceConversion.Data;

namespace SpeechDisentangle.Models.VoiceConversion.Evaluation;

/// <summary>A source utterance, the target voice, a reference utterance of it and (if any) the target saying the same word.</summary>
internal sealed record VcEvalPair(SpeechUtterance Source, string Target, SpeechUtterance Reference, SpeechUtterance? SameWord);

/// <summary>
/// What VC evaluation reads, chosen from utterance headers (id, speaker, text, shape) so that a streamed training
/// list is read only for the utterances chosen, once each. On a streamed corpus the judges and probes learn from at
/// most <see cref="StreamedJudgeUtterancesPerSpeaker"/> training utterances per speaker (the first in corpus order), so
/// their sets fit in memory; an in-memory corpus uses all of them.
/// </summary>
internal sealed class VcEvalData
{
    /// <summary>Training utterances per speaker the judges and probes learn from when the training list is streamed.</summary>
    public const int StreamedJudgeUtterancesPerSpeaker = 200;

    readonly IReadOnlyList<SpeechUtterance> _train;
    readonly HashSet<string> _streamedIds;

    public VcEvalData(VcCorpus corpus, VcDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        TrainHeaders = StreamedUtterances.HeadersOf(corpus.SeenTrain);
        _train = corpus.SeenTrain;
        var streamed = corpus.SeenTrain as StreamedUtterances;
        _streamedIds = streamed is null ? [] : [.. TrainHeaders.Select(u => u.Utt)];
        JudgeTrain = streamed is null ? TrainHeaders : PerSpeaker(TrainHeaders, StreamedJudgeUtterancesPerSpeaker);
        (UnseenRef, UnseenTest) = EveryNthUtterance.Split(corpus.Unseen.GroupBy(u => u.Speaker), u => u.Utt, options.TestEvery);
    }

    /// <summary>Every training utterance, without features when streamed.</summary>
    public IReadOnlyList<SpeechUtterance> TrainHeaders { get; }

    /// <summary>The training utterances the judges and probes learn from (headers when streamed).</summary>
    public IReadOnlyList<SpeechUtterance> JudgeTrain { get; }

    public List<SpeechUtterance> UnseenRef { get; }
    public List<SpeechUtterance> UnseenTest { get; }

    /// <summary><paramref name="u"/> with its features: read now when it is a streamed training header.</summary>
    public SpeechUtterance Full(SpeechUtterance u) => _streamedIds.Contains(u.Utt) ? StreamedUtterances.WithFeatures(_train, u) : u;

    /// <summary>
    /// The seen pairs and, when there are unseen speakers, the unseen ones (one-shot targets for a one-shot model,
    /// unseen sources otherwise), drawn from one generator seeded 7.
    /// </summary>
    public (List<VcEvalPair> Seen, List<VcEvalPair>? Unseen) ChoosePairs(VcCorpus corpus, int count, bool oneShot)
    {
        var random = new Random(7);
        var seen = Pairs(corpus.SeenTest, corpus.SeenSpeakers, TrainHeaders, corpus.SeenTest, count, random);
        if (corpus.UnseenSpeakers.Count == 0) return (seen, null);
        var unseen = oneShot
            ? Pairs(corpus.SeenTest, corpus.UnseenSpeakers, UnseenRef, UnseenTest, count, random)
            : Pairs(UnseenTest, corpus.SeenSpeakers, TrainHeaders, corpus.SeenTest, count, random);
        return (seen, unseen);
    }

    static List<VcEvalPair> Pairs(IReadOnlyList<SpeechUtterance> sources, IReadOnlyList<string> targets,
        IReadOnlyList<SpeechUtterance> referencePool, IReadOnlyList<SpeechUtterance> sameWordPool, int count, Random random)
    {
        var pairs = new List<VcEvalPair>();
        if (sources.Count == 0 || targets.Count == 0) return pairs;
        for (int k = 0; k < count; k++)
        {
            var source = sources[(int)((long)k * sources.Count / count) % sources.Count];
            var candidates = targets.Where(t => t != source.Speaker).ToList();
            if (candidates.Count == 0) continue;
            string target = candidates[random.Next(candidates.Count)];
            // A reference saying another word, so the target's content cannot leak the answer.
            var refs = referencePool.Where(u => u.Speaker == target && u.Text != source.Text).ToList();
            if (refs.Count == 0) refs = [.. referencePool.Where(u => u.Speaker == target)];
            if (refs.Count == 0) continue;
            var reference = refs[random.Next(refs.Count)];
            // By id: a streamed utterance read twice is two objects.
            var same = sameWordPool.Concat(referencePool).FirstOrDefault(u => u.Speaker == target && u.Text == source.Text && u.Utt != reference.Utt);
            pairs.Add(new VcEvalPair(source, target, reference, same));
        }
        return pairs;
    }

    static List<SpeechUtterance> PerSpeaker(IReadOnlyList<SpeechUtterance> utterances, int cap)
    {
        var taken = new Dictionary<string, int>(StringComparer.Ordinal);
        var kept = new List<SpeechUtterance>();
        foreach (var u in utterances)
        {
            int n = taken.GetValueOrDefault(u.Speaker);
            if (n >= cap) continue;
            taken[u.Speaker] = n + 1;
            kept.Add(u);
        }
        return kept;
    }
}
