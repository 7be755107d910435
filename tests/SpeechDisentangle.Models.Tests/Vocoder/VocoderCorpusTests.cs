using SpeechDisentangle.Models.Vocoder;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Vocoder;

[Collection("torch")]
public sealed class VocoderCorpusTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "vocoder-corpus-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void Load_LastSpeakersHeldOut_NeverTrainOn()
    {
        string dir = TinyWavData.Write(Path.Combine(_root, "data"), speakers: 3, perSpeaker: 4);
        var corpus = VocoderCorpus.Load(dir, new VocoderDataOptions { UnseenSpeakers = 1, TestEvery = 4 }, 16000);

        corpus.HeldOutSpeakers.Should().Equal("s3");
        corpus.Train.Select(u => u.Speaker).Distinct().Should().BeEquivalentTo(["s1", "s2"]);
        corpus.Train.Should().HaveCount(6, "every 4th utterance of s1 and s2 is a test utterance");
        corpus.SeenTest.Should().HaveCount(2);
        corpus.HeldOut.Should().HaveCount(4);
    }

    [Fact]
    public void Load_FeatureDirWithoutWavScp_NamesTheFileAndTheFlag()
    {
        Directory.CreateDirectory(_root);
        var act = () => VocoderCorpus.Load(_root, new VocoderDataOptions(), 16000);
        act.Should().Throw<FileNotFoundException>().WithMessage("*wav.scp*--data*");
    }

    [Fact]
    public void Batches_SegmentsAndTheirMels_LineUp()
    {
        string dir = TinyWavData.Write(Path.Combine(_root, "data"), speakers: 3, perSpeaker: 2, seconds: 0.2);
        var options = new VocoderDataOptions { UnseenSpeakers = 1, SegmentFrames = 30, BatchesPerEpoch = 2 };
        var spec = VocosModel.SpecFor(20);
        using var source = new AudioSegmentSource(VocoderCorpus.Load(dir, options, 16000), options, spec, batchSize: 3);
        using var generator = new Generator(1, CPU);

        var batch = source.Batches(0, generator).First();

        batch[VocoderObjective.AudioKey].shape.Should().Equal(3, 29 * spec.HopLength);
        batch[VocoderObjective.MelKey].shape.Should().Equal(3, 20, 30);
    }
}
