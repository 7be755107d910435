using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.Tests.Features;

public class LogMelOptionsTests
{
    [Fact]
    public void Validate_SeveralProblems_ReportsAllAtOnce()
    {
        var options = LogMelOptions.Kaldi() with { NumMelBins = 0, Preemphasis = 1.5, Power = -1, Center = true };

        var act = options.Validate;

        act.Should().Throw<ArgumentException>()
            .WithMessage("invalid LogMelOptions:*NumMelBins*Preemphasis*Center and SnipEdges*Power*");
        options.Errors().Should().HaveCount(5, "the Kaldi layout's more-than-3-bins rule also fails");
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    [InlineData(22050)]
    [InlineData(44100)]
    public void Presets_CommonRates_AreValid(int rate)
    {
        LogMelOptions.Kaldi(rate).Errors().Should().BeEmpty();
        LogMelOptions.Htk(rate).Errors().Should().BeEmpty();
        LogMelOptions.Slaney(rate).Errors().Should().BeEmpty();
    }

    [Fact]
    public void FrameSizes_22050_TruncateLikeKaldi()
    {
        var kaldi = LogMelOptions.Kaldi(22050);
        var htk = LogMelOptions.Htk(22050);

        kaldi.FrameLength.Should().Be(551);
        kaldi.FrameShift.Should().Be(220);
        kaldi.FftLength.Should().Be(1024);
        htk.FftLength.Should().Be(551);
    }

    [Fact]
    public void Presets_16k_HaveDocumentedSettings()
    {
        var kaldi = LogMelOptions.Kaldi();
        var slaney = LogMelOptions.Slaney();

        kaldi.Should().Be(new LogMelOptions(), "the record defaults are the Kaldi preset");
        kaldi.Dither.Should().Be(0);
        kaldi.InputScale.Should().Be(32768);
        kaldi.EffectiveHighFrequency.Should().Be(8000);
        (kaldi with { HighFrequency = -400 }).EffectiveHighFrequency.Should().Be(7600);
        slaney.Center.Should().BeTrue();
        slaney.MelScale.Should().Be(MelScale.Slaney);
        slaney.FilterNorm.Should().Be(MelNorm.Slaney);
        slaney.LogEpsilon.Should().Be(1e-6);
        slaney.FftLength.Should().Be(400);
    }

    [Fact]
    public void Validate_HighFrequencyAboveNyquist_Throws()
    {
        var act = (LogMelOptions.Htk(8000) with { HighFrequency = 5000 }).Validate;

        act.Should().Throw<ArgumentException>().WithMessage("*HighFrequency 5000*");
    }

    [Theory]
    [InlineData("kaldi", 16000, 257)]
    [InlineData("htk", 16000, 201)]
    [InlineData("slaney", 8000, 101)]
    [InlineData("espnet", 16000, 257)]
    public void Validate_MoreMelBinsThanFftBins_NamesTheLimit(string preset, int rate, int limit)
    {
        (LogMelStreamTests.OptionsFor(preset, rate) with { NumMelBins = limit }).Errors().Should().BeEmpty();

        var problems = (LogMelStreamTests.OptionsFor(preset, rate) with { NumMelBins = limit + 1 }).Problems();

        problems.Should().ContainSingle().Which.Option.Should().Be("NumMelBins");
        problems[0].Text.Should().Contain($"{limit + 1} is more than the {limit} frequency bins").And.Contain($"use at most {limit}");
    }

    [Fact]
    public void Validate_SampleRateBelowFloor_IsOneProblemNamingTheFloor()
    {
        LogMelOptions.Htk(4000, 40).Errors().Should().BeEmpty();

        var options = LogMelOptions.Htk(100);

        options.Problems().Should().ContainSingle("frame sizes at such a rate would only repeat the problem")
            .Which.Should().Be(new LogMelOptionProblem("SampleRate", "must be at least 4000 Hz (got 100)."));
        var e = options.Invoking(o => o.Validate()).Should().Throw<InvalidOptionsException>().Which;
        e.Options.Should().BeSameAs(options, "a program phrases the problems from the options in its own terms");
        e.Message.Should().Contain("SampleRate must be at least 4000 Hz");
    }

    [Fact]
    public void FrameSizes_GivenInSamples_OverrideTheMilliseconds()
    {
        var options = LogMelOptions.Slaney(22050) with { FrameLengthSamples = 2048, FrameShiftSamples = 512, NFft = 2048 };

        options.FrameLength.Should().Be(2048, "92.88 ms would truncate to 2047 samples");
        options.FrameShift.Should().Be(512);
        options.FftLength.Should().Be(2048);
        options.Errors().Should().BeEmpty();
        (options with { NFft = null }).FftLength.Should().Be(2048, "without n_fft the FFT is as long as the window");
    }

    [Fact]
    public void Validate_NFftShorterThanWindow_NamesNFftAndTheWindow()
    {
        var problems = (LogMelOptions.Htk() with { NFft = 256 }).Problems();

        problems.Should().ContainSingle().Which.Should().Be(new LogMelOptionProblem("NFft",
            "256 is shorter than the 400-sample frame; it must be at least the frame length, which is zero-padded to it."));
    }

    [Fact]
    public void Validate_NFftWithRoundToPowerOfTwo_IsRefused()
    {
        var problems = (LogMelOptions.Kaldi() with { NFft = 1024 }).Problems();

        problems.Should().ContainSingle().Which.Text.Should().Contain("RoundToPowerOfTwo exclude each other");
    }

    [Theory]
    [InlineData(0, 160, "FrameLengthSamples", "must be at least 2 samples (got 0).")]
    [InlineData(400, 0, "FrameShiftSamples", "must be at least 1 sample (got 0).")]
    public void Validate_SampleCountsTooSmall_NameTheSampleSetting(int length, int shift, string option, string text)
    {
        var options = LogMelOptions.Slaney() with { FrameLengthSamples = length, FrameShiftSamples = shift };

        options.Problems().Should().ContainSingle().Which.Should().Be(new LogMelOptionProblem(option, text));
    }
}
