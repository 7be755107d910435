using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Audio.Pipeline;

namespace SpeechDisentangle.Audio.Tests.Pipeline;

public sealed class StreamingFeatureFileTests : IDisposable
{
    readonly TempAudioFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Theory]
    [InlineData("kaldi", 16000)]
    [InlineData("htk", 16000)]
    [InlineData("slaney", 44100)]
    public void Compute_SmallBlocks_EqualsWholeFileExtraction(string preset, int rate)
    {
        string wav = _tmp.Tone("t.wav", 1000, 1.3, rate);
        string npy = Path.Combine(_tmp.Root, "t.npy");
        var options = LogMelPreset.Create(preset, 16000, 64);

        long frames = StreamingFeatureFile.Compute(wav, npy, options, ChannelSelection.Default, blockFrames: 777);

        var samples = AudioReader.Read(wav, AudioReadOptions.Default with { TargetSampleRate = 16000 }).GetChannel(0);
        var expected = new LogMelExtractor(options).Compute(samples);
        var got = NpyFile.Read(npy);
        got.Shape.Should().Equal((int)frames, 64);
        var actual = got.ToFloat32();
        actual.Length.Should().Be(expected.Length);
        for (int i = 0; i < expected.Length; i++) actual[i].Should().BeApproximately(expected[i], 2e-4f, $"value {i}");
    }

    [Fact]
    public void Compute_StereoMean_DiffersFromChannelZero()
    {
        string wav = _tmp.Tone("s.wav", 700, 0.5, channels: 2);
        var options = LogMelPreset.Create("htk");
        StreamingFeatureFile.Compute(wav, Path.Combine(_tmp.Root, "c0.npy"), options, ChannelSelection.Default);
        StreamingFeatureFile.Compute(wav, Path.Combine(_tmp.Root, "m.npy"), options, ChannelSelection.Mean);
        NpyFile.Read(Path.Combine(_tmp.Root, "c0.npy")).ToFloat32().Should()
            .NotEqual(NpyFile.Read(Path.Combine(_tmp.Root, "m.npy")).ToFloat32());
        var act = () => StreamingFeatureFile.Compute(wav, Path.Combine(_tmp.Root, "x.npy"), options, ChannelSelection.Channel(5));
        act.Should().Throw<AudioFormatException>().WithMessage("*s.wav*2 channel(s)*channel 5*");
    }

    [Fact]
    public void Compute_AudioShorterThanOneFrame_FailsNamingTheFileAndLeavesNoOutput()
    {
        string wav = _tmp.Tone("short.wav", 440, 0.01);
        string npy = Path.Combine(_tmp.Root, "short.npy");
        var act = () => StreamingFeatureFile.Compute(wav, npy, LogMelPreset.Create("kaldi"), ChannelSelection.Default);
        act.Should().Throw<AudioFormatException>().WithMessage("*short.wav*shorter than one frame*");
        Directory.GetFiles(_tmp.Root, "short.npy*").Should().BeEmpty();
    }

    [Fact]
    public void Preset_UnknownNameOrDitherOnHtk_SaysWhatIsAllowed()
    {
        var unknown = () => LogMelPreset.Create("mfcc");
        unknown.Should().Throw<ArgumentException>().WithMessage("*mfcc*kaldi, htk, slaney*");
        var dither = () => LogMelPreset.Create("htk", dither: 1);
        dither.Should().Throw<ArgumentException>().WithMessage("*dither*kaldi*");
        LogMelPreset.Create("kaldi", dither: 1).Dither.Should().Be(1);
    }
}
