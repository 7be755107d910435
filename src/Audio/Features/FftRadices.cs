namespace SpeechDisentangle.Audio.Features;

/// <summary>How the mixed-radix FFTs split a length into butterfly stages.</summary>
internal static class FftRadices
{
    /// <summary>Radices used for a length: as many 4s as possible, then a 2, then odd primes ascending.</summary>
    public static List<int> Factor(int n)
    {
        var factors = new List<int>();
        while (n % 4 == 0)
        {
            factors.Add(4);
            n /= 4;
        }

        if (n % 2 == 0)
        {
            factors.Add(2);
            n /= 2;
        }

        for (var f = 3; n > 1; f += 2)
        {
            if ((long)f * f > n)
            {
                factors.Add(n);
                break;
            }

            while (n % f == 0)
            {
                factors.Add(f);
                n /= f;
            }
        }

        return factors;
    }
}
