using System.Runtime.CompilerServices;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Tasks;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Sit;

/// <summary>
/// Speaker-invariant training (`sdt train sit --data SPLIT`) on a folder written by `sdt data split`.
/// `model_options.adversarial: false` trains the baseline: the same model and schedule, but the speaker classifier
/// never pushes on the encoder (one task, one flag, so the two runs differ in exactly that).
/// Metrics: content accuracy of the model on test (seen speakers) and unseen speakers; a fresh speaker probe on the
/// frozen pooled embeddings of test and of unseen (two folds, each trained on one half and scored on the other) with
/// its chance level; a content probe on unseen speakers. Pictures: PCA of test+unseen embeddings by speaker and content.
/// </summary>
public sealed class SitTask : ModelTask<SitOptions, SitObjective>, IRecordsFrontEnd
{
    // Draw needs the label names of the split the data came from; TaskData carries tensors only.
    static readonly ConditionalWeakTable<TaskData, SpeechSplit> Splits = [];

    public override string Name => "sit";
    public override string Description => "Speaker-invariant training on a split feature data dir (model_options.adversarial: false = baseline).";

    protected override SitObjective Create(SitOptions options) => new(new SitModel(options));

    /// <summary>Unset (absent or 0) speaker_classes and content_classes are taken from the split (<see cref="SitClassCounts"/>).</summary>
    public override RunConfig CompleteFromData(RunConfig config, string dataPath) => SitClassCounts.Complete(config, dataPath);

    /// <summary>data.cmvn and data.norm_vars.</summary>
    public ModelNormalisation Normalisation(RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var data = config.Data.Bind<SitDataOptions>();
        return new ModelNormalisation(data.Cmvn, data.NormVars);
    }

    public override TaskData LoadData(string dataPath, RunConfig config) => LoadData(dataPath, config, TextWriter.Null);

    /// <summary>Loads the split, streaming train/ or not as data.loading says (the choice is logged).</summary>
    public override TaskData LoadData(string dataPath, RunConfig config, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(log);
        var model = config.ModelOptions.Bind<SitOptions>();
        var dataOptions = SitLoading.Resolve(dataPath, config.Data.Bind<SitDataOptions>(), log);
        if (dataOptions.ContentPairs && model.FrameLevelContent)
            throw new ArgumentException("data.content_pairs pairs utterances of one content class, and with model_options.frame_level_content an utterance has none: leave content_pairs off");
        if (model.AdversaryWithinContent && model.Adversarial && !dataOptions.ContentPairs)
            throw new ArgumentException("model_options.adversary_within_content compares a speaker's renditions of a word within a batch: set data.content_pairs=true (with data.speakers_per_batch)");
        if (dataOptions.ContentPairs && dataOptions.SpeakersPerBatch > 0 && config.Trainer.BatchSize / dataOptions.SpeakersPerBatch < 2)
            throw new ArgumentException($"data.content_pairs needs at least 2 utterances per speaker in a batch; trainer.batch_size {config.Trainer.BatchSize} / data.speakers_per_batch {dataOptions.SpeakersPerBatch} gives fewer");
        var split = SpeechSplit.Load(dataPath, dataOptions, model);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        void Add(string prefix, Dictionary<string, Tensor> set)
        {
            foreach (var (k, v) in set) tensors[prefix + "." + k] = v;
        }
        Add("test", Pad(split.Test.Utterances, split, split.Speakers));
        Add("unseen", Pad(split.Unseen.Utterances, split, split.UnseenSpeakers));
        var trainUtts = dataOptions.TrainMaxFrames > 0 && split.Train.Index is null
            ? [.. split.Train.Utterances.Select(u => UtteranceLengths.CropCentre(u, Math.Max(dataOptions.TrainMaxFrames, model.Encoder.ReceptiveField)))]
            : split.Train.Utterances;
        var trainSource = split.Train.Index is null
            ? TrainSource(trainUtts, split, config.Trainer.BatchSize, dataOptions.SpeakersPerBatch, dataOptions.ContentPairs)
            : SitLoading.StreamingSource(split, dataOptions, model, config.Trainer.BatchSize);
        TensorBatchSource? validSource = null;
        if (split.Valid is not null)
        {
            using var valid = new DisposableSet(Pad(split.Valid.Utterances, split, split.Speakers));
            validSource = new TensorBatchSource(valid.Tensors, config.Trainer.BatchSize, shuffle: false);
        }
        var data = new TaskData(trainSource, validSource, tensors);
        Splits.AddOrUpdate(data, split);
        return data;
    }

    /// <summary>Plain shuffled batches, or batches of <paramref name="speakersPerBatch"/> speakers (data.speakers_per_batch).</summary>
    static IBatchSource TrainSource(IReadOnlyList<SpeechUtterance> utterances, SpeechSplit split, int batchSize, int speakersPerBatch, bool contentPairs)
    {
        using var train = new DisposableSet(Pad(utterances, split, split.Speakers));
        if (speakersPerBatch == 0) return new TensorBatchSource(train.Tensors, batchSize, shuffle: true, dropLast: true);
        SitLoading.CheckSpeakersPerBatch(batchSize, speakersPerBatch);
        return new SpeakerGroupedBatchSource(train.Tensors, SpeechBatchKeys.Speaker, speakersPerBatch, batchSize / speakersPerBatch,
            contentPairs ? SpeechBatchKeys.Content : null);
    }

    // The padded set, with "frame_content" beside the utterance-level keys when the split has frame labels.
    static Dictionary<string, Tensor> Pad(IReadOnlyList<SpeechUtterance> utterances, SpeechSplit split, LabelMap speakers)
    {
        var set = SpeechTensors.Pad(utterances, speakers, split.Content, split.ContentMode);
        if (split.FrameContent is not null) set[SpeechBatchKeys.FrameContent] = SitFrameLabels.Pad(utterances, split.FrameContent);
        return set;
    }

    /// <summary>The padded utterance set "test" or "unseen" of <paramref name="data"/> (with "frame_content" when loaded).</summary>
    public static Dictionary<string, Tensor> Set(TaskData data, string name)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new[] { SpeechBatchKeys.Feats, SpeechBatchKeys.Lengths, SpeechBatchKeys.Speaker, SpeechBatchKeys.Content, SpeechBatchKeys.FrameContent }
            .Where(k => k != SpeechBatchKeys.FrameContent || data.Tensors.ContainsKey(name + "." + k))
            .ToDictionary(k => k, k => data.Get(name + "." + k), StringComparer.Ordinal);
    }

    protected override IReadOnlyDictionary<string, double> Evaluate(SitObjective model, TaskData data, RunConfig config, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        var options = config.Data.Bind<SitDataOptions>();
        return SitMetrics.Compute(model.Model, Set(data, "test"), Set(data, "unseen"), options, log);
    }

    protected override IReadOnlyList<string> Draw(SitObjective model, TaskData data, string outDir)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!Splits.TryGetValue(data, out var split)) return [];
        return SitPictures.Draw(model.Model.Encoder, Set(data, "test"), Set(data, "unseen"), split, outDir);
    }

    // Padded sets are copied by TensorBatchSource; this frees the originals.
    sealed class DisposableSet(Dictionary<string, Tensor> tensors) : IDisposable
    {
        public Dictionary<string, Tensor> Tensors { get; } = tensors;

        public void Dispose()
        {
            foreach (var t in Tensors.Values) t.Dispose();
        }
    }
}
