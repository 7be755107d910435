using System.Text.Json;
using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Audio.Pipeline;
using Xunit.Abstractions;

namespace SpeechDisentangle.Audio.Tests.Features;

/// <summary>
/// The framing overrides (n_fft, window and hop) against torchaudio 0.13, frame by frame, on the outputs of
/// Fixtures/features/make_framing_references.py; options are built the way `sdt features` builds them.
/// </summary>
public class FramingReferenceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases()
    {
        var names = new TheoryData<string>();
        foreach (var c in Manifest().GetProperty("cases").EnumerateArray())
        {
            names.Add(c.GetProperty("name").GetString()!);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_FramingOverrides_MatchTorchaudioFrameByFrame(string name)
    {
        var (samples, expected, frames, options) = Load(name);
        var extractor = new LogMelExtractor(options);

        var actual = extractor.Compute(samples);

        actual.Length.Should().Be(frames * extractor.NumBins, "frame count must match torchaudio's");
        var dynamicRange = options.MelScale == MelScale.Kaldi ? ReferenceFixture.KaldiDynamicRange : double.PositiveInfinity;
        var (worst, worstAt) = ReferenceFixture.WorstDifference(actual, expected, extractor.NumBins, dynamicRange);
        output.WriteLine($"{name}: n_fft {options.FftLength}, window {options.FrameLength}, hop {options.FrameShift}: worst {worst:G3} ({worstAt})");
        worst.Should().BeLessThanOrEqualTo(ReferenceFixture.Tolerance, worstAt);
    }

    [Fact]
    public void Create_EspnetFraming_ZeroPadsThe400SampleWindowTo512()
    {
        var options = LogMelPreset.Create("slaney", framing: new LogMelFraming { NFft = 512, WinLength = 400, HopLength = 160 });

        options.FrameLength.Should().Be(400);
        options.FrameShift.Should().Be(160);
        options.FftLength.Should().Be(512);
        options.FrequencyBins.Should().Be(257);
        options.MinimumSamples.Should().Be(257, "torch's reflect padding of n_fft / 2 = 256 needs more samples than that");
        new LogMelExtractor(options).FrameCount(16000).Should().Be(101);
    }

    private static JsonElement Manifest()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(ReferenceFixture.Directory, "framing_manifest.json")));
        return doc.RootElement.Clone();
    }

    private static (float[] Samples, float[] Expected, int Frames, LogMelOptions Options) Load(string name)
    {
        var manifest = Manifest();
        var c = manifest.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var preset = c.GetProperty("preset").GetString()!;
        var framing = preset == "kaldi"
            ? new LogMelFraming { FrameLengthMs = c.GetProperty("frame_length_ms").GetDouble(), FrameShiftMs = c.GetProperty("frame_shift_ms").GetDouble() }
            : new LogMelFraming
            {
                NFft = c.GetProperty("n_fft").GetInt32(),
                WinLength = c.GetProperty("win_length").GetInt32(),
                HopLength = c.GetProperty("hop_length").GetInt32(),
            };
        double? logFloor = c.TryGetProperty("log_floor", out var floor) && floor.ValueKind == JsonValueKind.Number ? floor.GetDouble() : null;
        var options = LogMelPreset.Create(preset, c.GetProperty("sample_rate").GetInt32(), manifest.GetProperty("num_mel_bins").GetInt32(),
            framing: framing, logFloor: logFloor);
        var frames = c.GetProperty("shape")[0].GetInt32();
        return (ReferenceFixture.ReadFloats(c.GetProperty("input").GetString()!), ReferenceFixture.ReadFloats(c.GetProperty("file").GetString()!), frames, options);
    }
}
