using SpeechDisentangle.Models.Common.Vocoder;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Common.Vocoder;

[Collection("torch")]
public class TorchLogMelTests
{
    [Theory]
    [InlineData(MelSpecLogGuard.Floor, MelSpecLog.Natural)]
    [InlineData(MelSpecLogGuard.Offset, MelSpecLog.Natural)]
    [InlineData(MelSpecLogGuard.Offset, MelSpecLog.Decibel)]
    public void FromLog_OfToLog_RecoversEnergiesAboveEpsilon(MelSpecLogGuard guard, MelSpecLog log)
    {
        var spec = new MelSpec { LogGuard = guard, Log = log, LogEpsilon = 1e-6 };
        using var scope = NewDisposeScope();
        var mel = tensor(new[] { 1e-3f, 0.5f, 2f, 300f });
        var back = TorchLogMel.FromLog(TorchLogMel.ToLog(mel, spec), spec);
        ((back - mel).abs() / mel).max().item<float>().Should().BeLessThan(1e-4f);
    }

    [Fact]
    public void LogMel_Int16InputScale_ShiftsLogByTwiceLnScaleForPower2()
    {
        using var scope = NewDisposeScope();
        var unit = new MelSpec { LogGuard = MelSpecLogGuard.Floor, LogEpsilon = 1e-20 };
        var int16 = unit with { InputScale = 32768 };
        var audio = sin(arange(4000, dtype: ScalarType.Float32) * 0.3f) * 0.5f;
        using var a = new TorchLogMel(unit);
        using var b = new TorchLogMel(int16);
        var shift = (b.LogMel(audio) - a.LogMel(audio)).mean().item<float>();
        shift.Should().BeApproximately((float)(2 * Math.Log(32768)), 1e-3f);
    }

    [Fact]
    public void LogMel_Waveform_ChannelsFirstWithCentredFrames()
    {
        using var scope = NewDisposeScope();
        using var analysis = new TorchLogMel(new MelSpec());
        var logMel = analysis.LogMel(zeros(2, 1600));
        logMel.shape.Should().Equal(2, 80, 1 + (1600 / 160));
    }
}
