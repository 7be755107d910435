using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Models.Common.SpeechData;

/// <summary>
/// Normalises one utterance's features as <see cref="CmvnMode"/> asks, the same way whether the data dir is held in
/// memory or streamed: per utterance, per speaker (stats from cmvn.scp) or with global stats gathered beforehand.
/// Holds only the statistics, never features, so it is safe to share between threads.
/// </summary>
public sealed class FeatureNormaliser
{
    readonly CmvnMode _mode;
    readonly bool _normVars;
    readonly int _bins;
    readonly IReadOnlyDictionary<string, CmvnStats>? _speakers;
    readonly CmvnStats? _global;

    FeatureNormaliser(CmvnMode mode, bool normVars, int bins, IReadOnlyDictionary<string, CmvnStats>? speakers, CmvnStats? global)
    {
        _mode = mode;
        _normVars = normVars;
        _bins = bins;
        _speakers = speakers;
        _global = global;
    }

    /// <summary>
    /// The normaliser of <paramref name="dir"/>: speaker stats come from its cmvn.scp (problems go to
    /// <paramref name="errors"/>), global stats from one pass over <paramref name="allFeatures"/> (enumerated only for
    /// <see cref="CmvnMode.Global"/>, in order, so a streamed pass gives the very sums an in-memory pass gives).
    /// </summary>
    public static FeatureNormaliser Create(string dir, CmvnMode mode, bool normVars, int bins, IEnumerable<string> speakers,
        Func<IEnumerable<float[]>> allFeatures, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(speakers);
        ArgumentNullException.ThrowIfNull(allFeatures);
        return mode switch
        {
            CmvnMode.None or CmvnMode.Utterance => new FeatureNormaliser(mode, normVars, bins, null, null),
            CmvnMode.Speaker => new FeatureNormaliser(mode, normVars, bins,
                FeatureDataDir.ReadSpeakerStats(dir, bins, speakers.ToHashSet(StringComparer.Ordinal), errors), null),
            CmvnMode.Global => new FeatureNormaliser(mode, normVars, bins, null, Cmvn.AccumulateGlobal(allFeatures(), bins)),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown CMVN mode"),
        };
    }

    /// <summary>True when each frame is normalised on its own (all modes but per-utterance), so a crop may be read alone.</summary>
    public bool PerFrame => _mode != CmvnMode.Utterance;

    /// <summary>A normaliser that leaves features as stored.</summary>
    public static FeatureNormaliser None(int bins) => new(CmvnMode.None, false, bins, null, null);

    /// <summary>Normalises <paramref name="feats"/> (frames x bins of <paramref name="speaker"/>) in place.</summary>
    public void Apply(float[] feats, string speaker)
    {
        switch (_mode)
        {
            case CmvnMode.Utterance:
                Cmvn.ApplyPerUtterance(feats, _bins, _normVars);
                break;
            case CmvnMode.Speaker:
                _speakers![speaker].Apply(feats, _normVars);
                break;
            case CmvnMode.Global:
                _global!.Apply(feats, _normVars);
                break;
        }
    }
}
