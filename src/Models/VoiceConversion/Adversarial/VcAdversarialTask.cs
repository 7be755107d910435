using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.VoiceConversion.Common;
using SpeechDisentangle.Models.VoiceConversion.Data;
using SpeechDisentangle.Models.VoiceConversion.Evaluation;

namespace SpeechDisentangle.Models.VoiceConversion.Adversarial;

/// <summary>`vc-adv`: Chou et al. 2018 stage one on a feature data dir (slaney log-mel); metrics in <see cref="VcEvaluator"/>.</summary>
public sealed class VcAdversarialTask : ModelTask<AdversarialVcOptions, AdversarialVcObjective>, IRecordsFrontEnd
{
    public override string Name => "vc-adv";
    public override string Description => "Multi-target VC with an adversarial speaker classifier on the content code (Chou et al. 2018).";

    /// <summary>The data's log-mel record, no CMVN, data.feature_offset and data.feature_scale (<see cref="VcTaskData.FrontEnd"/>).</summary>
    public ModelFrontEnd FrontEnd(string dataPath, RunConfig config) => VcTaskData.FrontEnd(dataPath, config);

    public ModelNormalisation Normalisation(RunConfig config) => VcTaskData.Normalisation(config);

    protected override AdversarialVcObjective Create(AdversarialVcOptions options) => new(new AdversarialVcModel(options));

    /// <summary>Sets <c>model_options.speakers</c> to the data's training speakers when the config leaves it unset (absent or 0).</summary>
    public override RunConfig CompleteFromData(RunConfig config, string dataPath)
    {
        ArgumentNullException.ThrowIfNull(config);
        var map = config.ModelOptions;
        if (!ConfigMapValues.IsUnset(map, SpeakersKey) || !Directory.Exists(dataPath)) return config;
        var values = new Dictionary<string, object?>(map.Values, StringComparer.Ordinal)
        {
            [SpeakersKey] = VcCorpus.Load(dataPath, VcTaskData.Options(config)).SeenSpeakers.Count,
        };
        return config with { ModelOptions = new ConfigMap(values, map.Path, map.Locations) };
    }

    private const string SpeakersKey = "speakers";

    public override TaskData LoadData(string dataPath, RunConfig config, TextWriter log) =>
        VcTaskData.Logged(LoadData(dataPath, config), Name, log);

    public override TaskData LoadData(string dataPath, RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var o = config.ModelOptions.Bind<AdversarialVcOptions>();
        return VcTaskData.Load(dataPath, config, o.NMels, o.Speakers);
    }

    protected override IReadOnlyDictionary<string, double> Evaluate(AdversarialVcObjective model, TaskData data, RunConfig config, TextWriter log)
    {
        var source = VcTaskData.Source(data);
        return VcEvaluator.Evaluate(new AdversarialVcConverter(model.Model), source.Corpus, source.Options, log);
    }

    protected override IReadOnlyList<string> Draw(AdversarialVcObjective model, TaskData data, string outDir)
    {
        var source = VcTaskData.Source(data);
        VcSpeakerMap.Save(Path.GetDirectoryName(Path.GetFullPath(outDir))!, source.Corpus.SeenSpeakers);
        return [VcPictures.ConversionExample(new AdversarialVcConverter(model.Model), source, outDir)];
    }
}
