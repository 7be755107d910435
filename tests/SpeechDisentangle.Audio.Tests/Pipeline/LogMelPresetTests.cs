using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Audio.Pipeline;

namespace SpeechDisentangle.Audio.Tests.Pipeline;

public class LogMelPresetTests
{
    [Fact]
    public void Create_FramingInMilliseconds_TruncatesLikeKaldi()
    {
        var options = LogMelPreset.Create("kaldi", framing: new LogMelFraming { FrameLengthMs = 50, FrameShiftMs = 12.5 });

        options.FrameLength.Should().Be(800);
        options.FrameShift.Should().Be(200);
        options.FftLength.Should().Be(1024, "kaldi still rounds the frame up to a power of two");
    }

    [Fact]
    public void Create_LogFloor_FloorsInsteadOfAddingTheOffset()
    {
        var options = LogMelPreset.Create("slaney", logFloor: 1e-10);

        options.LogGuard.Should().Be(LogGuard.Floor);
        options.LogEpsilon.Should().Be(1e-10);
    }

    [Theory]
    [InlineData("kaldi", 512, null, null, "--n-fft applies to the htk and slaney presets only*")]
    [InlineData("htk", null, 400, 25.0, "*--win-length (samples) or --frame-length-ms, not both*")]
    public void Create_ConflictingFraming_NamesTheFlags(string preset, int? nFft, int? winLength, double? frameLengthMs, string message)
    {
        var framing = new LogMelFraming { NFft = nFft, WinLength = winLength, FrameLengthMs = frameLengthMs };

        var act = () => LogMelPreset.Create(preset, framing: framing);

        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void Create_HopInBothForms_NamesTheFlags()
    {
        var act = () => LogMelPreset.Create("slaney", framing: new LogMelFraming { HopLength = 160, FrameShiftMs = 10 });

        act.Should().Throw<ArgumentException>().WithMessage("*--hop-length (samples) or --frame-shift-ms, not both*");
    }
}
