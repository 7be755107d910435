using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Extraction;

namespace SpeechDisentangle.Models.Tests.Extraction;

/// <summary>Extraction takes the model's normalisation from EXP/front_end.txt, checked against config.yaml.</summary>
public partial class ExtractFromAudioTests
{
    /// <summary>A copy of the <paramref name="kind"/> experiment whose front_end.txt <paramref name="edit"/> rewrites; returns its checkpoint.</summary>
    string CopyWithRecord(string kind, string name, Func<string, string> edit)
    {
        string exp = Path.Combine(_out, name);
        CopyDirectory(_corpus.Exp(kind), exp);
        string record = Path.Combine(exp, ModelFrontEnd.FileName);
        File.WriteAllText(record, edit(File.ReadAllText(record)));
        return Path.Combine(exp, "checkpoints", "last.ckpt");
    }

    [Theory]
    [InlineData("sit", CmvnMode.Speaker, false, 0.0, 1.0)]
    [InlineData("dann-speech", CmvnMode.Utterance, true, 0.0, 1.0)]
    [InlineData("vc-adv", CmvnMode.None, false, -10.0, 4.0)]
    public void FrontEnd_IsTheRecordedOne(string kind, CmvnMode cmvn, bool normVars, double offset, double scale)
    {
        var frontEnd = ExtractFrontEnd.Load(Experiment.Load(_corpus.Checkpoint(kind)));

        frontEnd.Record.Should().NotBeNull();
        frontEnd.Missing.Should().BeEmpty();
        frontEnd.Normalisation.Should().Be(new ModelNormalisation(cmvn, normVars, offset, scale));
        frontEnd.Normalisation.Should().Be(frontEnd.Record!.Normalisation);
    }

    [Fact]
    public void RecordWhoseCmvnDiffersFromTheConfig_IsRefusedNamingBothFiles()
    {
        string checkpoint = CopyWithRecord("sit", "edited-exp", text => text.Replace("cmvn speaker\n", "cmvn utterance\n", StringComparison.Ordinal));
        string exp = Path.GetDirectoryName(Path.GetDirectoryName(checkpoint))!;

        var act = () => SpeechFeatureExtractor.Run(Experiment.Load(checkpoint), _corpus.Features, Path.Combine(_out, "edited"), new ExtractOptions(), checkpoint: checkpoint);

        act.Should().Throw<InvalidDataException>().WithMessage(
            $"{Path.Combine(exp, "front_end.txt")} records cmvn utterance, norm-vars false*but {Path.Combine(exp, "config.yaml")} gives cmvn speaker, norm-vars false*");
    }

    [Fact]
    public void TruncatedRecord_FeatureDirWorksWithAWarningNamingIt_AudioIsRefused()
    {
        string checkpoint = CopyWithRecord("sit", "truncated-exp", text => text[..text.IndexOf("cmvn ", StringComparison.Ordinal)]);
        string record = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(checkpoint))!, ModelFrontEnd.FileName);
        var experiment = Experiment.Load(checkpoint);
        var warnings = new StringWriter();

        var result = SpeechFeatureExtractor.Run(experiment, _corpus.Features, Path.Combine(_out, "truncated"), new ExtractOptions(), warnings: warnings, checkpoint: checkpoint);
        var fromAudio = () => SpeechFeatureExtractor.Run(experiment, _corpus.Wavs, Path.Combine(_out, "truncated-audio"), new ExtractOptions(), checkpoint: checkpoint);

        result.Utterances.Should().Be(48);
        warnings.ToString().Should().Contain($"records no front end ({record}: has no 'cmvn' line)").And.Contain("as its config.yaml says (cmvn speaker");
        fromAudio.Should().Throw<InvalidDataException>().WithMessage($"checkpoint {checkpoint} records no front end ({record}: has no 'cmvn' line)*--input");
    }
}
