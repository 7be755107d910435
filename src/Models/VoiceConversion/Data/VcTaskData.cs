using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;

namespace SpeechDisentangle.Models.VoiceConversion.Data;

/// <summary>Shared data loading of the VC tasks: the corpus behind a <see cref="VcSegmentSource"/>.</summary>
public static class VcTaskData
{
    public static VcDataOptions Options(RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var options = config.Data.Bind<VcDataOptions>();
        options.Validate();
        return options;
    }

    /// <summary>Loads the corpus and checks it against the model's mel bands (and training speakers, when given).</summary>
    public static TaskData Load(string dataPath, RunConfig config, int nMels, int? speakers)
    {
        var options = Options(config);
        var corpus = VcCorpus.Load(dataPath, options);
        if (corpus.Bins != nMels)
            throw new InvalidDataException($"{dataPath}: features have {corpus.Bins} bins but model_options.n_mels is {nMels}");
        if (speakers is int n && n != corpus.SeenSpeakers.Count)
            throw new InvalidDataException(
                $"{dataPath}: {corpus.SeenSpeakers.Count} training speakers ({string.Join(", ", corpus.SeenSpeakers)}) but model_options.speakers is {n}");
        return new TaskData(new VcSegmentSource(corpus, options, config.Trainer.BatchSize), null, new Dictionary<string, TorchSharp.torch.Tensor>());
    }

    /// <summary>No CMVN; data.feature_offset and data.feature_scale.</summary>
    public static ModelNormalisation Normalisation(RunConfig config)
    {
        var options = Options(config);
        return new ModelNormalisation(CmvnMode.None, NormVars: false, options.FeatureOffset, options.FeatureScale);
    }

    /// <summary>The data's log-mel record (or the front end VcFeatureLoader computes a plain audio data dir with) and <see cref="Normalisation"/>.</summary>
    public static ModelFrontEnd FrontEnd(string dataPath, RunConfig config) =>
        ModelFrontEnd.FromData(dataPath, Normalisation(config), VcFeatureLoader.AudioFrontEnd(dataPath));

    /// <summary>Writes how the training utterances were read (memory or stream, and why) to <paramref name="log"/>; returns <paramref name="data"/>.</summary>
    public static TaskData Logged(TaskData data, string task, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (Source(data).Corpus.Loading is { } choice) log.WriteLine($"{task}: {choice}");
        return data;
    }

    public static VcSegmentSource Source(TaskData data) =>
        data?.Train as VcSegmentSource ?? throw new ArgumentException("task data was not loaded by a VC task");
}
