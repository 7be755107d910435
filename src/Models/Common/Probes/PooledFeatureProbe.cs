using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.SpeechData;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Probes;

/// <summary>A class the logistic regression got wrong most often: its held-out accuracy and what it was most often taken for.</summary>
public sealed record ProbeConfusion(string Class, double Accuracy, string MostTakenFor);

/// <summary>
/// What <see cref="PooledFeatureProbe.Run"/> measured. With cross-validation TrainUtterances is the most any fold
/// fitted, HeldUtterances all that were scored, the accuracies are over all of them and FoldAccuracies holds the
/// logistic regression's accuracy on each fold (empty for one split). FitAccuracy: the logistic regression on the
/// utterances it was fitted on (mean over folds); well below 1 means it has not converged.
/// </summary>
public sealed record PooledProbeResult(PooledProbeLabel Label, int Classes, int Dimensions, int TrainUtterances, int HeldUtterances,
    double LogisticAccuracy, double NearestNeighbourAccuracy, IReadOnlyList<ProbeConfusion> Worst, double FitAccuracy,
    IReadOnlyList<double> FoldAccuracies)
{
    public double Chance => 1.0 / Classes;
}

/// <summary>
/// How well a label (speaker or content) can be read from raw features: each utterance becomes the mean and standard
/// deviation of its frames (2F numbers); a multinomial logistic regression (linear) and 1-nearest-neighbour are fitted
/// on some renditions and scored on the others (one split, or cross-validated over renditions). Used to show that
/// drawn voices are distinct speakers, and how much speaker an encoder's features keep.
/// </summary>
public static class PooledFeatureProbe
{
    /// <summary>Mean and standard deviation over frames of each utterance: [N, 2F] float32.</summary>
    public static Tensor Pool(IReadOnlyList<SpeechUtterance> utterances)
    {
        ArgumentNullException.ThrowIfNull(utterances);
        if (utterances.Count == 0) throw new ArgumentException("no utterances to pool", nameof(utterances));
        int bins = utterances[0].Bins;
        var pooled = new float[utterances.Count * 2 * bins];
        for (int i = 0; i < utterances.Count; i++)
        {
            var u = utterances[i];
            if (u.Bins != bins) throw new ArgumentException($"utterance '{u.Utt}' has {u.Bins} bins but '{utterances[0].Utt}' has {bins}", nameof(utterances));
            for (int b = 0; b < bins; b++)
            {
                double sum = 0, sq = 0;
                for (int t = 0; t < u.Frames; t++)
                {
                    double x = u.Feats[(t * bins) + b];
                    sum += x;
                    sq += x * x;
                }
                double mean = sum / u.Frames;
                pooled[(i * 2 * bins) + b] = (float)mean;
                pooled[(i * 2 * bins) + bins + b] = (float)Math.Sqrt(Math.Max(0, (sq / u.Frames) - (mean * mean)));
            }
        }
        return tensor(pooled, [utterances.Count, 2 * bins]);
    }

    /// <summary>Splits <paramref name="utterances"/> into the fitted and the scored ones as <paramref name="options"/> says.</summary>
    public static (IReadOnlyList<SpeechUtterance> Train, IReadOnlyList<SpeechUtterance> Held) Split(IReadOnlyList<SpeechUtterance> utterances, PooledProbeOptions options)
    {
        ArgumentNullException.ThrowIfNull(utterances);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var train = new List<SpeechUtterance>();
        var held = new List<SpeechUtterance>();
        if (options.HeldTexts.Count > 0)
        {
            var texts = options.HeldTexts.ToHashSet(StringComparer.Ordinal);
            foreach (var u in utterances) (texts.Contains(u.Text.Trim()) ? held : train).Add(u);
            return (train, held);
        }
        foreach (var group in utterances.GroupBy(u => (u.Speaker, Text: u.Text.Trim())))
        {
            var ordered = group.OrderBy(u => u.Utt, StringComparer.Ordinal).ToList();
            int n = Math.Min(ordered.Count - 1, (int)Math.Round(ordered.Count * options.HeldFraction));
            train.AddRange(ordered.Take(ordered.Count - n));
            held.AddRange(ordered.Skip(ordered.Count - n));
        }
        return (train, held);
    }

    /// <summary>
    /// The folds of <see cref="PooledProbeOptions.Folds"/>: rendition r (utterance-id order) of each speaker's
    /// transcript is scored in fold r mod K; a transcript said once by a speaker is only ever fitted.
    /// </summary>
    public static IReadOnlyList<(IReadOnlyList<SpeechUtterance> Train, IReadOnlyList<SpeechUtterance> Held)> CrossValidationFolds(
        IReadOnlyList<SpeechUtterance> utterances, int folds)
    {
        ArgumentNullException.ThrowIfNull(utterances);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var foldOf = new Dictionary<SpeechUtterance, int>(ReferenceEqualityComparer.Instance);
        foreach (var group in utterances.GroupBy(u => (u.Speaker, Text: u.Text.Trim())))
        {
            var ordered = group.OrderBy(u => u.Utt, StringComparer.Ordinal).ToList();
            for (int r = 0; r < ordered.Count; r++) foldOf[ordered[r]] = ordered.Count < 2 ? -1 : r % folds;
        }
        return [.. Enumerable.Range(0, folds).Select(k =>
            ((IReadOnlyList<SpeechUtterance>)[.. utterances.Where(u => foldOf[u] != k)], (IReadOnlyList<SpeechUtterance>)[.. utterances.Where(u => foldOf[u] == k)]))];
    }

