using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.VoiceConversion.Common;
using SpeechDisentangle.Models.VoiceConversion.Data;
using SpeechDisentangle.Models.VoiceConversion.Evaluation;

namespace SpeechDisentangle.Models.VoiceConversion.AdaIn;

/// <summary>`vc-adain`: one-shot AdaIN-VC (Chou et al. 2019) on a feature data dir; metrics in <see cref="VcEvaluator"/>.</summary>
public sealed class VcAdaInTask : ModelTask<AdaInVcOptions, AdaInVcObjective>, IRecordsFrontEnd
{
    public override string Name => "vc-adain";
    public override string Description => "One-shot VC by instance normalisation and AdaIN (Chou et al. 2019).";

    /// <summary>The data's log-mel record, no CMVN, data.feature_offset and data.feature_scale (<see cref="VcTaskData.FrontEnd"/>).</summary>
    public ModelFrontEnd FrontEnd(string dataPath, RunConfig config) => VcTaskData.FrontEnd(dataPath, config);

    public ModelNormalisation Normalisation(RunConfig config) => VcTaskData.Normalisation(config);

    protected override AdaInVcObjective Create(AdaInVcOptions options) => new(new AdaInVcModel(options));

    public override TaskData LoadData(string dataPath, RunConfig config, TextWriter log) =>
        VcTaskData.Logged(LoadData(dataPath, config), Name, log);

    public override TaskData LoadData(string dataPath, RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return VcTaskData.Load(dataPath, config, config.ModelOptions.Bind<AdaInVcOptions>().NMels, speakers: null);
    }

    protected override IReadOnlyDictionary<string, double> Evaluate(AdaInVcObjective model, TaskData data, RunConfig config, TextWriter log)
    {
        var source = VcTaskData.Source(data);
        return VcEvaluator.Evaluate(new AdaInVcConverter(model.Model), source.Corpus, source.Options, log);
    }

    protected override IReadOnlyList<string> Draw(AdaInVcObjective model, TaskData data, string outDir)
    {
        var source = VcTaskData.Source(data);
        VcSpeakerMap.Save(Path.GetDirectoryName(Path.GetFullPath(outDir))!, source.Corpus.SeenSpeakers);
        return [VcPictures.ConversionExample(new AdaInVcConverter(model.Model), source, outDir)];
    }
}
