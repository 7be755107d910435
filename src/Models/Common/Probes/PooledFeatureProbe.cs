using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.SpeechData;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Probes;

/// <summary>A class the logistic regression got wrong most often: its held-out accuracy and what it was most often taken for.</summary>
public sealed record ProbeConfusion(string Class, double Accuracy, string MostTakenFor);

/// <summary>What <see cref="PooledFeatureProbe.Run"/> measured.</summary>
public sealed record PooledProbeResult(PooledProbeLabel Label, int Classes, int Dimensions, int TrainUtterances, int HeldUtterances,
    double LogisticAccuracy, double NearestNeighbourAccuracy, IReadOnlyList<ProbeConfusion> Worst, double FitAccuracy)
{
    // FitAccuracy: the logistic regression on the utterances it was fitted on; well below 1 means it has not converged.
    public double Chance => 1.0 / Classes;
}

/// <summary>
/// How well a label (speaker or content) can be read from raw features: each utterance becomes the mean and standard
/// deviation of its frames (2F numbers); a multinomial logistic regression (linear) and 1-nearest-neighbour are fitted
/// on some renditions and scored on the others. Used to show that drawn voices are distinct speakers.
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

    /// <summary>Pools, splits, fits and scores; <paramref name="where"/> names the data in error messages.</summary>
    public static PooledProbeResult Run(IReadOnlyList<SpeechUtterance> utterances, PooledProbeOptions options, string where)
    {
        var (train, held) = Split(utterances, options);
        if (train.Count == 0 || held.Count == 0)
            throw new ArgumentException($"{where}: the split leaves {train.Count} utterances to fit and {held.Count} to score; " +
                                        "each speaker needs at least two renditions of a transcript (or --held-texts naming transcripts the data has)");
        Func<SpeechUtterance, string> label = options.Label == PooledProbeLabel.Speaker ? u => u.Speaker : u => u.Text.Trim();
        var classes = train.Select(label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => (long)x.i, StringComparer.Ordinal);
        var unknown = held.Select(label).Where(c => !index.ContainsKey(c)).Distinct(StringComparer.Ordinal).Take(5).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"{where}: held-out utterances have {options.Label.ToString().ToLowerInvariant()} labels that no fitted utterance has (e.g. {string.Join(", ", unknown)})");
        if (classes.Count < 2) throw new ArgumentException($"{where}: only one {options.Label.ToString().ToLowerInvariant()} class ('{classes[0]}'); a probe needs two or more");

        using var scope = NewDisposeScope();
        var trainX = Pool(train);
        var heldX = Pool(held);
        var trainY = tensor(train.Select(u => index[label(u)]).ToArray());
        var heldY = tensor(held.Select(u => index[label(u)]).ToArray());
        var both = FeatureProbes.LogisticRegressionPredict(trainX, trainY, cat([heldX, trainX]), new LogisticProbeOptions { Steps = options.Steps }, classes.Count);
        var predicted = both.narrow(0, 0, held.Count);
        double logistic = predicted.eq(heldY).to_type(ScalarType.Float64).mean().item<double>();
        double fit = both.narrow(0, held.Count, train.Count).eq(trainY).to_type(ScalarType.Float64).mean().item<double>();
        // 1-NN on standardised features, so no bin dominates the distance.
        var mean = trainX.mean([0L], keepdim: true);
        var std = trainX.std(0, keepdim: true) + 1e-6;
        double nearest = FeatureProbes.NearestNeighbourAccuracy((trainX - mean) / std, trainY, (heldX - mean) / std, heldY);
        var worst = Worst(heldY.data<long>().ToArray(), predicted.data<long>().ToArray(), classes, 10);
        return new PooledProbeResult(options.Label, classes.Count, (int)trainX.shape[1], train.Count, held.Count, logistic, nearest, worst, fit);
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