    /// <summary>Pools, splits (or folds), fits and scores; <paramref name="where"/> names the data in error messages.</summary>
    public static PooledProbeResult Run(IReadOnlyList<SpeechUtterance> utterances, PooledProbeOptions options, string where)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var splits = options.Folds >= 2 ? CrossValidationFolds(utterances, options.Folds) : [Split(utterances, options)];
        Func<SpeechUtterance, string> label = options.Label == PooledProbeLabel.Speaker ? u => u.Speaker : u => u.Text.Trim();
        string what = options.Label.ToString().ToLowerInvariant();
        for (int k = 0; k < splits.Count && options.Folds >= 2; k++)
            if (splits[k].Held.Count == 0)
                throw new ArgumentException($"{where}: fold {k + 1} of {options.Folds} scores nothing: no speaker says a transcript more than {k} times " +
                                            $"(--folds {options.Folds} needs {options.Folds} renditions somewhere); use fewer folds");
        foreach (var (train, held) in splits)
        {
            if (train.Count == 0 || held.Count == 0)
                throw new ArgumentException($"{where}: the split leaves {train.Count} utterances to fit and {held.Count} to score; " +
                                            "each speaker needs at least two renditions of a transcript (or --held-texts naming transcripts the data has)");
            var fitted = train.Select(label).ToHashSet(StringComparer.Ordinal);
            var unknown = held.Select(label).Where(c => !fitted.Contains(c)).Distinct(StringComparer.Ordinal).Take(5).ToList();
            if (unknown.Count > 0)
                throw new ArgumentException($"{where}: held-out utterances have {what} labels that no fitted utterance has (e.g. {string.Join(", ", unknown)})");
        }
        var classes = splits[0].Train.Concat(splits[0].Held).Select(label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (classes.Count < 2) throw new ArgumentException($"{where}: only one {what} class ('{classes[0]}'); a probe needs two or more");
        var index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => (long)x.i, StringComparer.Ordinal);

        var truth = new List<long>();
        var predictions = new List<long>();
        var foldAccuracies = new List<double>();
        double nearestCorrect = 0, fitSum = 0;
        int dimensions = 0;
        foreach (var (train, held) in splits)
        {
            var heldY = held.Select(u => index[label(u)]).ToArray();
            var (predicted, nearest, fit, dims) = FitAndScore(train, [.. train.Select(u => index[label(u)])], held, heldY, options, classes.Count);
            truth.AddRange(heldY);
            predictions.AddRange(predicted);
            foldAccuracies.Add(heldY.Zip(predicted).Count(p => p.First == p.Second) / (double)held.Count);
            nearestCorrect += nearest * held.Count;
            fitSum += fit;
            dimensions = dims;
        }
        double logistic = truth.Zip(predictions).Count(p => p.First == p.Second) / (double)truth.Count;
        var worst = Worst([.. truth], [.. predictions], classes, 10);
        return new PooledProbeResult(options.Label, classes.Count, dimensions, splits.Max(s => s.Train.Count), truth.Count,
            logistic, nearestCorrect / truth.Count, worst, fitSum / splits.Count, options.Folds >= 2 ? foldAccuracies : []);
    }

    /// <summary>The logistic regression's predictions for <paramref name="held"/>, the 1-NN's accuracy on it, the logistic regression's accuracy on <paramref name="train"/>, the pooled dimensions.</summary>
    static (long[] Predicted, double Nearest, double Fit, int Dimensions) FitAndScore(IReadOnlyList<SpeechUtterance> train, long[] trainClasses,
        IReadOnlyList<SpeechUtterance> held, long[] heldClasses, PooledProbeOptions options, int classes)
    {
        using var scope = NewDisposeScope();
        var trainX = Pool(train);
        var heldX = Pool(held);
        var trainY = tensor(trainClasses);
        var heldY = tensor(heldClasses);
        var both = FeatureProbes.LogisticRegressionPredict(trainX, trainY, cat([heldX, trainX]), new LogisticProbeOptions { Steps = options.Steps }, classes);
        var predicted = both.narrow(0, 0, held.Count).data<long>().ToArray();
        double fit = both.narrow(0, held.Count, train.Count).eq(trainY).to_type(ScalarType.Float64).mean().item<double>();
        // 1-NN on standardised features, so no bin dominates the distance.
        var mean = trainX.mean([0L], keepdim: true);
        var std = trainX.std(0, keepdim: true) + 1e-6;
        double nearest = FeatureProbes.NearestNeighbourAccuracy((trainX - mean) / std, trainY, (heldX - mean) / std, heldY);
        return (predicted, nearest, fit, (int)trainX.shape[1]);
    }

    /// <summary>The <paramref name="count"/> classes with the lowest accuracy below 1, with the class each was most often taken for.</summary>
    static List<ProbeConfusion> Worst(long[] truth, long[] predicted, IReadOnlyList<string> classes, int count) =>
        [.. truth.Select((t, i) => (Truth: t, Predicted: predicted[i]))
            .GroupBy(x => x.Truth)
            .Select(g => (Class: g.Key, Accuracy: g.Count(x => x.Predicted == x.Truth) / (double)g.Count(),
                Wrong: g.Where(x => x.Predicted != x.Truth).GroupBy(x => x.Predicted).OrderByDescending(w => w.Count()).ThenBy(w => w.Key).FirstOrDefault()))
            .Where(x => x.Wrong is not null)
            .OrderBy(x => x.Accuracy).ThenBy(x => x.Class)
            .Take(count)
            .Select(x => new ProbeConfusion(classes[(int)x.Class], x.Accuracy, classes[(int)x.Wrong!.Key]))];
}
