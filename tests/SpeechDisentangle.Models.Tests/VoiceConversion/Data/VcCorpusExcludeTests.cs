using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Tests.Core.Training;
using SpeechDisentangle.Models.Tests.VoiceConversion.Common;
using SpeechDisentangle.Models.VoiceConversion.Adversarial;
using SpeechDisentangle.Models.VoiceConversion.Data;

namespace SpeechDisentangle.Models.Tests.VoiceConversion.Data;

[Collection("torch")]
public sealed class VcCorpusExcludeTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vcexclude-" + Guid.NewGuid().ToString("N"));

    public VcCorpusExcludeTests() => TorchTestSetup.Init();

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Load_ExcludeSpeakers_DropsThemBeforeTheUnseenSplit()
    {
        VcTestCorpus.Write(_dir, speakers: 4, repeats: 5);
        var corpus = VcCorpus.Load(_dir, new VcDataOptions { UnseenSpeakers = 1, ExcludeSpeakers = ["s2"] });
        corpus.SeenSpeakers.Should().Equal("s1", "s3");
        corpus.UnseenSpeakers.Should().Equal("s4");
        corpus.SeenTrain.Concat(corpus.SeenTest).Concat(corpus.Unseen).Should().NotContain(u => u.Speaker == "s2");
    }

    [Fact]
    public void Load_ExcludeUnknownSpeaker_ThrowsNamingIt()
    {
        VcTestCorpus.Write(_dir, speakers: 3);
        var act = () => VcCorpus.Load(_dir, new VcDataOptions { UnseenSpeakers = 1, ExcludeSpeakers = ["s9"] });
        act.Should().Throw<InvalidDataException>().WithMessage("*exclude_speakers*s9*");
    }

    [Fact]
    public void Load_UnseenSpeakerIds_HoldsOutTheNamedSpeakersNotTheLast()
    {
        VcTestCorpus.Write(_dir, speakers: 4, repeats: 5);
        var corpus = VcCorpus.Load(_dir, new VcDataOptions { UnseenSpeakers = 1, UnseenSpeakerIds = ["s1", "s3"] });
        corpus.UnseenSpeakers.Should().Equal("s1", "s3");
        corpus.SeenSpeakers.Should().Equal("s2", "s4");
        corpus.Unseen.Should().OnlyContain(u => u.Speaker == "s1" || u.Speaker == "s3").And.NotBeEmpty();
    }

    [Fact]
    public void Load_UnseenSpeakerIdNotInData_ThrowsNamingIt()
    {
        VcTestCorpus.Write(_dir, speakers: 3);
        var act = () => VcCorpus.Load(_dir, new VcDataOptions { UnseenSpeakerIds = ["s7"] });
        act.Should().Throw<InvalidDataException>().WithMessage("*unseen_speaker_ids*s7*");
    }

    [Fact]
    public void Load_UnseenSpeakerIdsOnASplitRoot_ThrowsSayingTheUnseenDirDecides()
    {
        VcTestCorpus.Write(Path.Combine(_dir, "train"), speakers: 3);
        var act = () => VcCorpus.Load(_dir, new VcDataOptions { UnseenSpeakerIds = ["s1"] });
        act.Should().Throw<InvalidDataException>().WithMessage("*unseen_speaker_ids*split root*unseen/*");
    }

    [Fact]
    public void Load_TooManyUnseenSpeakerIds_ThrowsForTooFewTrainingSpeakers()
    {
        VcTestCorpus.Write(_dir, speakers: 3);
        var act = () => VcCorpus.Load(_dir, new VcDataOptions { UnseenSpeakerIds = ["s1", "s2"] });
        act.Should().Throw<InvalidDataException>().WithMessage("*fewer than 2 training speakers*");
    }

    [Fact]
    public void CompleteFromData_VcAdvSpeakersUnsetOrSet_CountsTrainingSpeakersOrKeepsTheGivenValue()
    {
        VcTestCorpus.Write(_dir, speakers: 4, repeats: 5);
        var task = new VcAdversarialTask();
        var data = new[] { "data.unseen_speakers=1", "data.exclude_speakers=[s2]" };
        var inferred = task.CompleteFromData(Experiment.LoadConfig("vc-adv", null, data), _dir);
        inferred.ModelOptions.Bind<AdversarialVcOptions>().Speakers.Should().Be(2, "s1 and s3 train; s2 is excluded, s4 unseen");
        var kept = task.CompleteFromData(Experiment.LoadConfig("vc-adv", null, [.. data, "model_options.speakers=7"]), _dir);
        kept.ModelOptions.Bind<AdversarialVcOptions>().Speakers.Should().Be(7, "a count the config sets is checked later, not replaced");
    }
}
