using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Audio.Tests.Features;

public class LogMelExtractorTests
{
    [Fact]
    public void Compute_Sine_PeaksInTheMelBinContainingItsFrequency()
    {
        var options = LogMelOptions.Htk();
        var extractor = new LogMelExtractor(options);
        var signal = Enumerable.Range(0, 8000).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * 1000 * i / 16000.0))).ToArray();

        var features = extractor.Compute(signal);

        var frame = features.AsSpan(10 * 80, 80).ToArray();
        var peak = Array.IndexOf(frame, frame.Max());
        var melPerBin = MelScales.HzToMel(8000, MelScale.Htk) / 81;
        var expectedBin = (MelScales.HzToMel(1000, MelScale.Htk) / melPerBin) - 1;
        peak.Should().BeCloseTo((int)Math.Round(expectedBin), 1);
    }

    [Fact]
    public void Compute_Silence_GivesLogOfTheGuard()
    {
        var kaldi = new LogMelExtractor(LogMelOptions.Kaldi()).Compute(new float[1600]);
        var htk = new LogMelExtractor(LogMelOptions.Htk()).Compute(new float[1600]);

        kaldi.Should().OnlyContain(v => v == (float)Math.Log(LogMelOptions.FloatEpsilon));
        htk.Should().OnlyContain(v => v == (float)Math.Log(1e-6));
    }

    [Fact]
    public void Compute_DitherSeeds_DeterministicPerSeedAndDifferentAcrossSeeds()
    {
        var signal = new float[3200];
        float[] Run(int seed) => new LogMelExtractor(LogMelOptions.Kaldi(dither: 1.0) with { DitherSeed = seed }).Compute(signal);

        Run(1).Should().Equal(Run(1));
        Run(1).Should().NotEqual(Run(2));
        Run(1).Average().Should().BeGreaterThan((float)Math.Log(LogMelOptions.FloatEpsilon) + 5, "dither lifts silence");
    }

    [Fact]
    public void FrameCount_Modes_FollowKaldiAndTorch()
    {
        new LogMelExtractor(LogMelOptions.Kaldi()).FrameCount(16000).Should().Be(98);
        new LogMelExtractor(LogMelOptions.Kaldi() with { SnipEdges = false }).FrameCount(16000).Should().Be(100);
        new LogMelExtractor(LogMelOptions.Htk()).FrameCount(16000).Should().Be(101);
        new LogMelExtractor(LogMelOptions.Kaldi()).FrameCount(399).Should().Be(0);
    }

    [Fact]
    public void Compute_SignalLongerThanOnePushBlock_EqualsFramesCutByHand()
    {
        var extractor = new LogMelExtractor(LogMelOptions.Kaldi());
        var signal = LogMelStreamTests.Noise(100_000, seed: 9);

        var features = extractor.Compute(signal);

        var frames = (int)extractor.FrameCount(signal.Length);
        var expected = new float[frames * 80];
        for (var t = 0; t < frames; t++)
        {
            extractor.ComputeFrame(signal.AsSpan(t * 160, 400), expected.AsSpan(t * 80, 80));
        }

        features.Should().Equal(expected);
    }

    [Theory]
    [InlineData("kaldi", 16000)]
    [InlineData("htk", 16000)]
    [InlineData("htk", 22050)]
    public void ComputeFrame_FrameAloneOrAmongSevenOthers_BitIdentical(string preset, int sampleRate)
    {
        var options = preset == "kaldi" ? LogMelOptions.Kaldi(sampleRate) : LogMelOptions.Htk(sampleRate);
        var extractor = new LogMelExtractor(options);
        var signal = LogMelStreamTests.Noise(sampleRate / 4, seed: 3);
        var frames = 11; // one full batch of eight, then three
        var batched = new float[frames * extractor.NumBins];
        extractor.ComputeFrames(signal, frames, batched);

        var alone = new float[extractor.NumBins];
        for (var t = 0; t < frames; t++)
        {
            extractor.ComputeFrame(signal.AsSpan(t * extractor.FrameShift, extractor.FrameLength), alone);
            alone.Should().Equal(batched.AsSpan(t * extractor.NumBins, extractor.NumBins).ToArray(), $"frame {t}");
        }
    }

    [Fact]
    public void Compute_CallerOwnedOutputTooSmall_Throws()
    {
        var extractor = new LogMelExtractor(LogMelOptions.Kaldi());

        var act = () => extractor.Compute(new float[16000], new float[100]);

        act.Should().Throw<ArgumentException>().WithMessage("*100 floats*7840*");
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        var act = () => new LogMelExtractor(LogMelOptions.Htk() with { SampleRate = -1 });

        act.Should().Throw<ArgumentException>().WithMessage("*SampleRate*");
    }

    [Theory]
    [MemberData(nameof(LogMelStreamTests.Presets), MemberType = typeof(LogMelStreamTests))]
    public void Compute_AtTheMinimumLength_GivesAFrameAndOneSampleLessIsTooShort(string preset)
    {
        var extractor = new LogMelExtractor(LogMelStreamTests.OptionsFor(preset, 16000));
        int min = extractor.MinimumSamples;

        extractor.Compute(LogMelStreamTests.Noise(min, seed: 1)).Length.Should().BeGreaterThanOrEqualTo(extractor.NumBins);
        var act = () => extractor.Compute(LogMelStreamTests.Noise(min - 1, seed: 1));

        act.Should().Throw<AudioTooShortException>().Which.MinimumSamples.Should().Be(min);
    }

    [Fact]
    public void Compute_NaNSample_IsRefused()
    {
        var signal = LogMelStreamTests.Noise(1600, seed: 2);
        signal[1000] = float.NaN;

        var act = () => new LogMelExtractor(LogMelOptions.Htk()).Compute(signal);

        act.Should().Throw<ArgumentException>().WithMessage("*1000 is NaN*");
    }
}
