using SpeechDisentangle.Models.Common.Vocoder;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;

namespace SpeechDisentangle.Models.Vocoder;

/// <summary>
/// `vocoder`: a Vocos-style neural vocoder of the VC models' log-mel, trained on the audio of a Kaldi data dir
/// (wav.scp). Its metrics (<see cref="VocoderEvaluator"/>) set it against Griffin-Lim on held-out voices.
/// </summary>
public sealed class VocoderTask : ModelTask<VocosOptions, VocoderObjective>
{
    public override string Name => "vocoder";
    public override string Description => "Vocos-style neural vocoder (ConvNeXt + inverse STFT) of the VC log-mel; judged against Griffin-Lim.";

    protected override VocoderObjective Create(VocosOptions options) => new(new VocosModel(options));

    public static VocoderDataOptions DataOptions(RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var options = config.Data.Bind<VocoderDataOptions>();
        var errors = options.Errors();
        if (errors.Count > 0) throw ConfigException.From([.. errors.Select(e => $"data.{e}")]);
        return options;
    }

    public override TaskData LoadData(string dataPath, RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var options = DataOptions(config);
        var spec = VocosModel.SpecFor(config.ModelOptions.Bind<VocosOptions>().NMels);
        var corpus = VocoderCorpus.Load(dataPath, options, spec.SampleRate);
        return new TaskData(new AudioSegmentSource(corpus, options, spec, config.Trainer.BatchSize), null, new Dictionary<string, TorchSharp.torch.Tensor>());
    }

    protected override IReadOnlyDictionary<string, double> Evaluate(VocoderObjective model, TaskData data, RunConfig config, TextWriter log)
    {
        var source = data?.Train as AudioSegmentSource ?? throw new ArgumentException("task data was not loaded by the vocoder task");
        using var griffinLim = new GriffinLimVocoder(model.Model.Spec);
        using var neural = new NeuralVocoder(model.Model, ownsModel: false);
        var o = model.Model.Options;
        return VocoderEvaluator.Evaluate([(VocoderChoice.GriffinLim.Replace('-', '_'), griffinLim), ("neural", neural)], source.Corpus,
            source.Options, o.FeatureOffset, o.FeatureScale, log);
    }
}
