using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Dann;

/// <summary>
/// DANN on speech (`sdt train dann-speech --data SPLIT`): a <see cref="SpeechEncoder"/>'s pooled embedding feeds a
/// content classifier and, behind gradient reversal, a domain classifier. Source domain: train/ of a split folder
/// (`sdt data split`: seen voices, digit labels). Target domain: unseen/ (other voices, optionally noisy, see
/// <see cref="DannSpeechDataOptions"/>), half for adaptation (labels never read) and half for evaluation.
/// `model_options.source_only: true` trains the baseline on the same source batches without target rows.
/// Features are log-mel with per-utterance mean (and variance) normalisation, applied after any noise.
/// Metrics: target_accuracy (evaluation half of the target), source_accuracy (test/, seen voices, clean),
/// domain_accuracy (a domain classifier telling source test from target evaluation; 0.5 = chance).
/// </summary>
public sealed class DannSpeechTask : ModelTask<DannSpeechOptions, DannObjective>, IRecordsFrontEnd
{
    public override string Name => "dann-speech";
    public override string Description => "DANN (Ganin et al. 2016) on speech: seen voices (labelled) -> unseen, optionally noisy voices; model_options.source_only: true for the baseline.";

    /// <summary>Optimizer "main" (encoder and both heads) unless the run config's optimizers.main changes it.</summary>
    public static OptimizerSettings SpeechOptimizer { get; } = new() { LearningRate = 1e-3, Beta1 = 0.9 };

    protected override DannObjective Create(DannSpeechOptions options) =>
        new(new DannModel(new Models.Dann.SpeechFeatureExtractor(options.Encoder), options), SpeechOptimizer);

    /// <summary>Every utterance is normalised with its own statistics (SpeechDomains), variances as data.norm_vars says.</summary>
    public ModelNormalisation Normalisation(RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ModelNormalisation(CmvnMode.Utterance, config.Data.Bind<DannSpeechDataOptions>().NormVars);
    }

    public override TaskData LoadData(string dataPath, RunConfig config) => LoadData(dataPath, config, TextWriter.Null);

    /// <summary>Loads the domains, streaming train/ or not as data.loading says (the choice is logged).</summary>
    public override TaskData LoadData(string dataPath, RunConfig config, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(dataPath);
        ArgumentNullException.ThrowIfNull(config);
        var data = config.Data.Bind<DannSpeechDataOptions>();
        data.Validate();
        var model = config.ModelOptions.Bind<DannSpeechOptions>();
        if (config.Trainer.BatchSize < 2)
            throw new ArgumentException($"dann-speech: trainer.batch_size must be >= 2 (half source, half target; got {config.Trainer.BatchSize})");
        var domains = SpeechDomains.Load(dataPath, data, model.Encoder, model.Classes);
        log.WriteLine($"{Name}: {domains.Loading}");

        using var scope = NewDisposeScope();
        IBatchSource train = domains.StreamedSource is null
            ? InMemorySource(domains, model.SourceOnly, config.Trainer.BatchSize / 2)
            : StreamingSpeechDomainSource.Create(domains, model.SourceOnly, config.Trainer.BatchSize / 2, data.Loading.PrefetchBatches);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, utts) in new[] { ("source_test", domains.SourceTest), ("target_test", domains.TargetTest) })
            foreach (var (key, value) in Pad(utts, domains.Content))
                tensors[name + "." + key] = value.MoveToOuterDisposeScope();
        return new TaskData(train, null, tensors);
    }

    static DomainBatchSource InMemorySource(SpeechDomains domains, bool sourceOnly, int sourcePerBatch)
    {
        var source = Pad(domains.Source, domains.Content);
        var target = Pad(domains.TargetAdapt, domains.Content);
        return SpeechDomainBatchSource.Create(source[SpeechBatchKeys.Feats], source[SpeechBatchKeys.Lengths], source[SpeechBatchKeys.Content],
            sourceOnly ? null : target[SpeechBatchKeys.Feats], sourceOnly ? null : target[SpeechBatchKeys.Lengths], sourcePerBatch);
    }

    static Dictionary<string, Tensor> Pad(IReadOnlyList<SpeechUtterance> utterances, LabelMap content) =>
        SpeechTensors.Pad(utterances, new LabelMap(utterances.Select(u => u.Speaker)), content);

    protected override IReadOnlyDictionary<string, double> Evaluate(DannObjective model, TaskData data, RunConfig config, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(log);
        int batchSize = config.Data.Bind<DannSpeechDataOptions>().EvalBatchSize;
        var dann = model.Model;
        using var scope = NewDisposeScope();
        var (sourceLabel, sourceDomain) = Predict(dann, data, "source_test", batchSize);
        var (targetLabel, targetDomain) = Predict(dann, data, "target_test", batchSize);
        double source = sourceLabel.eq(data.Get("source_test." + SpeechBatchKeys.Content)).to(ScalarType.Float64).mean().item<double>();
        double target = targetLabel.eq(data.Get("target_test." + SpeechBatchKeys.Content)).to(ScalarType.Float64).mean().item<double>();
        // Equal numbers from each domain, so 0.5 is chance.
        long n = Math.Min(sourceDomain.shape[0], targetDomain.shape[0]);
        double domain = (sourceDomain[..(int)n].eq(0).sum() + targetDomain[..(int)n].eq(1).sum()).to(ScalarType.Float64).item<double>() / (2.0 * n);
        log.WriteLine($"dann-speech: {sourceLabel.shape[0]} source test and {targetLabel.shape[0]} target test utterances");
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["target_accuracy"] = target,
            ["source_accuracy"] = source,
            ["domain_accuracy"] = domain,
            ["source_only"] = dann.Options.SourceOnly ? 1 : 0,
        };
    }

    /// <summary>Predicted content and domain classes of set <paramref name="name"/>, in eval mode without gradients.</summary>
    static (Tensor Label, Tensor Domain) Predict(DannModel model, TaskData data, string name, int batchSize)
    {
        var feats = data.Get(name + "." + SpeechBatchKeys.Feats);
        var lengths = data.Get(name + "." + SpeechBatchKeys.Lengths);
        var device = model.parameters().First().device;
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            var labels = new List<Tensor>();
            var domains = new List<Tensor>();
            for (long start = 0; start < feats.shape[0]; start += batchSize)
            {
                long n = Math.Min(batchSize, feats.shape[0] - start);
                var output = model.forward(new Batch
                {
                    [SpeechBatchKeys.Feats] = feats.narrow(0, start, n).to(device),
                    [SpeechBatchKeys.Lengths] = lengths.narrow(0, start, n).to(device),
                });
                labels.Add(output.LabelLogits.argmax(-1).cpu());
                domains.Add(output.DomainLogits.argmax(-1).cpu());
            }
            return (cat(labels), cat(domains));
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
