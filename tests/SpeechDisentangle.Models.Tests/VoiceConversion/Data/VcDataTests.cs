using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Models.Common.Vocoder;
using SpeechDisentangle.Models.Tests.Core.Training;
using SpeechDisentangle.Models.Tests.VoiceConversion.Common;
using SpeechDisentangle.Models.VoiceConversion.Common;
using SpeechDisentangle.Models.VoiceConversion.Data;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.VoiceConversion.Data;

[Collection("torch")]
public sealed class VcDataTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vcdata-" + Guid.NewGuid().ToString("N"));

    public VcDataTests() => TorchTestSetup.Init();

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Load_FlatFeatureDir_HoldsOutLastSpeakersAndEveryNthUtterance()
    {
        VcTestCorpus.Write(_dir, speakers: 4, repeats: 5);
        var corpus = VcCorpus.Load(_dir, new VcDataOptions { UnseenSpeakers = 1, TestEvery = 5 });
        corpus.SeenSpeakers.Should().Equal("s1", "s2", "s3");
        corpus.UnseenSpeakers.Should().Equal("s4");
        corpus.Unseen.Should().HaveCount(10).And.OnlyContain(u => u.Speaker == "s4");
        corpus.SeenTest.Should().HaveCount(6);   // 10 utterances per speaker, every 5th
        corpus.SeenTrain.Should().HaveCount(24);
        corpus.SeenTrain.Select(u => u.Utt).Should().NotIntersectWith(corpus.SeenTest.Select(u => u.Utt));
        corpus.Bins.Should().Be(VcTestCorpus.Bins);
    }

    [Fact]
    public void Load_MissingFeatsScp_ThrowsNamingTheFile()
    {
        Directory.CreateDirectory(_dir);
        var act = () => VcCorpus.Load(_dir, new VcDataOptions());
        act.Should().Throw<FileNotFoundException>().WithMessage("*feats.scp*");
    }

    [Fact]
    public void Batches_SameEpochGenerator_SameSegmentsOfTheRequestedShape()
    {
        VcTestCorpus.Write(_dir);
        var options = new VcDataOptions { UnseenSpeakers = 1, SegmentFrames = 12, BatchesPerEpoch = 3 };
        var corpus = VcCorpus.Load(_dir, options);
        var source = new VcSegmentSource(corpus, options, batchSize: 5);
        var first = source.Batches(0, manual_seed(5)).ToList();
        var again = source.Batches(0, manual_seed(5)).ToList();
        first.Should().HaveCount(3);
        first[0].Get(VcBatchKeys.Mel).shape.Should().Equal(5, VcTestCorpus.Bins, 12);
        first[0].Get(VcBatchKeys.ReferenceMel).shape.Should().Equal(5, VcTestCorpus.Bins, 12);
        first[0].Get(VcBatchKeys.Speaker).max().item<long>().Should().BeLessThan(3);
        for (int b = 0; b < 3; b++)
            first[b].Get(VcBatchKeys.Mel).allclose(again[b].Get(VcBatchKeys.Mel), rtol: 0, atol: 0).Should().BeTrue();
    }

    [Fact]
    public void FromLogMelOptions_SlaneyPreset_EqualsVocoderDefaults()
    {
        MelSpecBridge.FromLogMelOptions(LogMelOptions.Slaney()).Should().Be(new MelSpec { FMax = 8000 });
        var htk = MelSpecBridge.FromLogMelOptions(LogMelOptions.Htk(22050, 64));
        htk.Scale.Should().Be(MelSpecScale.Htk);
        htk.Norm.Should().Be(MelSpecNorm.None);
        htk.NFft.Should().Be(551);
        htk.HopLength.Should().Be(220);
    }

    [Fact]
    public void FromLogMelOptions_KaldiPreset_ThrowsListingEveryReason()
    {
        var act = () => MelSpecBridge.FromLogMelOptions(LogMelOptions.Kaldi());
        act.Should().Throw<ArgumentException>().Where(e =>
            e.Message.Contains("Hann") && e.Message.Contains("pre-emphasis") && e.Message.Contains("centred") && e.Message.Contains("Kaldi mel"));
    }
}
