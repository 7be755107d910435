using System.Collections.Concurrent;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>What the jobs of one feature run found, collected from several threads.</summary>
internal sealed class FeatureJobResults
{
    readonly ConcurrentDictionary<string, int> _frames = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, CmvnStats> _stats = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, string> _scp = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, string> _skipped = new(StringComparer.Ordinal);
    readonly ConcurrentBag<string> _written = [];
    int _kept;
    long _samples;

    /// <summary>An utterance's features (frame count and CMVN stats), kept from an earlier run or computed now.</summary>
    public void AddFeatures(string utt, KaldiMatrix features, bool kept)
    {
        _frames[utt] = features.Rows;
        _stats[utt] = FeatureTables.StatsOf(features);
        if (kept) Interlocked.Increment(ref _kept);
    }

    /// <summary>Where an utterance's features are: its scp value (ark:offset, or the .npy path).</summary>
    public void AddScp(string utt, string rxSpecifier) => _scp[utt] = rxSpecifier;

    public void AddSkipped(string utt, string reason) => _skipped[utt] = reason;

    /// <summary>A feature file this run renamed into place (taken back if the run fails).</summary>
    public void AddWritten(string path) => _written.Add(path);

    public void AddAudio(long samples) => Interlocked.Add(ref _samples, samples);

    public IReadOnlyDictionary<string, int> Frames => _frames;
    public IReadOnlyDictionary<string, CmvnStats> Stats => _stats;
    public IEnumerable<(string Key, string Value)> ScpLines => _scp.Select(kv => (kv.Key, kv.Value));
    public IEnumerable<string> Written => _written;
    public int Kept => Volatile.Read(ref _kept);
    public long Samples => Interlocked.Read(ref _samples);

    public List<(string Utt, string Reason)> SortedSkipped() =>
        [.. _skipped.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value))];
}
