using SpeechDisentangle.Models.Common.SpeechData;
using System.Globalization;
using SpeechDisentangle.Models.Common.Probes;
using SpeechDisentangle.Models.VoiceConversion.Common;
using SpeechDisentangle.Models.VoiceConversion.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.VoiceConversion.Evaluation;

/// <summary>
/// Judges a VC model on held-out utterances. Judges trained here on real features: a speaker classifier (all
/// speakers, seen and unseen, on their non-test utterances; an MLP on pooled statistics, <see cref="PooledStatsJudge"/>)
/// and a word classifier (a CNN, <see cref="JudgeClassifier"/>). Metrics:
/// spk_acc_seen / spk_acc_unseen: converted test utterances labelled as the target voice (unseen = one-shot
/// targets for a one-shot model, unseen SOURCE speakers to seen targets otherwise); spk_as_source_*: labelled as the
/// source voice (conversion did not happen); content_acc_*: the word
/// classifier recognises the source's word; mcd_*: MCD (dB) from the converted utterance to the target voice
/// saying the same word, next to mcd_source_* from the unconverted source to it; gv_ratio_*: the conversion's global
/// variance over that rendering's (<see cref="GlobalVariance"/>; below 1 = over-smoothed over time); fine_structure_ratio_*:
/// the same for detail across bands (<see cref="SpectralFineStructure"/>; below 1 = harmonics smeared); probe_speaker_acc_code vs
/// probe_speaker_acc_mel: a linear speaker probe on the time-pooled content code vs on the pooled input;
/// probe_cnn_speaker_acc_*: the same with a CNN over the whole sequence.
/// </summary>
public static class VcEvaluator
{
    public static Dictionary<string, double> Evaluate(IVcConverter model, VcCorpus corpus, VcDataOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        if (corpus.SeenTest.Count == 0) throw new InvalidDataException("evaluation needs held-out test utterances of the training speakers");
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        var (unseenRef, unseenTest) = SplitUnseen(corpus, options);
        int frames = Math.Min(200, corpus.SeenTrain.Concat(corpus.SeenTest).Concat(corpus.Unseen).Max(u => u.Frames));
        var allSpeakers = corpus.SeenSpeakers.Concat(corpus.UnseenSpeakers).ToList();
        // The word judge knows the transcripts said often enough to learn (single digits in synth-digits).
        var words = corpus.SeenTrain.GroupBy(u => u.Text).Where(g => g.Count() >= 5).Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
        if (words.Count < 2) throw new InvalidDataException("evaluation needs at least 2 transcripts said 5 or more times by the training speakers (the word judge)");
        var judgeSet = corpus.SeenTrain.Concat(unseenRef).ToList();
        var wordSet = judgeSet.Where(u => words.Contains(u.Text)).ToList();

        using var speakerJudge = TrainSpeakerJudge(judgeSet, allSpeakers, options);
        using var xWord = Stack(wordSet.Select(u => Norm(u, options)), frames);
        using var yWord = tensor(wordSet.Select(u => (long)words.IndexOf(u.Text)).ToArray());
        using var wordJudge = JudgeClassifier.Train(xWord, yWord, Math.Max(words.Count, 1), options.JudgeSteps, seed: 2);

        var realTest = corpus.SeenTest.Concat(unseenTest).Where(u => words.Contains(u.Text)).ToList();
        using (var xReal = Stack(realTest.Select(u => Norm(u, options)), frames))
        {
            metrics["judge_speaker_acc_real"] = Accuracy(PredictSpeakers(speakerJudge, realTest, options), realTest.Select(u => allSpeakers.IndexOf(u.Speaker)));
            metrics["judge_word_acc_real"] = Accuracy(ProbeFit.Predict(wordJudge, xReal), realTest.Select(u => words.IndexOf(u.Text)));
        }

        var random = new Random(7);
        var seenPairs = Pairs(corpus.SeenTest, corpus.SeenSpeakers, corpus.SeenTrain, corpus.SeenTest, options.EvalPairs, random);
        Score("seen", seenPairs);
        if (corpus.UnseenSpeakers.Count > 0)
        {
            var unseenPairs = model.OneShot
                ? Pairs(corpus.SeenTest, corpus.UnseenSpeakers, unseenRef, unseenTest, options.EvalPairs, random)
                : Pairs(unseenTest, corpus.SeenSpeakers, corpus.SeenTrain, corpus.SeenTest, options.EvalPairs, random);
            Score(model.OneShot ? "unseen" : "unseen_source", unseenPairs);
        }
        Probe(model, corpus, options, metrics);
        return metrics;

        void Score(string name, List<Pair> pairs)
        {
            var converted = new List<Tensor>();
            double mcd = 0, mcdSource = 0, gvRatio = 0, fineRatio = 0;
            int sameWordPairs = 0;
            foreach (var p in pairs)
            {
                using var src = Norm(p.Source, options);
                using var reference = Norm(p.Reference, options);
                int? id = corpus.SeenSpeakers.Contains(p.Target) ? corpus.SpeakerId(p.Target) : null;
                var c = model.Convert(src, new VcTarget(p.Target, id, reference));
                converted.Add(c);
                if (p.SameWord is not null)
                {
                    using var cRaw = c.mul(options.FeatureScale).add(options.FeatureOffset);
                    using var sRaw = Raw(p.Source);
                    using var tRaw = Raw(p.SameWord);
                    mcd += MelCepstralDistortion.Compute(tRaw, cRaw);
                    mcdSource += MelCepstralDistortion.Compute(tRaw, sRaw);
                    gvRatio += GlobalVariance.Ratio(tRaw, cRaw);
                    fineRatio += SpectralFineStructure.Ratio(tRaw, cRaw);
                    sameWordPairs++;
                }
            }
            var speakerPredictions = speakerJudge.Predict(converted);
            metrics[$"spk_acc_{name}"] = Accuracy(speakerPredictions, pairs.Select(p => allSpeakers.IndexOf(p.Target)));
            // How often the voice did not change at all: the judge still hears the source speaker.
            metrics[$"spk_as_source_{name}"] = Accuracy(speakerPredictions, pairs.Select(p => allSpeakers.IndexOf(p.Source.Speaker)));
            using var x = Stack(converted, frames);
            foreach (var c in converted) c.Dispose();
            var wordPredictions = ProbeFit.Predict(wordJudge, x);
            var known = Enumerable.Range(0, pairs.Count).Where(i => words.Contains(pairs[i].Source.Text)).ToList();
            metrics[$"content_acc_{name}"] = Accuracy([.. known.Select(i => wordPredictions[i])], known.Select(i => words.IndexOf(pairs[i].Source.Text)));
            if (sameWordPairs > 0)
            {
                metrics[$"mcd_{name}"] = mcd / sameWordPairs;
                metrics[$"mcd_source_{name}"] = mcdSource / sameWordPairs;
                metrics[$"gv_ratio_{name}"] = gvRatio / sameWordPairs;
                metrics[$"fine_structure_ratio_{name}"] = fineRatio / sameWordPairs;
            }
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"vc eval {name}: {pairs.Count} pairs, speaker acc {metrics[$"spk_acc_{name}"]:F3}, content acc {metrics[$"content_acc_{name}"]:F3}"));
            foreach (var line in HeardAs(pairs.Select(p => p.Target), speakerPredictions.Select(i => allSpeakers[(int)i]))) log.WriteLine($"vc eval {name}: {line}");
        }
    }

    /// <summary>Per target voice, what the judge heard its conversions as, most often first: "to p907: p905 7, p907 3".</summary>
    internal static IEnumerable<string> HeardAs(IEnumerable<string> targets, IEnumerable<string> heard) =>
        targets.Zip(heard).GroupBy(p => p.First).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"to {g.Key}: " + string.Join(", ", g.GroupBy(p => p.Second)
                .OrderByDescending(h => h.Count()).ThenBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key} {h.Count()}")));

    /// <summary>The speaker judge on whole (unpadded) utterances of every speaker, seen and unseen.</summary>
    private static PooledStatsJudge TrainSpeakerJudge(List<SpeechUtterance> utterances, List<string> speakers, VcDataOptions options)
    {
        var mels = utterances.Select(u => Norm(u, options)).ToList();
        try
        {
            return PooledStatsJudge.Train(mels, [.. utterances.Select(u => (long)speakers.IndexOf(u.Speaker))], speakers.Count, options.JudgeSteps, seed: 1);
        }
        finally
        {
            foreach (var m in mels) m.Dispose();
        }
    }

    private static long[] PredictSpeakers(PooledStatsJudge judge, List<SpeechUtterance> utterances, VcDataOptions options)
    {
        var mels = utterances.Select(u => Norm(u, options)).ToList();
        try
        {
            return judge.Predict(mels);
        }
        finally
        {
            foreach (var m in mels) m.Dispose();
        }
    }

    /// <summary>A source utterance, the target voice, a reference utterance of it and (if any) the target saying the same word.</summary>
    private sealed record Pair(SpeechUtterance Source, string Target, SpeechUtterance Reference, SpeechUtterance? SameWord);

    private static List<Pair> Pairs(IReadOnlyList<SpeechUtterance> sources, IReadOnlyList<string> targets,
        IReadOnlyList<SpeechUtterance> referencePool, IReadOnlyList<SpeechUtterance> sameWordPool, int count, Random random)
    {
        var pairs = new List<Pair>();
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
            var same = sameWordPool.Concat(referencePool).FirstOrDefault(u => u.Speaker == target && u.Text == source.Text && u != reference);
            pairs.Add(new Pair(source, target, reference, same));
        }
        return pairs;
    }

    /// <summary>Unseen speakers' utterances: every TestEvery-th is a test utterance, the rest are references.</summary>
    private static (List<SpeechUtterance> Ref, List<SpeechUtterance> Test) SplitUnseen(VcCorpus corpus, VcDataOptions options)
    {
        var reference = new List<SpeechUtterance>();
        var test = new List<SpeechUtterance>();
        foreach (var g in corpus.Unseen.GroupBy(u => u.Speaker))
        {
            var utts = g.OrderBy(u => u.Utt, StringComparer.Ordinal).ToList();
            for (int i = 0; i < utts.Count; i++) (i % options.TestEvery == options.TestEvery - 1 ? test : reference).Add(utts[i]);
        }
        return (reference, test);
    }

    /// <summary>Linear speaker probe on time-pooled (mean, std) content codes vs on the pooled input log-mel.</summary>
    private static void Probe(IVcConverter model, VcCorpus corpus, VcDataOptions options, Dictionary<string, double> metrics)
    {
        var train = corpus.SeenTrain;
        var test = corpus.SeenTest;
        using var yTrain = tensor(train.Select(u => (long)corpus.SpeakerId(u.Speaker)).ToArray());
        var yTest = test.Select(u => corpus.SpeakerId(u.Speaker)).ToList();
        foreach (var (name, features) in new (string, Func<Tensor, Tensor>)[] { ("code", model.ContentCode), ("mel", m => m.clone()) })
        {
            using var xTrain = Pooled(train, features, options);
            using var xTest = Pooled(test, features, options);
            using var mean = xTrain.mean([0], keepdim: true);
            using var std = xTrain.std([0], keepdim: true).add(1e-5);
            using var a = (xTrain - mean) / std;
            using var b = (xTest - mean) / std;
            using var probe = ProbeFit.Train(() => nn.Linear(a.shape[1], corpus.SeenSpeakers.Count), a, yTrain,
                JudgeClassifier.Minibatches(options.JudgeSteps, seed: 3, learningRate: 1e-2));
            metrics[$"probe_speaker_acc_{name}"] = Accuracy(ProbeFit.Predict(probe, b), yTest);

            // Pooled statistics of an instance-normalised code are 0 and 1 by construction, so the linear probe
            // cannot see what the code carries over time (e.g. pitch); a CNN over the whole sequence can.
            using var sTrain = Sequences(train, features, options);
            using var sTest = Sequences(test, features, options);
            using var cnn = JudgeClassifier.Train(sTrain, yTrain, corpus.SeenSpeakers.Count, options.JudgeSteps, seed: 4);
            metrics[$"probe_cnn_speaker_acc_{name}"] = Accuracy(ProbeFit.Predict(cnn, sTest), yTest);
        }
    }

    private static Tensor Sequences(IReadOnlyList<SpeechUtterance> utts, Func<Tensor, Tensor> features, VcDataOptions options)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        int frames = Math.Min(200, utts.Max(u => u.Frames));
        return Stack(utts.Select(u => features(Norm(u, options))).ToList(), frames).MoveToOuterDisposeScope();
    }

    private static Tensor Pooled(IReadOnlyList<SpeechUtterance> utts, Func<Tensor, Tensor> features, VcDataOptions options)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var rows = utts.Select(u =>
        {
            var f = features(Norm(u, options));
            return cat([f.mean([1]), f.std([1])]);
        }).ToArray();
        return stack(rows).MoveToOuterDisposeScope();
    }

    /// <summary>Share of predictions equal to the truth; NaN when there is nothing to score.</summary>
    internal static double Accuracy(long[] predicted, IEnumerable<int> truth)
    {
        var t = truth.ToArray();
        return t.Length == 0 ? double.NaN : (double)predicted.Zip(t).Count(p => p.First == p.Second) / t.Length;
    }

    private static Tensor Norm(SpeechUtterance u, VcDataOptions o) => u.ToMel(o.FeatureOffset, o.FeatureScale);

    private static Tensor Raw(SpeechUtterance u) => u.ToMel(0.0, 1.0);

    /// <summary>Fixed-length batch [N, Bins, frames]: shorter utterances are tiled, longer ones cut in the middle.</summary>
    internal static Tensor Stack(IEnumerable<Tensor> mels, int frames)
    {
        using var scope = NewDisposeScope();
        var fixedLength = mels.Select(m =>
        {
            long t = m.shape[1];
            if (t >= frames) return m.narrow(1, (t - frames) / 2, frames);
            return m.repeat(1, (frames + t - 1) / t).narrow(1, 0, frames);
        }).ToArray();
        return stack(fixedLength).MoveToOuterDisposeScope();
    }
}
