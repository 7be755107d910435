using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.VoiceConversion.Common;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.VoiceConversion.Common;

/// <summary>
/// Tiny synthetic "speech" log-mels [NMels, T]: the content is a sequence of spectral bumps (one of a few patterns
/// per stretch of frames), the speaker adds a linear spectral tilt across the mel axis plus an offset.
/// </summary>
internal sealed class SyntheticVoices
{
    public const int NMels = 16;
    public const int Frames = 32;
    public const int Patterns = 6;
    public static readonly double[] Tilts = [-1.5, -0.5, 0.5, 1.5];
    public static readonly double[] Offsets = [0.2, -0.2, 0.1, -0.1];

    private readonly Random _random;

    public SyntheticVoices(int seed) => _random = new Random(seed);

    public static int Speakers => Tilts.Length;

    /// <summary>Position of mel band m on the tilt axis, in [-1, 1].</summary>
    public static double TiltAxis(int m) => (2.0 * m / (NMels - 1)) - 1.0;

    /// <summary>One utterance [NMels, Frames] of <paramref name="speaker"/> as a flat row-major array.</summary>
    public float[] Utterance(int speaker)
    {
        var data = new float[NMels * Frames];
        var t = 0;
        while (t < Frames)
        {
            var pattern = _random.Next(Patterns);
            var length = 3 + _random.Next(6);
            var centre = 1.5 + (pattern * (NMels - 3.0) / (Patterns - 1));
            for (var k = 0; k < length && t < Frames; k++, t++)
                for (var m = 0; m < NMels; m++)
                {
                    var bump = 2.0 * Math.Exp(-0.5 * Math.Pow((m - centre) / 1.2, 2));
                    var colour = (Tilts[speaker] * TiltAxis(m)) + Offsets[speaker];
                    data[(m * Frames) + t] = (float)(bump + colour - 1.0 + (0.05 * Gaussian()));
                }
        }
        return data;
    }

    /// <summary>A batch: "mel" [B, NMels, Frames], "speaker" [B], "ref_mel" (another utterance of the same speaker).</summary>
    public Batch NextBatch(int size, int? onlySpeaker = null)
    {
        var speakers = new long[size];
        var mels = new float[size * NMels * Frames];
        var refs = new float[size * NMels * Frames];
        for (var b = 0; b < size; b++)
        {
            var s = onlySpeaker ?? _random.Next(Speakers);
            speakers[b] = s;
            Utterance(s).CopyTo(mels, b * NMels * Frames);
            Utterance(s).CopyTo(refs, b * NMels * Frames);
        }
        return new Batch
        {
            [VcBatchKeys.Mel] = tensor(mels, [size, NMels, Frames]),
            [VcBatchKeys.Speaker] = tensor(speakers),
            [VcBatchKeys.ReferenceMel] = tensor(refs, [size, NMels, Frames]),
        };
    }

    /// <summary>A shuffled in-memory source of <paramref name="examples"/> examples for the shared Trainer.</summary>
    public TensorBatchSource Source(int examples, int batchSize, bool shuffle = true)
    {
        using var scope = NewDisposeScope();
        var all = NextBatch(examples);
        return new TensorBatchSource(all, batchSize, shuffle);
    }

    /// <summary>Least-squares slope of the time-averaged log-mel of [B, NMels, T] or [NMels, T] against the tilt axis.</summary>
    public static double MeasuredTilt(Tensor mel)
    {
        using var profileT = (mel.dim() == 3 ? mel.mean([0, 2]) : mel.mean([1])).to(ScalarType.Float64);
        var profile = profileT.data<double>().ToArray();
        double meanX = 0, meanY = profile.Average();
        double sxy = 0, sxx = 0;
        for (var m = 0; m < NMels; m++)
        {
            var x = TiltAxis(m) - meanX;
            sxy += x * (profile[m] - meanY);
            sxx += x * x;
        }
        return sxy / sxx;
    }

    private double Gaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
