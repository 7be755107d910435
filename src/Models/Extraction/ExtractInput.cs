using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Models.Common.SpeechData;

namespace SpeechDisentangle.Models.Extraction;

/// <summary>What `sdt extract --input` names.</summary>
public enum ExtractInputKind
{
    /// <summary>One audio file (WAV, FLAC, ...): one utterance, its own speaker, named after the file.</summary>
    AudioFile,

    /// <summary>A Kaldi data dir with wav.scp (and segments, when it has them) but no features.</summary>
    AudioDir,

    /// <summary>A feature data dir (feats.scp or npy.scp); read as features even when it also has wav.scp.</summary>
    FeatureDir,
}

/// <summary>
/// The utterances `sdt extract` encodes, normalised as the model was trained: read from a feature data dir made
/// with the model's front end, or computed from audio with it (<see cref="AudioFeatures"/>).
/// </summary>
public static class ExtractInput
{
    public static ExtractInputKind KindOf(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (File.Exists(input)) return ExtractInputKind.AudioFile;
        if (!Directory.Exists(input)) throw new FileNotFoundException($"--input '{input}' does not exist (give a WAV/FLAC file, a data dir with wav.scp, or a feature data dir)", input);
        if (File.Exists(Path.Combine(input, KaldiFileNames.FeatsScp)) || File.Exists(Path.Combine(input, "npy.scp"))) return ExtractInputKind.FeatureDir;
        if (File.Exists(Path.Combine(input, KaldiFileNames.WavScp))) return ExtractInputKind.AudioDir;
        throw new DataDirException($"--input '{input}' has neither feats.scp / npy.scp (a feature data dir) nor wav.scp (a Kaldi data dir of audio)");
    }

    /// <summary>
    /// The utterances of part <see cref="ExtractOptions.ShardIndex"/> of <see cref="ExtractOptions.ShardCount"/> of
    /// <paramref name="input"/> (in ordinal utterance order), ready for <paramref name="encoder"/>.
    /// </summary>
    /// <param name="model">The model's front end (<see cref="ExtractFrontEnd"/>).</param>
    /// <param name="checkpoint">The checkpoint, for messages.</param>
    /// <param name="workDir">Where features computed from audio are kept while they are read (deleted after).</param>
    /// <param name="warnings">Receives what could not be checked.</param>
    public static IReadOnlyList<SpeechUtterance> Load(string input, ExtractEncoder encoder, ExtractFrontEnd model, string checkpoint,
        ExtractOptions options, string workDir, TextWriter? warnings = null, IProgress<Audio.Common.WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var kind = KindOf(input);
        if (kind == ExtractInputKind.FeatureDir)
        {
            CheckFrontEnd(input, model, checkpoint, warnings);
            var data = FeatureDataDir.Load(input, encoder.Cmvn, encoder.NormVars);
            Check(data, input, encoder);
            return Part(data.Utterances, options.ShardIndex, options.ShardCount);
        }
        var frontEnd = RecordedFeatures(model, checkpoint);
        if (kind == ExtractInputKind.AudioFile && options.ShardCount > 1)
            throw new ArgumentException($"--shard splits a data dir; --input '{input}' is one file");
        if (kind == ExtractInputKind.AudioFile && encoder.Cmvn == CmvnMode.Speaker)
            warnings?.WriteLine($"sdt: warning: the model normalises per speaker; {input} is one file, so it is normalised with its own statistics " +
                                "(give a data dir with the speaker's other utterances for the speaker's statistics)");
        var dir = kind == ExtractInputKind.AudioFile ? AudioFeatures.SingleFile(input) : KaldiDataDir.Load(input, requireSorted: false);
        var wanted = Part(dir.Utterances.Order(StringComparer.Ordinal).ToList(), options.ShardIndex, options.ShardCount);
        var computed = AudioFeatures.Load(dir, wanted, frontEnd, encoder.Cmvn, encoder.NormVars, options.Jobs, workDir, progress);
        Check(computed, input, encoder);
        var keep = wanted.ToHashSet(StringComparer.Ordinal);
        return [.. computed.Utterances.Where(u => keep.Contains(u.Utt))];
    }

