using static TorchSharp.torch;

namespace SpeechDisentangle.Models.VoiceConversion.Evaluation;

/// <summary>
/// Mel-cepstral distortion between two log-mel sequences (natural log, channels-first [NMels, T]): an orthonormal
/// DCT-II over the mel axis gives mel-cepstra, c0 (energy) is dropped, the frames are aligned by DTW on the
/// cepstral Euclidean distance, and MCD = mean over the path of (10 / ln 10) · sqrt(2 · Σ_d (c_d − c'_d)²) dB.
/// </summary>
public static class MelCepstralDistortion
{
    private static readonly double DbScale = 10.0 / Math.Log(10.0);

    /// <summary>MCD in dB between <paramref name="reference"/> and <paramref name="other"/> (each [NMels, T]).</summary>
    /// <param name="coefficients">Cepstra kept after c0: c1..c_coefficients (clipped to NMels − 1).</param>
    public static double Compute(Tensor reference, Tensor other, int coefficients = 24)
    {
        return Compute(ToArray(reference, nameof(reference)), ToArray(other, nameof(other)), coefficients);
    }

    /// <summary>MCD in dB between two log-mel arrays laid out [NMels, T].</summary>
    public static double Compute(double[,] reference, double[,] other, int coefficients = 24)
    {
        if (reference.GetLength(0) != other.GetLength(0))
            throw new ArgumentException(
                $"log-mels disagree on mel bands: {reference.GetLength(0)} vs {other.GetLength(0)} (layout is [NMels, T])");
        if (reference.GetLength(1) == 0 || other.GetLength(1) == 0)
            throw new ArgumentException("log-mels must have at least one frame");
        if (coefficients < 1) throw new ArgumentOutOfRangeException(nameof(coefficients), coefficients, "must be >= 1");

        var a = Cepstra(reference, coefficients);
        var b = Cepstra(other, coefficients);
        var (sum, steps) = DynamicTimeWarping.Align(a, b, FrameDistanceDb);
        return sum / steps;
    }

    /// <summary>Mel-cepstra c1..cK per frame: [T][K], from an orthonormal DCT-II of each log-mel frame.</summary>
    public static double[][] Cepstra(double[,] logMel, int coefficients)
    {
        int nMels = logMel.GetLength(0), frames = logMel.GetLength(1);
        var keep = Math.Min(coefficients, nMels - 1);
        if (keep < 1) throw new ArgumentException($"need at least 2 mel bands to drop c0, got {nMels}");
        var result = new double[frames][];
        for (var t = 0; t < frames; t++)
        {
            var c = new double[keep];
            for (var k = 1; k <= keep; k++)
            {
                double s = 0;
                for (var m = 0; m < nMels; m++) s += logMel[m, t] * Math.Cos(Math.PI * k * (m + 0.5) / nMels);
                c[k - 1] = s * Math.Sqrt(2.0 / nMels);
            }
            result[t] = c;
        }
        return result;
    }

    private static double FrameDistanceDb(double[] x, double[] y)
    {
        double s = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var d = x[i] - y[i];
            s += d * d;
        }
        return DbScale * Math.Sqrt(2.0 * s);
    }

    private static double[,] ToArray(Tensor t, string name)
    {
        if (t.dim() != 2) throw new ArgumentException($"{name} must be a log-mel [NMels, T], got [{string.Join(", ", t.shape)}]");
        using var cpu = t.detach().to(ScalarType.Float64, CPU).contiguous();
        var flat = cpu.data<double>().ToArray();
        int rows = (int)t.shape[0], cols = (int)t.shape[1];
        var result = new double[rows, cols];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }
}
