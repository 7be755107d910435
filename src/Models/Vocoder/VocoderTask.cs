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
    public const string ModelName = "vocoder";

    public override string Name => ModelName;
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
        var model = config.ModelOptions.Bind<VocosOptions>();
        var spec = VocosModel.SpecFor(model.NMels);
        CheckSegmentCoversStftLoss(model, options, spec);
        var corpus = VocoderCorpus.Load(dataPath, options, spec);
        return new TaskData(new AudioSegmentSource(corpus, options, spec, config.Trainer.BatchSize), null, new Dictionary<string, TorchSharp.torch.Tensor>());
    }

    /// <summary>
    /// The STFT loss and the resolution discriminators reflect-pad each segment by half their largest FFT, which torch
    /// allows only below the segment's length.
    /// </summary>
    public static void CheckSegmentCoversStftLoss(VocosOptions model, VocoderDataOptions data, MelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(spec);
        int segment = (data.SegmentFrames - 1) * spec.HopLength;
        CheckCovers("stft_resolutions", model.StftResolutions, data, segment, spec);
        if (model.HasResolutionDiscriminator) CheckCovers("discriminator_resolutions", model.DiscriminatorResolutions, data, segment, spec);
    }

    private static void CheckCovers(string option, IReadOnlyList<int> fftSizes, VocoderDataOptions data, int segment, MelSpec spec)
    {
        if (fftSizes.Count == 0) return;
        int largest = fftSizes.Max();
        if (largest / 2 >= segment)
            throw ConfigException.From([$"model_options.{option}: the largest FFT ({largest}) needs a segment longer than {largest / 2} samples, "
                + $"but data.segment_frames = {data.SegmentFrames} gives ({data.SegmentFrames} - 1) x hop {spec.HopLength} = {segment}: raise data.segment_frames or lower the resolution"]);
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
