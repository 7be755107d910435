using System.Diagnostics;
using System.Globalization;
using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Cli.Bench;

/// <summary>One preset's benchmark result.</summary>
/// <param name="Preset">Preset name (kaldi, htk, slaney).</param>
/// <param name="AudioSeconds">Length of the synthetic audio.</param>
/// <param name="ElapsedSeconds">Wall time of the extraction (best of the repeats).</param>
/// <param name="Frames">Frames produced.</param>
/// <param name="BestBlockRealTimeFactor">x-real-time of the fastest 1 s block, robust to a loaded machine.</param>
internal sealed record FrontendBenchmarkResult(string Preset, double AudioSeconds, double ElapsedSeconds, long Frames,
    double BestBlockRealTimeFactor)
{
    /// <summary>Audio seconds processed per wall-clock second.</summary>
    public double RealTimeFactor => AudioSeconds / ElapsedSeconds;
}

/// <summary>
/// Times 80-bin log-mel extraction on one thread over synthetic audio (chirp + noise) for the kaldi, htk and
/// slaney presets and reports x-real-time. A measuring tool, not a test.
/// </summary>
internal static class FrontendBenchmark
{
    /// <summary>Runs the benchmark and writes one line per preset to <paramref name="output"/>.</summary>
    public static IReadOnlyList<FrontendBenchmarkResult> Run(TextWriter output, double seconds = 600, int sampleRate = 16000,
        int repeats = 3)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(seconds, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var audio = Synthesize((int)(seconds * sampleRate), sampleRate);
        var presets = new (string Name, LogMelOptions Options)[]
        {
            ("kaldi", LogMelOptions.Kaldi(sampleRate)),
            ("htk", LogMelOptions.Htk(sampleRate)),
            ("slaney", LogMelOptions.Slaney(sampleRate)),
        };
        var results = new List<FrontendBenchmarkResult>();
        foreach (var (name, options) in presets)
        {
            var extractor = new LogMelExtractor(options);
            var features = new float[extractor.FrameCount(audio.Length) * extractor.NumBins];
            // Warm-up: enough frames for tiered JIT to promote the hot loops, then let the background compiler finish.
            for (var w = 0; w < 3; w++)
            {
                extractor.Compute(audio.AsSpan(0, Math.Min(audio.Length, 20 * sampleRate)), features);
            }

            Thread.Sleep(200);
            var best = double.MaxValue;
            var frames = 0;
            for (var r = 0; r < repeats; r++)
            {
                var watch = Stopwatch.StartNew();
                frames = extractor.Compute(audio, features);
                best = Math.Min(best, watch.Elapsed.TotalSeconds);
            }

            var bestBlock = BestBlockSeconds(extractor, audio, sampleRate, features);
            var result = new FrontendBenchmarkResult(name, seconds, best, frames, 1.0 / bestBlock);
            results.Add(result);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-7} {extractor.NumBins} bins, fft {extractor.FftLength}: {seconds:F0} s audio in {best:F3} s = {result.RealTimeFactor:F0}x real time ({frames} frames); best 1 s block {result.BestBlockRealTimeFactor:F0}x"));
        }

        return results;
    }

    // On a shared machine the whole-run time mostly measures the scheduler; the fastest 1 s block measures the code.
    private static double BestBlockSeconds(LogMelExtractor extractor, float[] audio, int sampleRate, float[] scratch)
    {
        var best = double.MaxValue;
        for (var start = 0; start + sampleRate <= audio.Length; start += sampleRate)
        {
            var watch = Stopwatch.StartNew();
            extractor.Compute(audio.AsSpan(start, sampleRate), scratch);
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }

        return best;
    }

    private static float[] Synthesize(int length, int sampleRate)
    {
        var audio = new float[length];
        var random = new Random(42);
        var phase = 0.0;
        for (var i = 0; i < length; i++)
        {
            var t = (i % sampleRate) / (double)sampleRate; // 1 s chirp from 100 Hz to 0.4 sr, repeated
            phase += 2 * Math.PI * (100 + (t * ((0.4 * sampleRate) - 100))) / sampleRate;
            audio[i] = (float)((0.5 * Math.Sin(phase)) + (0.05 * ((random.NextDouble() * 2) - 1)));
        }

        return audio;
    }
}
