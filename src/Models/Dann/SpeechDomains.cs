using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Common.SpeechData.Streaming;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Dann;

/// <summary>
/// The source and target utterances of the dann-speech task, read from a split folder (`sdt data split`):
/// source = train/ (training), test/ (source accuracy); target = unseen/, noisy when asked, dealt by content into an
/// adaptation half and an evaluation half. Only utterances with a content label (one word) are kept. Every
/// utterance is per-utterance mean (and variance) normalised after any noise.
/// </summary>
public sealed class SpeechDomains
{
    public required LabelMap Content { get; init; }

    /// <summary>Source utterances, prepared (cropped, normalised); empty when <see cref="StreamedSource"/> is set.</summary>
    public required IReadOnlyList<SpeechUtterance> Source { get; init; }

    /// <summary>When train/ is streamed: the source utterances as headers, each to be read and then <see cref="Prepare"/>d.</summary>
    public StreamedUtterances? StreamedSource { get; init; }

    /// <summary>What every utterance goes through after it is read (and any noise added): centre crop, per-utterance CMVN.</summary>
    public required Func<SpeechUtterance, SpeechUtterance> Prepare { get; init; }

    /// <summary>The frames <see cref="Prepare"/> crops utterances to (int.MaxValue: none).</summary>
    public int MaxFrames { get; init; } = int.MaxValue;

    /// <summary>How train/ was read, for the run log.</summary>
    public FeatureLoadingChoice? Loading { get; init; }

    public required IReadOnlyList<SpeechUtterance> SourceTest { get; init; }
    public required IReadOnlyList<SpeechUtterance> TargetAdapt { get; init; }
    public required IReadOnlyList<SpeechUtterance> TargetTest { get; init; }

    /// <summary>
    /// Loads and checks <paramref name="folder"/>: train/, test/ and unseen/ exist and have labelled utterances,
    /// every content class has source utterances, the classes number <paramref name="classes"/>, the features have
    /// the encoder's bins and no utterance is shorter than its receptive field. Throws one
    /// <see cref="DataDirException"/> listing every problem.
    /// </summary>
    public static SpeechDomains Load(string folder, DannSpeechDataOptions options, SpeechEncoderOptions encoder, int classes)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(encoder);
        if (!Directory.Exists(folder)) throw new DataDirException($"split folder '{folder}' does not exist (make it with 'sdt data split')");
        var missing = new[] { "train", "test", "unseen" }.Where(n => !Directory.Exists(Path.Combine(folder, n))).ToList();
        if (missing.Count > 0)
            throw new DataDirException($"'{folder}' is not a split folder: it has no {string.Join(", ", missing)} (make it with 'sdt data split')");
        FeatureDataDir Read(string name) => FeatureDataDir.Load(Path.Combine(folder, name), CmvnMode.None);
        var loading = FeatureLoadingChoice.For(Path.Combine(folder, "train"), options.Loading);
        var train = loading.Mode == FeatureLoadingMode.Stream ? FeatureIndex.Load(Path.Combine(folder, "train"), CmvnMode.None) : Read("train");
        var test = Read("test");
        var unseen = Read("unseen");

        var errors = new List<string>();
        string contentFile = Path.Combine(folder, "content.txt");
        var content = File.Exists(contentFile) ? LabelMap.Load(contentFile) : ContentLabel.MapOf(train.Utterances);
        List<SpeechUtterance> Labelled(FeatureDataDir dir, string role)
        {
            var kept = dir.Utterances.Where(u => ContentLabel.Of(u.Text) is string c && content.Contains(c)).ToList();
            if (kept.Count == 0) errors.Add($"{dir.Directory}: the {role} domain has no utterance with a content label (a one-word transcript of a training class)");
            if (dir.Bins != encoder.InputBins) errors.Add($"{dir.Directory}: features have {dir.Bins} bins but model_options.encoder.input_bins is {encoder.InputBins}");
            UtteranceLengths.CheckLengths(dir, encoder.ReceptiveField, errors);
            return kept;
        }
        var source = Labelled(train, "source");
        var sourceTest = Labelled(test, "source test");
        var target = Labelled(unseen, "target");
        var inSource = ContentLabel.MapOf(source);
        foreach (var c in content.Labels.Where(c => !inSource.Contains(c)))
            errors.Add($"{train.Directory}: content class '{c}' has no source utterance, so the classifier could never learn it");
        if (content.Count != classes)
            errors.Add($"the split has {content.Count} content classes ({string.Join(" ", content.Labels)}) but model_options.classes is {classes} (set it to {content.Count})");
        if (target.Count == 1) errors.Add($"{unseen.Directory}: the target domain needs at least 2 labelled utterances (one to adapt on, one to score)");
        if (errors.Count > 0) throw new DataDirException(folder, errors);

        if (options.TargetSnrDb is double snr)
        {
            var random = new Random(options.NoiseSeed);
            target = [.. target.Select(u => SpeechNoise.Add(u, snr, random))];
        }
        var (adapt, evaluate) = Halves(target, content);
        int maxFrames = options.MaxFrames > 0 ? Math.Max(options.MaxFrames, encoder.ReceptiveField) : int.MaxValue;
        SpeechUtterance PrepareOne(SpeechUtterance u) => Normalise(UtteranceLengths.CropCentre(u, maxFrames), options.NormVars);
        List<SpeechUtterance> Prepare(IEnumerable<SpeechUtterance> utts) => [.. utts.Select(PrepareOne)];
        return new SpeechDomains
        {
            Content = content,
            Loading = loading,
            Prepare = PrepareOne,
            MaxFrames = maxFrames,
            StreamedSource = train.Index is null ? null : new StreamedUtterances(train.Index, source),
            Source = train.Index is null ? Prepare(source) : [],
            SourceTest = Prepare(sourceTest),
            TargetAdapt = Prepare(adapt),
            TargetTest = Prepare(evaluate),
        };
    }

    /// <summary>Deals the utterances of each content class alternately to the adaptation and the evaluation half.</summary>
    static (List<SpeechUtterance> Adapt, List<SpeechUtterance> Evaluate) Halves(List<SpeechUtterance> utterances, LabelMap content)
    {
        using var labels = tensor(utterances.Select(u => (long)content.IndexOf(ContentLabel.Of(u.Text)!)).ToArray());
        var folds = SpeechSetTensors.Folds(labels, 2);
        return ([.. folds[0].Select(i => utterances[(int)i])], [.. folds[1].Select(i => utterances[(int)i])]);
    }

    static SpeechUtterance Normalise(SpeechUtterance u, bool normVars)
    {
        var feats = (float[])u.Feats.Clone();
        Cmvn.ApplyPerUtterance(feats, u.Bins, normVars);
        return u with { Feats = feats };
    }
}
