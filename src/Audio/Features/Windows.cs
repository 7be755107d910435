namespace SpeechDisentangle.Audio.Features;

/// <summary>Analysis windows as plain arrays (Kaldi and torch definitions).</summary>
public static class Windows
{
    /// <summary>The window of the given type; <paramref name="periodic"/> uses denominator N instead of N - 1.</summary>
    public static double[] Create(WindowType type, int length, bool periodic = false) => type switch
    {
        WindowType.Povey => Povey(length, periodic),
        WindowType.Hann => Hann(length, periodic),
        WindowType.Hamming => Hamming(length, periodic),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown window type."),
    };

    /// <summary>Kaldi's povey window: a (symmetric by default) Hann window raised to the power 0.85.</summary>
    public static double[] Povey(int length, bool periodic = false)
    {
        var w = Hann(length, periodic);
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = Math.Pow(w[i], 0.85);
        }

        return w;
    }

    /// <summary>Hann: 0.5 - 0.5 cos(2 pi n / D), D = N (periodic) or N - 1 (symmetric).</summary>
    public static double[] Hann(int length, bool periodic = false) => RaisedCosine(length, periodic, 0.5, 0.5);

    /// <summary>Hamming: 0.54 - 0.46 cos(2 pi n / D), D = N (periodic) or N - 1 (symmetric).</summary>
    public static double[] Hamming(int length, bool periodic = false) => RaisedCosine(length, periodic, 0.54, 0.46);

    private static double[] RaisedCosine(int length, bool periodic, double a, double b)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        var w = new double[length];
        var denominator = periodic ? length : length - 1;
        if (denominator == 0)
        {
            w[0] = 1.0;
            return w;
        }

        for (var i = 0; i < length; i++)
        {
            w[i] = a - (b * Math.Cos(2.0 * Math.PI * i / denominator));
        }

        return w;
    }
}
