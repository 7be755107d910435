using System.Text.Json;
using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Audio.Tests.Features;

/// <summary>Loads the torchaudio reference features written by Fixtures/features/make_references.py.</summary>
internal static class ReferenceFixture
{
    /// <summary>Largest log difference accepted against torchaudio (README: Log-mel presets).</summary>
    public const double Tolerance = 2e-3;

    /// <summary>Nats below a frame's maximum compared for Kaldi features (weaker bins come from cancellation).</summary>
    public const double KaldiDynamicRange = 14.0;

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures", "features");

    public static IEnumerable<object[]> Cases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "manifest.json")));
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            foreach (var preset in c.GetProperty("outputs").EnumerateObject())
            {
                yield return [c.GetProperty("name").GetString()!, preset.Name];
            }
        }
    }

    public static (float[] Samples, float[] Expected, int Frames, LogMelOptions Options) Load(string name, string preset)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "manifest.json")));
        var c = doc.RootElement.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var rate = c.GetProperty("sample_rate").GetInt32();
        var bins = c.GetProperty("num_mel_bins").GetInt32();
        var output = c.GetProperty("outputs").GetProperty(preset);
        var frames = output.GetProperty("shape")[0].GetInt32();
        var options = preset switch
        {
            "kaldi" => LogMelOptions.Kaldi(rate, bins),
            "kaldi_nosnip" => LogMelOptions.Kaldi(rate, bins) with { SnipEdges = false },
            "htk" => LogMelOptions.Htk(rate, bins),
            "slaney" => LogMelOptions.Slaney(rate, bins),
            _ => throw new InvalidOperationException($"Unknown preset {preset} in manifest."),
        };
        return (ReadFloats(name + ".f32"), ReadFloats(output.GetProperty("file").GetString()!), frames, options);
    }

    /// <summary>
    /// The largest |actual - expected| over every frame and bin, and where it is; bins more than
    /// <paramref name="dynamicRange"/> nats below their frame's maximum are left out.
    /// </summary>
    public static (double Worst, string Where) WorstDifference(float[] actual, float[] expected, int bins, double dynamicRange)
    {
        var worst = 0.0;
        var where = "";
        for (var t = 0; t < expected.Length / bins; t++)
        {
            var row = expected.AsSpan(t * bins, bins);
            var floor = MaxOf(row) - dynamicRange;
            for (var b = 0; b < bins; b++)
            {
                var diff = Math.Abs(actual[(t * bins) + b] - row[b]);
                if (row[b] >= floor && diff > worst)
                {
                    worst = diff;
                    where = $"frame {t} bin {b}: expected {row[b]}, got {actual[(t * bins) + b]}";
                }
            }
        }

        return (worst, where);
    }

    private static float MaxOf(ReadOnlySpan<float> row)
    {
        var max = float.NegativeInfinity;
        foreach (var v in row)
        {
            max = Math.Max(max, v);
        }

        return max;
    }

    public static float[] ReadFloats(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Directory, file));
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, values.Length * 4);
        return values;
    }
}
