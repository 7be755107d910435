using System.Text.Json;
using SpeechDisentangle.Models.Core.Tasks;

namespace SpeechDisentangle.Models.Tests.VoiceConversion.Common;

/// <summary>Trains a VC task through <see cref="Experiment.Train"/> with tiny models on a <see cref="VcTestCorpus"/>.</summary>
internal static class VcTaskTraining
{
    public static readonly string[] TinyData =
    [
        "data.segment_frames=12", "data.batches_per_epoch=10", "data.unseen_speakers=1", "data.test_every=5",
        "data.eval_pairs=8", "data.judge_steps=60",
        "trainer.batch_size=8", "trainer.log_every=10", "trainer.progress=false", "trainer.seed=0",
    ];

    public static readonly string[] TinyAdaIn =
        ["model_options.n_mels=16", "model_options.channels=32", "model_options.content_channels=8", "model_options.speaker_embedding=8", "model_options.blocks=1"];

    public static readonly string[] TinyAdversarial =
    [
        "model_options.n_mels=16", "model_options.speakers=3", "model_options.channels=32", "model_options.code_channels=8",
        "model_options.speaker_embedding=8", "model_options.residual_blocks=1", "model_options.classifier_channels=16",
    ];

    public static IReadOnlyDictionary<string, double> Train(string model, string data, string outDir, int steps, params string[] extra)
    {
        var overrides = TinyData.Concat(model == "vc-adain" ? TinyAdaIn : TinyAdversarial).Append($"trainer.max_steps={steps}").Concat(extra);
        var config = Experiment.LoadConfig(model, null, overrides);
        return Experiment.Train(config, data, outDir, resume: false, TextWriter.Null);
    }

    /// <summary>The logged training values of one statistic, in step order.</summary>
    public static List<double> Logged(string outDir, string name) =>
        [.. File.ReadLines(Path.Combine(outDir, "metrics.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("stage").GetString() == "train" && e.GetProperty("name").GetString() == name)
            .Select(e => e.GetProperty("value").GetDouble())];
}
