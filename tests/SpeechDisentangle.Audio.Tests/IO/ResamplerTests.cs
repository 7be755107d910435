using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Audio.Tests.IO;

public sealed class ResamplerTests
{
    static float[] Tone(double freq, int rate, int count, double amplitude, double phase = 0.3) =>
        [.. Enumerable.Range(0, count).Select(n => (float)(amplitude * Math.Sin(2 * Math.PI * freq * n / rate + phase)))];

    /// <summary>Least-squares fit of a sinusoid at <paramref name="freq"/>: its amplitude and the RMS left over.</summary>
    static (double Amplitude, double ResidualRms) FitTone(ReadOnlySpan<float> x, double freq, int rate)
    {
        double ss = 0, sc = 0, cc = 0, xs = 0, xc = 0;
        for (int n = 0; n < x.Length; n++)
        {
            double s = Math.Sin(2 * Math.PI * freq * n / rate), c = Math.Cos(2 * Math.PI * freq * n / rate);
            ss += s * s; sc += s * c; cc += c * c; xs += x[n] * s; xc += x[n] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (xs * cc - xc * sc) / det, b = (xc * ss - xs * sc) / det;
        double res = 0;
        for (int n = 0; n < x.Length; n++)
        {
            double fit = a * Math.Sin(2 * Math.PI * freq * n / rate) + b * Math.Cos(2 * Math.PI * freq * n / rate);
            res += (x[n] - fit) * (x[n] - fit);
        }
        return (Math.Sqrt(a * a + b * b), Math.Sqrt(res / x.Length));
    }

    static double Rms(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (float v in x) sum += v * v;
        return Math.Sqrt(sum / x.Length);
    }

    [Fact]
    public void Process_44100To16000Tone_KeepsFrequencyAndAmplitude()
    {
        float[] input = Tone(1000, 44100, 22050, 0.5);

        float[] output = Resampler.Resample(input, 44100, 16000);

        output.Length.Should().Be(8000);
        // Skip the filter's start-up and tail where the zero padding is in reach.
        (double amp, double residual) = FitTone(output.AsSpan(1000, 6000), 1000, 16000);
        amp.Should().BeApproximately(0.5, 0.002);
        residual.Should().BeLessThan(1e-3, "the output should be a pure 1 kHz tone");
    }

    [Theory]
    [InlineData(9000)]
    [InlineData(12000)]
    [InlineData(20000)]
    public void Process_44100To16000AboveNewNyquist_AttenuatedBy40dB(double freq)
    {
        float[] input = Tone(freq, 44100, 22050, 0.5);

        float[] output = Resampler.Resample(input, 44100, 16000);

        double ratioDb = 20 * Math.Log10(Rms(output.AsSpan(1000, 6000)) / Rms(input));
        ratioDb.Should().BeLessThan(-40);
    }

    [Fact]
    public void Process_16000To44100Tone_KeepsFrequencyAndAmplitude()
    {
        float[] input = Tone(3000, 16000, 8000, 0.8);

        float[] output = Resampler.Resample(input, 16000, 44100);

        output.Length.Should().Be(22050);
        (double amp, double residual) = FitTone(output.AsSpan(3000, 16000), 3000, 44100);
        amp.Should().BeApproximately(0.8, 0.003);
        residual.Should().BeLessThan(2e-3);
    }

    [Fact]
    public void Constructor_44100To16000_ReducesRatio()
    {
        var r = new Resampler(44100, 16000);

        r.UpFactor.Should().Be(160);
        r.DownFactor.Should().Be(441);
        r.OutputLength(44100).Should().Be(16000);
    }

    [Fact]
    public void Process_Downsample2To1Constant_KeepsDcGain()
    {
        float[] output = Resampler.Resample(Enumerable.Repeat(0.25f, 4000).ToArray(), 16000, 8000);

        output.AsSpan(200, 1600).ToArray().Should().AllSatisfy(v => v.Should().BeApproximately(0.25f, 1e-5f));
    }

    [Fact]
    public void Read_WithTargetSampleRate_ResamplesAfterDecoding()
    {
        using var dir = new TempDir();
        string path = dir.File("t.wav");
        WavWriter.Write(path, AudioData.Mono(Tone(440, 22050, 11025, 0.5), 22050), WavSampleFormat.Float32);

        AudioData a = AudioReader.Read(path, new AudioReadOptions { TargetSampleRate = 16000 });

        a.SampleRate.Should().Be(16000);
        a.FrameCount.Should().Be(8000);
        FitTone(a.Channels[0].AsSpan(1000, 6000), 440, 16000).Amplitude.Should().BeApproximately(0.5, 0.002);
    }

    [Theory]
    [InlineData(22050, 16000)]
    [InlineData(8000, 22050)]
    public void ResamplingStreamReader_SmallBlocks_EqualsWholeSignalResampling(int inRate, int outRate)
    {
        var rng = new Random(3);
        float[][] chans = [.. Enumerable.Range(0, 2).Select(_ => Enumerable.Range(0, 5003).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray())];
        using var dir = new TempDir();
        string path = dir.File("n.wav");
        WavWriter.Write(path, new AudioData(chans, inRate), WavSampleFormat.Float32);

        var streamed = new List<float>[] { [], [] };
        using (var reader = new ResamplingStreamReader(AudioReader.Open(path), outRate, blockFrames: 100))
        {
            reader.SampleRate.Should().Be(outRate);
            var buf = new float[77 * 2];
            int n;
            while ((n = reader.ReadFrames(buf)) > 0)
            {
                for (int i = 0; i < n; i++)
                {
                    streamed[0].Add(buf[2 * i]);
                    streamed[1].Add(buf[2 * i + 1]);
                }
            }
            reader.TotalFrames.Should().Be(streamed[0].Count);
        }

        streamed[0].Should().Equal(Resampler.Resample(chans[0], inRate, outRate));
        streamed[1].Should().Equal(Resampler.Resample(chans[1], inRate, outRate));
    }
}
