using System.Diagnostics;
using System.Globalization;
using SpeechDisentangle.Models.Common.Probes;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Common.Vocoder;
using SpeechDisentangle.Models.VoiceConversion.Evaluation;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Vocoder;

/// <summary>
/// Vocoders against each other on held-out voices' test utterances: each log-mel of the original audio is
/// resynthesised and compared to the original. Per vocoder NAME: lsd_NAME (log-spectral distance, dB), mcd_NAME (MCD
/// of the resynthesis' log-mel to the original's, dB, DTW-aligned), gv_ratio_NAME and fine_structure_ratio_NAME
/// (sharpness over time and across bands of the resynthesis' log-mel over the original's), spk_acc_NAME and content_acc_NAME (the VC judges, trained here on real
/// log-mels, labelling the resynthesis' log-mel; judge_*_real on the original's for reference), spk_nll_NAME and
/// content_nll_NAME (the judges' mean cross-entropy in nats on the right class: lower = more surely the right voice
/// or word; it still separates vocoders both judged all correct), rtf_NAME (seconds of
/// synthesis per second of audio, on this process' torch threads).
/// The speaker judge learns the held-out voices from their non-test utterances; the word judge learns the words of
/// the training speakers. Either is left out when the data cannot teach it (fewer than 2 voices or words).
/// </summary>
public static class VocoderEvaluator
{
    public static Dictionary<string, double> Evaluate(IReadOnlyList<(string Name, IVocoder Vocoder)> vocoders, VocoderCorpus corpus,
        VocoderDataOptions options, double featureOffset, double featureScale, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(vocoders);
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        if (vocoders.Count == 0) throw new ArgumentException("nothing to evaluate: no vocoders", nameof(vocoders));
        var spec = vocoders[0].Vocoder.Spec;
        if (vocoders.FirstOrDefault(v => v.Vocoder.Spec != spec) is { Name: { } other })
            throw new ArgumentException($"vocoder '{other}' inverts another mel than '{vocoders[0].Name}'");
        var (judgeSet, testSet) = SplitHeldOut(corpus, options);
        if (testSet.Count == 0)
            throw new InvalidDataException("the vocoder evaluation needs held-out voices with test utterances (data.unseen_speakers >= 1 and data.test_every at most their utterance count)");
        using var logMel = new TorchLogMel(spec);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        Tensor Norm(Tensor raw) => raw.sub(featureOffset).div(featureScale);

        var speakers = judgeSet.Select(u => u.Speaker).Distinct().Order(StringComparer.Ordinal).ToList();
        var words = corpus.Train.Where(u => u.Text.Length > 0).GroupBy(u => u.Text).Where(g => g.Count() >= 5).Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
        var wordTest = Enumerable.Range(0, testSet.Count).Where(i => words.Contains(testSet[i].Text)).ToList();
        using var speakerJudge = speakers.Count >= 2 ? TrainSpeakerJudge(judgeSet, speakers, logMel, Norm, options) : null;
        int frames = Math.Min(200, corpus.Train.Concat(testSet).Max(u => u.Samples.Length / spec.HopLength + 1));
        using var wordJudge = words.Count >= 2 && wordTest.Count > 0 ? TrainWordJudge(corpus.Train, words, logMel, Norm, frames, options) : null;
        if (speakerJudge is null) log.WriteLine($"vocoder eval: no speaker judge ({speakers.Count} held-out voice(s) with non-test utterances; it needs 2)");
        if (wordJudge is null) log.WriteLine("vocoder eval: no word judge (fewer than 2 transcripts said 5+ times by the training speakers, or none in the test set)");

        var originals = testSet.Select(u => tensor(u.Samples)).ToList();
        var originalMels = originals.Select(a => logMel.LogMel(a)).ToList();
        try
        {
            Judge("real", originalMels);
            foreach (var (name, vocoder) in vocoders)
            {
                using var warmUp = vocoder.Synthesize(originalMels[0]);  // first-call allocations do not count towards the RTF
                double seconds = 0, audioSeconds = 0, lsd = 0, mcd = 0, gv = 0, fine = 0;
                var resynthesisMels = new List<Tensor>();
                for (int i = 0; i < testSet.Count; i++)
                {
                    var clock = Stopwatch.StartNew();
                    using var audio = vocoder.Synthesize(originalMels[i]);
                    seconds += clock.Elapsed.TotalSeconds;
                    audioSeconds += (double)audio.shape[0] / spec.SampleRate;
                    using var original = originals[i].narrow(0, 0, audio.shape[0]);
                    lsd += LogSpectralDistance.Compute(original, audio, spec.NFft, spec.HopLength);
                    var mel = logMel.LogMel(audio);
                    mcd += MelCepstralDistortion.Compute(originalMels[i], mel);
                    gv += GlobalVariance.Ratio(originalMels[i], mel);
                    fine += SpectralFineStructure.Ratio(originalMels[i], mel);
                    resynthesisMels.Add(mel);
                }
                metrics[$"lsd_{name}"] = lsd / testSet.Count;
                metrics[$"mcd_{name}"] = mcd / testSet.Count;
                metrics[$"gv_ratio_{name}"] = gv / testSet.Count;
                metrics[$"fine_structure_ratio_{name}"] = fine / testSet.Count;
                metrics[$"rtf_{name}"] = seconds / audioSeconds;
                Judge(name, resynthesisMels);
                foreach (var m in resynthesisMels) m.Dispose();
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"vocoder eval {name}: {testSet.Count} utterances, LSD {metrics[$"lsd_{name}"]:F2} dB, MCD {metrics[$"mcd_{name}"]:F2} dB, RTF {metrics[$"rtf_{name}"]:F3}"));
            }
        }
        finally
        {
            foreach (var t in originals.Concat(originalMels)) t.Dispose();
        }
        metrics["eval_utterances"] = testSet.Count;
        return metrics;

        void Judge(string name, List<Tensor> mels)
        {
            string prefix = name == "real" ? "judge_" : "";
            string suffix = name == "real" ? "_real" : $"_{name}";
            if (speakerJudge is not null)
            {
                var normalised = mels.Select(Norm).ToList();
                var truth = testSet.Select(u => (long)speakers.IndexOf(u.Speaker)).ToList();
                var (predicted, nll) = speakerJudge.Score(normalised, truth);
                metrics[$"{prefix}spk_acc{suffix}"] = VcEvaluator.Accuracy(predicted, truth.Select(t => (int)t));
                metrics[$"{prefix}spk_nll{suffix}"] = nll;
                foreach (var m in normalised) m.Dispose();
            }
            if (wordJudge is not null)
            {
                using var x = VcEvaluator.Stack(wordTest.Select(i => Norm(mels[i])), frames);
                var truth = wordTest.Select(i => words.IndexOf(testSet[i].Text)).ToList();
                using var y = tensor(truth.Select(t => (long)t).ToArray());
                var (predicted, nll) = ProbeFit.Score(wordJudge, x, y);
                metrics[$"{prefix}content_acc{suffix}"] = VcEvaluator.Accuracy(predicted, truth);
                metrics[$"{prefix}content_nll{suffix}"] = nll;
            }
        }
    }

    /// <summary>Held-out voices' utterances: every TestEvery-th teaches no judge and is vocoded (at most EvalUtterances, spread evenly).</summary>
    private static (List<VocoderUtterance> Judge, List<VocoderUtterance> Test) SplitHeldOut(VocoderCorpus corpus, VocoderDataOptions options)
    {
        var (judge, test) = EveryNthUtterance.Split(corpus.HeldOut.GroupBy(u => u.Speaker).OrderBy(g => g.Key, StringComparer.Ordinal), u => u.Utt, options.TestEvery);
        if (test.Count > options.EvalUtterances)
            test = [.. Enumerable.Range(0, options.EvalUtterances).Select(k => test[(int)((long)k * test.Count / options.EvalUtterances)])];
        return (judge, test);
    }

    private static PooledStatsJudge TrainSpeakerJudge(List<VocoderUtterance> utterances, List<string> speakers, TorchLogMel logMel,
        Func<Tensor, Tensor> norm, VocoderDataOptions options)
    {
        var mels = utterances.Select(u => NormalisedMel(u, logMel, norm)).ToList();
        try
        {
            return PooledStatsJudge.Train(mels, [.. utterances.Select(u => (long)speakers.IndexOf(u.Speaker))], speakers.Count, options.JudgeSteps, seed: 1);
        }
        finally
        {
            foreach (var m in mels) m.Dispose();
        }
    }

    private static JudgeClassifier TrainWordJudge(IReadOnlyList<VocoderUtterance> train, List<string> words, TorchLogMel logMel,
        Func<Tensor, Tensor> norm, int frames, VocoderDataOptions options)
    {
        var known = train.Where(u => words.Contains(u.Text)).ToList();
        Tensor x;
        using (var scope = NewDisposeScope())
            x = VcEvaluator.Stack(known.Select(u => NormalisedMel(u, logMel, norm)), frames).MoveToOuterDisposeScope();
        using (x)
        using (var y = tensor(known.Select(u => (long)words.IndexOf(u.Text)).ToArray()))
            return JudgeClassifier.Train(x, y, words.Count, options.JudgeSteps, seed: 2);
    }

    private static Tensor NormalisedMel(VocoderUtterance u, TorchLogMel logMel, Func<Tensor, Tensor> norm)
    {
        using var scope = NewDisposeScope();
        return norm(logMel.LogMel(tensor(u.Samples))).MoveToOuterDisposeScope();
    }
}
