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
        var data = new VcEvalData(corpus, options);
        var (unseenRef, unseenTest) = (data.UnseenRef, data.UnseenTest);
        int frames = Math.Min(200, data.TrainHeaders.Concat(corpus.SeenTest).Concat(corpus.Unseen).Max(u => u.Frames));
        var allSpeakers = corpus.SeenSpeakers.Concat(corpus.UnseenSpeakers).ToList();
        // The word judge knows the transcripts said often enough to learn (single digits in synth-digits).
        var words = data.TrainHeaders.GroupBy(u => u.Text).Where(g => g.Count() >= 5).Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
        if (words.Count < 2) throw new InvalidDataException("evaluation needs at least 2 transcripts said 5 or more times by the training speakers (the word judge)");
        var judgeSet = data.JudgeTrain.Concat(unseenRef).ToList();
        var wordIndices = Enumerable.Range(0, judgeSet.Count).Where(i => words.Contains(judgeSet[i].Text)).ToList();

        // Each judge utterance is read once (streamed: from disk, now) and kept as its normalised mel only.
        var judgeMels = judgeSet.Select(u => Norm(data.Full(u), options)).ToList();
        PooledStatsJudge speakerJudge;
        Tensor xWord;
        try
        {
            speakerJudge = PooledStatsJudge.Train(judgeMels, [.. judgeSet.Select(u => (long)allSpeakers.IndexOf(u.Speaker))], allSpeakers.Count, options.JudgeSteps, seed: 1);
            xWord = Stack(wordIndices.Select(i => judgeMels[i]), frames);
        }
        finally
        {
            foreach (var m in judgeMels) m.Dispose();
        }
        using var ownedSpeakerJudge = speakerJudge;
        using var ownedXWord = xWord;
        using var yWord = tensor(wordIndices.Select(i => (long)words.IndexOf(judgeSet[i].Text)).ToArray());
        using var wordJudge = JudgeClassifier.Train(xWord, yWord, Math.Max(words.Count, 1), options.JudgeSteps, seed: 2);

        var realTest = corpus.SeenTest.Concat(unseenTest).Where(u => words.Contains(u.Text)).ToList();
        using (var xReal = Stack(realTest.Select(u => Norm(u, options)), frames))
        {
            metrics["judge_speaker_acc_real"] = Accuracy(PredictSpeakers(speakerJudge, realTest, options), realTest.Select(u => allSpeakers.IndexOf(u.Speaker)));
            metrics["judge_word_acc_real"] = Accuracy(ProbeFit.Predict(wordJudge, xReal), realTest.Select(u => words.IndexOf(u.Text)));
        }

        var (seenPairs, unseenPairs) = data.ChoosePairs(corpus, options.EvalPairs, model.OneShot);
        Score("seen", seenPairs);
        if (unseenPairs is not null) Score(model.OneShot ? "unseen" : "unseen_source", unseenPairs);
        Probe(model, corpus, data, options, metrics);
        return metrics;

        void Score(string name, List<VcEvalPair> pairs)
        {
            var converted = new List<Tensor>();
            double mcd = 0, mcdSource = 0, gvRatio = 0, fineRatio = 0;
            int sameWordPairs = 0;
            foreach (var pair in pairs)
            {
                // Streamed training utterances are read here, one pair at a time.
                var p = pair with { Source = data.Full(pair.Source), Reference = data.Full(pair.Reference), SameWord = pair.SameWord is null ? null : data.Full(pair.SameWord) };
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

    /// <summary>Linear speaker probe on time-pooled (mean, std) content codes vs on the pooled input log-mel.</summary>
    private static void Probe(IVcConverter model, VcCorpus corpus, VcEvalData data, VcDataOptions options, Dictionary<string, double> metrics)
    {
        var train = data.JudgeTrain;
        var test = corpus.SeenTest;
        using var yTrain = tensor(train.Select(u => (long)corpus.SpeakerId(u.Speaker)).ToArray());
        var yTest = test.Select(u => corpus.SpeakerId(u.Speaker)).ToList();
        // Read once (streamed: from disk, now) for all four probes.
        var trainMels = train.Select(u => Norm(data.Full(u), options)).ToList();
        var testMels = test.Select(u => Norm(u, options)).ToList();
        try
        {
            foreach (var (name, features) in new (string, Func<Tensor, Tensor>)[] { ("code", model.ContentCode), ("mel", m => m.clone()) })
            {
                using var xTrain = Pooled(trainMels, features);
                using var xTest = Pooled(testMels, features);
                using var mean = xTrain.mean([0], keepdim: true);
                using var std = xTrain.std([0], keepdim: true).add(1e-5);
                using var a = (xTrain - mean) / std;
                using var b = (xTest - mean) / std;
                using var probe = ProbeFit.Train(() => nn.Linear(a.shape[1], corpus.SeenSpeakers.Count), a, yTrain,
                    JudgeClassifier.Minibatches(options.JudgeSteps, seed: 3, learningRate: 1e-2));
                metrics[$"probe_speaker_acc_{name}"] = Accuracy(ProbeFit.Predict(probe, b), yTest);

                // Pooled statistics of an instance-normalised code are 0 and 1 by construction, so the linear probe
                // cannot see what the code carries over time (e.g. pitch); a CNN over the whole sequence can.
                using var sTrain = Sequences(trainMels, features);
                using var sTest = Sequences(testMels, features);
                using var cnn = JudgeClassifier.Train(sTrain, yTrain, corpus.SeenSpeakers.Count, options.JudgeSteps, seed: 4);
                metrics[$"probe_cnn_speaker_acc_{name}"] = Accuracy(ProbeFit.Predict(cnn, sTest), yTest);
            }
        }
        finally
        {
            foreach (var m in trainMels.Concat(testMels)) m.Dispose();
        }
    }

    private static Tensor Sequences(List<Tensor> mels, Func<Tensor, Tensor> features)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        int frames = (int)Math.Min(200, mels.Max(m => m.shape[1]));
        return Stack(mels.Select(features).ToList(), frames).MoveToOuterDisposeScope();
    }

    private static Tensor Pooled(List<Tensor> mels, Func<Tensor, Tensor> features)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var rows = mels.Select(m =>
        {
            var f = features(m);
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
