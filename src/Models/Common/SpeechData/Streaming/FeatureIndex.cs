using SpeechDisentangle.Audio.Data;

namespace SpeechDisentangle.Models.Common.SpeechData.Streaming;

/// <summary>
/// A feature data dir indexed for streaming: for every utterance its speaker, text, shape (read from the object
/// header at its scp offset, or the .npy header) and where its features lie, but not the features. Even for a
/// thousand hours this is a few MB. Features are read through <see cref="OpenReader"/>, normalised exactly as
/// <see cref="FeatureDataDir.Load"/> normalises them (per-speaker stats from cmvn.scp, no features loaded for it).
/// </summary>
public sealed class FeatureIndex
{
    readonly Dictionary<string, FeatureDataDir.ScpEntry> _locations;

    FeatureIndex(string directory, Dictionary<string, FeatureDataDir.ScpEntry> locations, FeatureNormaliser normaliser)
    {
        Directory = directory;
        _locations = locations;
        Normaliser = normaliser;
    }

    /// <summary>The data dir indexed.</summary>
    public string Directory { get; }

    /// <summary>The normalisation applied to every utterance read.</summary>
    public FeatureNormaliser Normaliser { get; }

    /// <summary>
    /// Indexes <paramref name="dir"/>: a <see cref="FeatureDataDir"/> whose utterances carry no features (only id,
    /// speaker, text and shape) and whose <see cref="FeatureDataDir.Index"/> reads them. Checks what
    /// <see cref="FeatureDataDir.Load"/> checks (missing archives, offsets outside a file, truncated objects, mixed
    /// dimensions, utt2num_frames, CMVN stats) and throws one <see cref="DataDirException"/> listing every problem.
    /// Global CMVN reads every utterance once, in order, to gather its statistics.
    /// </summary>
    public static FeatureDataDir Load(string dir, CmvnMode cmvn = CmvnMode.Speaker, bool normVars = false)
    {
        var (utt2spk, text, numFrames, feats) = FeatureDataDir.ReadListing(dir, null);
        var errors = new List<string>();
        List<SpeechUtterance> headers;
        using (var files = new FeatureFiles())
            headers = FeatureDataDir.ReadFeatures(utt2spk, text, numFrames, feats, e => { var (rows, cols) = files.ShapeOf(e); return ([], rows, cols); }, errors);
        if (errors.Count > 0) throw new DataDirException(dir, errors);
        int bins = headers[0].Bins;
        var raw = new FeatureIndex(dir, feats, FeatureNormaliser.None(bins));
        var normaliser = FeatureNormaliser.Create(dir, cmvn, normVars, bins, headers.Select(u => u.Speaker), () => raw.ReadAll(headers), errors);
        if (errors.Count > 0) throw new DataDirException(dir, errors);
        var index = new FeatureIndex(dir, feats, normaliser);
        return new FeatureDataDir(dir, headers, bins, cmvn, index);
    }

    /// <summary>A reader of this index's features for one thread (it keeps its archives open until disposed).</summary>
    public UtteranceReader OpenReader() => new(this);

    internal FeatureDataDir.ScpEntry Locate(string utt) =>
        _locations.TryGetValue(utt, out var e) ? e : throw new KeyNotFoundException($"utterance '{utt}' is not in the index of {Directory}");

    IEnumerable<float[]> ReadAll(IEnumerable<SpeechUtterance> headers)
    {
        using var reader = OpenReader();
        foreach (var h in headers) yield return reader.Read(h).Feats;
    }
}