    /// <summary>Refuses a feature dir made with another front end than the model's; warns when either is unrecorded.</summary>
    public static void CheckFrontEnd(string featureDir, ExtractFrontEnd model, string checkpoint, TextWriter? warnings)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Record is null)
        {
            warnings?.WriteLine($"sdt: warning: {checkpoint} records no front end ({model.Missing}), so the features of {featureDir} are normalised " +
                                $"as its config.yaml says ({model.Normalisation.Describe()}) and checked by their bins only");
            return;
        }
        FeatureFrontEnd? features;
        try
        {
            features = FeatureFrontEnd.Read(featureDir);
        }
        catch (InvalidDataException e)
        {
            warnings?.WriteLine($"sdt: warning: {e.Message}; only the bins of {featureDir} are checked against the model");
            return;
        }
        if (features is null)
        {
            warnings?.WriteLine($"sdt: warning: {featureDir} records no front end (no feats_job.txt or {FeatureFrontEnd.FileName}), so only its bins are checked against the model");
            return;
        }
        if (model.Record.Features is null)
        {
            warnings?.WriteLine($"sdt: warning: {checkpoint} records no log-mel front end ({model.Record.Problem}), so the features of {featureDir} ({features.Describe()}) are checked by their bins only");
            return;
        }
        var differences = features.Differences(model.Record.Features);
        if (differences.Count == 0) return;
        string listed = differences.Count <= 4 ? string.Join("; ", differences)
            : $"{differences.Count} settings: {string.Join("; ", differences.Take(3))}; ...";
        throw new InvalidDataException(
            $"features in {featureDir} were made with {features.Describe()}; the model {checkpoint} was trained on {model.Record.Features.Describe()} " +
            $"(they differ in {listed}). Pass the audio as --input (a WAV/FLAC file or a data dir with wav.scp) " +
            "so extract computes the model's own features, or compute features with the model's settings (`sdt features compute`)");
    }

    /// <summary>The log-mel front end to compute features from audio with; a clear error when the model has none.</summary>
    static FeatureFrontEnd RecordedFeatures(ExtractFrontEnd model, string checkpoint)
    {
        if (model.Record is null)
            throw new InvalidDataException(
                $"checkpoint {checkpoint} records no front end ({model.Missing}), so extract cannot compute its features from audio: " +
                "retrain it, or pass a feature data dir made as its training features were as --input");
        return model.Record.Features ?? throw new InvalidDataException(
            $"checkpoint {checkpoint} records no log-mel front end: {model.Record.Problem} (training data {model.Record.TrainingData}; " +
            $"`sdt data split` copies the record of features made by `sdt features compute` into every subset), so extract cannot compute " +
            "its features from audio: split such features and retrain, or pass a feature data dir made as its training features were as --input");
    }

    static void Check(FeatureDataDir data, string input, ExtractEncoder encoder)
    {
        var errors = new List<string>();
        if (data.Bins != encoder.InputBins)
            errors.Add($"the features have {data.Bins} bins but the model was trained on {encoder.InputBins}");
        UtteranceLengths.CheckLengths(data, encoder.MinFrames, errors);
        if (errors.Count > 0) throw new DataDirException(input, errors);
    }

    /// <summary>Contiguous part k (1-based) of n, as Kaldi's split_scp does, so shards keep utterances of a speaker together.</summary>
    public static List<T> Part<T>(IReadOnlyList<T> all, int k, int n)
    {
        ArgumentNullException.ThrowIfNull(all);
        int start = (int)((long)all.Count * (k - 1) / n), end = (int)((long)all.Count * k / n);
        return [.. all.Skip(start).Take(end - start)];
    }
}
