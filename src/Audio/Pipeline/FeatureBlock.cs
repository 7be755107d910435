using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>
/// One block of consecutive utterances of a feature job: one archive (ark format) or one .npy file per utterance.
/// Keeps what an earlier run of the same job finished when it reads back whole, computes the rest.
/// </summary>
internal sealed class FeatureBlock(KaldiDataDir dir, FeatureJobFiles files, FeatureJobOptions options, FeatureJobResults results,
    ProgressCounter counter, CancellationToken stop)
{
    readonly LogMelExtractor _extractor = new(options.LogMel);
    readonly UtteranceAudio _audio = new(dir, options.Channel, new AudioReadOptions
    {
        TargetSampleRate = options.LogMel.SampleRate,
        AllowPipes = options.AllowPipes,
        TruncatedData = options.TruncatedData,
        Warning = options.Warning,
    });

    /// <param name="number">1-based block number (the archive is data/feats[.K].number.ark).</param>
    public void Run(int number, IReadOnlyList<string> utts, bool reuse)
    {
        if (options.Format == FeatureFormat.Ark) RunArk(files.Ark(number), utts, reuse);
        else RunNpy(utts, reuse);
    }

    void RunArk(string ark, IReadOnlyList<string> utts, bool reuse)
    {
        if (reuse && TryKeepArk(ark, utts))
        {
            counter.Advance(utts.Count);
            return;
        }
        IEnumerable<KeyValuePair<string, KaldiMatrix>> Features()
        {
            foreach (string utt in utts)
            {
                var m = Compute(utt);
                if (m == null) continue;
                results.AddFeatures(utt, m, kept: false);
                yield return new(utt, m);
            }
        }
        var entries = KaldiArk.Write(ark, Features());
        results.AddWritten(ark);
        foreach (var e in entries) results.AddScp(e.Key, e.RxSpecifier);
    }

    void RunNpy(IReadOnlyList<string> utts, bool reuse)
    {
        foreach (string utt in utts)
        {
            string npy = Path.GetFullPath(files.Npy(utt));
            if (reuse && TryReadNpy(npy) is KaldiMatrix kept)
            {
                results.AddFeatures(utt, kept, kept: true);
                results.AddScp(utt, npy);
                counter.Advance();
                continue;
            }
            var m = Compute(utt);
            if (m == null) continue;
            NpyFile.Write(npy, m.Data, m.Rows, m.Cols);
            results.AddWritten(npy);
            results.AddFeatures(utt, m, kept: false);
            results.AddScp(utt, npy);
        }
    }

    /// <summary>The features of one utterance, or null when it is skipped (--keep-going).</summary>
    KaldiMatrix? Compute(string utt)
    {
        stop.ThrowIfCancellationRequested();
        try
        {
            float[] samples = _audio.Read(utt);
            float[] feats = _extractor.Compute(samples);
            results.AddAudio(samples.Length);
            return new KaldiMatrix(feats.Length / _extractor.NumBins, _extractor.NumBins, feats);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            var failure = new UtteranceFeatureException(utt, _audio.SourceOf(utt), e, options.Describe);
            if (!options.KeepGoing) throw failure;
            results.AddSkipped(utt, failure.Reason);
            return null;
        }
        finally
        {
            counter.Advance();
        }
    }

    /// <summary>An archive of an earlier run counts only if it holds exactly these utterances, in order, whole.</summary>
    bool TryKeepArk(string ark, IReadOnlyList<string> utts)
    {
        if (!File.Exists(ark)) return false;
        var entries = new List<(KaldiScpEntry Entry, KaldiMatrix Value)>();
        try
        {
            foreach (var e in KaldiArk.ReadEntries(ark))
            {
                if (entries.Count == utts.Count || e.Entry.Key != utts[entries.Count] || !HasOurShape(e.Value)) return false;
                entries.Add(e);
            }
        }
        catch (InvalidDataException)
        {
            return false;
        }
        if (entries.Count != utts.Count) return false; // an utterance was skipped then: try it again
        foreach (var (entry, value) in entries)
        {
            results.AddFeatures(entry.Key, value, kept: true);
            results.AddScp(entry.Key, entry.RxSpecifier);
        }
        return true;
    }

    /// <summary>A .npy file of an earlier run counts if its header parses and its size and shape fit.</summary>
    KaldiMatrix? TryReadNpy(string npy)
    {
        if (!File.Exists(npy)) return null;
        try
        {
            var array = NpyFile.Read(npy);
            if (array.DType != NpyDType.Float32 || array.Shape.Count != 2) return null;
            var m = new KaldiMatrix(array.Shape[0], array.Shape[1], array.ToFloat32());
            return HasOurShape(m) ? m : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    bool HasOurShape(KaldiMatrix m) => m.Rows > 0 && m.Cols == _extractor.NumBins && !m.IsVector;
}
