using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Tasks;

namespace SpeechDisentangle.Models.Tests.Extraction;

/// <summary>`sdt eval` checks the evaluation data's front end against the model's record, as extract does.</summary>
public partial class ExtractFromAudioTests
{
    string HtkFeatures()
    {
        string htk = Path.Combine(_out, "htk-eval");
        DataDirFeatureJob.Run(KaldiDataDir.Load(_corpus.Wavs), htk, new FeatureJobOptions { LogMel = LogMelPreset.Create("htk", 16000, AudioCorpusFixture.Bins) });
        return htk;
    }

    [Fact]
    public void Eval_OnFeaturesOfAnotherFrontEnd_IsRefusedNamingBothBeforeAnythingIsWritten()
    {
        string htk = HtkFeatures();
        var experiment = Experiment.Load(_corpus.Checkpoint("vc-adv"));
        string metrics = Path.Combine(_corpus.Exp("vc-adv"), "metrics.json");
        var before = File.GetLastWriteTimeUtc(metrics);

        var act = () => Experiment.Evaluate(experiment, htk, TextWriter.Null);

        act.Should().Throw<InvalidDataException>()
            .WithMessage($"features in {htk} were made with preset htk, 16 bins*the model in {_corpus.Exp("vc-adv")} was trained on preset kaldi, 16 bins*--any-front-end*");
        File.GetLastWriteTimeUtc(metrics).Should().Be(before);
    }

    [Fact]
    public void Eval_AnyFrontEnd_WarnsNamingBothInsteadOfRefusing()
    {
        string htk = HtkFeatures();
        var warnings = new StringWriter();

        EvaluationFrontEnd.Check(Experiment.Load(_corpus.Checkpoint("vc-adv")), htk, warnings, anyFrontEnd: true);

        warnings.ToString().Should().Match($"sdt: warning: features in {htk} were made with preset htk*evaluating anyway (--any-front-end)*");
    }

    [Theory]
    [InlineData("vc-adv", false)]
    [InlineData("sit", true)]
    [InlineData("dann-speech", true)]
    public void Eval_OnTheModelsOwnFeatures_PassesSilently(string kind, bool splitRoot)
    {
        var warnings = new StringWriter();

        EvaluationFrontEnd.Check(Experiment.Load(_corpus.Checkpoint(kind)), splitRoot ? _corpus.Split : _corpus.Features, warnings);

        warnings.ToString().Should().BeEmpty();
    }

    [Fact]
    public void Eval_ModelOrDataWithoutRecord_IsNotCheckedAndSaysSo()
    {
        string old = Path.Combine(_out, "eval-old-exp");
        CopyDirectory(_corpus.Exp("vc-adv"), old);
        File.Delete(Path.Combine(old, ModelFrontEnd.FileName));
        var unrecordedModel = new StringWriter();
        EvaluationFrontEnd.Check(Experiment.Load(Path.Combine(old, "checkpoints", "last.ckpt")), HtkFeatures(), unrecordedModel);
        unrecordedModel.ToString().Should().Be($"sdt: warning: {old} has no front_end.txt, so the front end of {Path.Combine(_out, "htk-eval")} is not checked against the model's{Environment.NewLine}");

        string bare = Path.Combine(_out, "eval-bare");
        CopyDirectory(_corpus.Features, bare);
        foreach (string record in Directory.EnumerateFiles(bare, "*.txt").Where(f => Path.GetFileName(f) is "front_end.txt" || Path.GetFileName(f).StartsWith("feats_job", StringComparison.Ordinal)))
            File.Delete(record);
        var unrecordedData = new StringWriter();
        EvaluationFrontEnd.Check(Experiment.Load(_corpus.Checkpoint("vc-adv")), bare, unrecordedData);
        unrecordedData.ToString().Should().StartWith($"sdt: warning: {bare} records no front end (");
    }
}
