using SpeechDisentangle.Models.Common.Vocoder;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Vocoder;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Vocoder;

[Collection("torch")]
public sealed class VocoderCorpusTests : IDisposable
{
    private static readonly MelSpec Spec = VocosModel.SpecFor(20);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "vocoder-corpus-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void Load_LastSpeakersHeldOut_NeverTrainOn()
    {
        string dir = TinyWavData.Write(Path.Combine(_root, "data"), speakers: 3, perSpeaker: 4);
        var corpus = VocoderCorpus.Load(dir, new VocoderDataOptions { UnseenSpeakers = 1, TestEvery = 4 }, Spec);

        corpus.HeldOutSpeakers.Should().Equal("s3");
        corpus.Train.Select(u => u.Speaker).Distinct().Should().BeEquivalentTo(["s1", "s2"]);
        corpus.Train.Should().HaveCount(6, "every 4th utterance of s1 and s2 is a test utterance");
        corpus.HeldOut.Should().HaveCount(4);
    }

    [Fact]
    public void Load_FeatureDirWithoutWavScp_NamesTheFileAndTheFlag()
    {
        Directory.CreateDirectory(_root);
        var act = () => VocoderCorpus.Load(_root, new VocoderDataOptions(), Spec);
        act.Should().Throw<FileNotFoundException>().WithMessage("*wav.scp*--data*");
    }

    [Theory]
    [InlineData(0, 4)]   // no voice held out
    [InlineData(1, 5)]   // the held-out voice has 4 utterances, the first test one would be the 5th
    public void Load_NoHeldOutTestUtterance_FailsBeforeTraining(int unseenSpeakers, int testEvery)
    {
        string dir = TinyWavData.Write(Path.Combine(_root, "data"), speakers: 3, perSpeaker: 4, seconds: 0.05);
        var act = () => VocoderCorpus.Load(dir, new VocoderDataOptions { UnseenSpeakers = unseenSpeakers, TestEvery = testEvery }, Spec);
        act.Should().Throw<InvalidDataException>().WithMessage($"{dir}*data.unseen_speakers*data.unseen_speaker_ids*data.test_every*");
    }

    [Fact]
    public void Load_UtteranceShorterThanTheWindow_NamesItAndWavScp()
    {
        string dir = TinyWavData.Write(Path.Combine(_root, "data"), speakers: 2, perSpeaker: 2, seconds: 0.2);
        var lines = File.ReadAllLines(Path.Combine(dir, "wav.scp"));
        string shortWav = Path.Combine(dir, "wav", "short.wav");
        SpeechDisentangle.Audio.IO.WavWriter.Write(shortWav, SpeechDisentangle.Audio.IO.AudioData.Mono(new float[Spec.WinLength - 1], 16000));
        lines[0] = $"{lines[0].Split(' ')[0]} {shortWav}";
        File.WriteAllLines(Path.Combine(dir, "wav.scp"), lines);

        var act = () => VocoderCorpus.Load(dir, new VocoderDataOptions { UnseenSpeakers = 1, TestEvery = 2 }, Spec);

        act.Should().Throw<InvalidDataException>().WithMessage($"*wav.scp*'{lines[0].Split(' ')[0]}'*{Spec.WinLength - 1} samples*remove it*--data*");
    }

    [Fact]
    public void StftLossCheck_LargestFftPastTheSegment_NamesBothKeys()
    {
        var model = new VocosOptions { NMels = 20, StftResolutions = [64, 1024] };
        var spec = VocosModel.SpecFor(20);
        int frames = (512 / spec.HopLength) + 1;   // (frames − 1) · hop <= 512 = 1024 / 2
        var act = () => VocoderTask.CheckSegmentCoversStftLoss(model, new VocoderDataOptions { SegmentFrames = frames }, spec);
        act.Should().Throw<ConfigException>().WithMessage("*model_options.stft_resolutions*data.segment_frames*");
        VocoderTask.CheckSegmentCoversStftLoss(model, new VocoderDataOptions { SegmentFrames = frames + 1 }, spec);
    }

    [Fact]
    public void Batches_SegmentsAndTheirMels_LineUp()
    {
        string dir = TinyWavData.Write(Path.Combine(_root, "data"), speakers: 3, perSpeaker: 2, seconds: 0.2);
        var options = new VocoderDataOptions { UnseenSpeakers = 1, TestEvery = 2, SegmentFrames = 30, BatchesPerEpoch = 2 };
        var spec = VocosModel.SpecFor(20);
        using var source = new AudioSegmentSource(VocoderCorpus.Load(dir, options, spec), options, spec, batchSize: 3);
        using var generator = new Generator(1, CPU);

        var batch = source.Batches(0, generator).First();

        batch[VocoderObjective.AudioKey].shape.Should().Equal(3, 29 * spec.HopLength);
        batch[VocoderObjective.MelKey].shape.Should().Equal(3, 20, 30);
    }
}
