using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Audio.Tests.Features;

public class LogMelStreamTests
{
    public static TheoryData<string> Presets => ["kaldi", "kaldi_nosnip", "htk", "slaney", "espnet", "odd_nfft"];

    [Theory]
    [MemberData(nameof(Presets))]
    public void Push_RandomChunks_EqualsOneShot(string preset)
    {
        var options = OptionsFor(preset, 16000);
        var signal = Noise(16000 * 2 + 123, seed: 1);
        var expected = new LogMelExtractor(options).Compute(signal);
        var stream = new LogMelExtractor(options).OpenStream();
        var random = new Random(2);
        var actual = new List<float>();
        for (var pos = 0; pos < signal.Length;)
        {
            var chunk = Math.Min(signal.Length - pos, random.Next(0, 700));
            var output = new float[stream.FramesReadyAfter(chunk) * stream.NumBins];
            var frames = stream.Push(signal.AsSpan(pos, chunk), output);
            frames.Should().Be(output.Length / stream.NumBins);
            actual.AddRange(output);
            pos += chunk;
        }

        var tail = new float[stream.FramesAtFinish * stream.NumBins];
        stream.Finish(tail);
        actual.AddRange(tail);

        actual.Should().Equal(expected);
    }

    [Fact]
    public void Push_LongSignalInSmallChunks_KeepsBufferBounded()
    {
        var stream = new LogMelExtractor(LogMelOptions.Htk()).OpenStream();
        var chunk = Noise(1000, seed: 3);
        var output = new float[20 * stream.NumBins];

        var maxBuffered = 0;
        for (var i = 0; i < 600; i++)
        {
            stream.Push(chunk, output);
            maxBuffered = Math.Max(maxBuffered, stream.BufferedSamples);
        }

        maxBuffered.Should().BeLessThan((2 * 400) + 1000);

        stream.FramesEmitted.Should().Be(1 + ((600_000 + 200 - 400) / 160));
    }

    [Fact]
    public void Push_OutputTooSmall_ThrowsWithSizes()
    {
        var stream = new LogMelExtractor(LogMelOptions.Kaldi()).OpenStream();

        var act = () => stream.Push(new float[1600], new float[80]);

        act.Should().Throw<ArgumentException>().WithMessage("*80 floats*8 frames*");
    }

    [Fact]
    public void Finish_CenterWithTooFewSamples_ThrowsClearly()
    {
        var stream = new LogMelExtractor(LogMelOptions.Htk()).OpenStream();
        stream.Push(new float[100], Span<float>.Empty);

        var act = () => stream.Finish(new float[80]);

        var e = act.Should().Throw<AudioTooShortException>().Which;
        e.Samples.Should().Be(100);
        e.MinimumSamples.Should().Be(201, "torch's reflect padding of 200 samples needs more than 200");
        e.Message.Should().Contain("100 samples").And.Contain("201 samples");
    }

    [Fact]
    public void Push_NonFiniteSample_IsRefusedWithItsIndex()
    {
        var stream = new LogMelExtractor(LogMelOptions.Kaldi()).OpenStream();
        stream.Push(new float[300], new float[80 * 2]);
        var chunk = new float[300];
        chunk[7] = float.NaN;

        var act = () => stream.Push(chunk, new float[80 * 4]);

        act.Should().Throw<ArgumentException>().WithMessage("Sample 307 is NaN*");
    }

    [Fact]
    public void Reset_AfterFinish_ReproducesSameFeaturesWithDither()
    {
        var stream = new LogMelExtractor(LogMelOptions.Kaldi(dither: 1.0) with { DitherSeed = 7 }).OpenStream();
        var signal = Noise(4000, seed: 4);
        var first = new float[stream.FramesReadyAfter(signal.Length) * 80];
        stream.Push(signal, first);
        stream.Finish(Span<float>.Empty);

        stream.Reset();
        var second = new float[first.Length];
        stream.Push(signal, second);

        second.Should().Equal(first);
    }

    internal static LogMelOptions OptionsFor(string preset, int rate) => preset switch
    {
        "kaldi" => LogMelOptions.Kaldi(rate),
        "kaldi_nosnip" => LogMelOptions.Kaldi(rate) with { SnipEdges = false },
        "htk" => LogMelOptions.Htk(rate),
        // ESPnet's framing: a 400-sample window zero-padded to a 512-point FFT.
        "espnet" => LogMelOptions.Slaney(rate) with { NFft = 512, FrameLengthSamples = 400, FrameShiftSamples = 160 },
        // Odd FFT length and odd padding around the window (77 zeros before, 78 after).
        "odd_nfft" => LogMelOptions.Htk(rate) with { NFft = 555, FrameLengthSamples = 400, FrameShiftSamples = 100 },
        _ => LogMelOptions.Slaney(rate),
    };

    internal static float[] Noise(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2) - 1) * 0.3f).ToArray();
    }
}
