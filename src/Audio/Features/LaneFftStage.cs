namespace SpeechDisentangle.Audio.Features;

/// <summary>One Stockham pass of <see cref="LaneFft"/>: radix, sizes and single-precision twiddles.</summary>
internal sealed unsafe class LaneFftStage
{
    private readonly AlignedFloats _re;
    private readonly AlignedFloats _im;
    private readonly AlignedFloats _rootRe;
    private readonly AlignedFloats _rootIm;

    public LaneFftStage(int radix, int n, int stride)
    {
        Radix = radix;
        M = n / radix;
        Stride = stride;
        _re = new AlignedFloats(M * (radix - 1));
        _im = new AlignedFloats(M * (radix - 1));
        for (var j = 0; j < M; j++)
        {
            for (var r = 1; r < radix; r++)
            {
                // Angles in double, rounded once to float.
                var angle = -2.0 * Math.PI * ((long)j * r % n) / n;
                _re.Span[(j * (radix - 1)) + r - 1] = (float)Math.Cos(angle);
                _im.Span[(j * (radix - 1)) + r - 1] = (float)Math.Sin(angle);
            }
        }

        _rootRe = new AlignedFloats(radix);
        _rootIm = new AlignedFloats(radix);
        for (var k = 0; k < radix; k++)
        {
            _rootRe.Span[k] = (float)Math.Cos(-2.0 * Math.PI * k / radix);
            _rootIm.Span[k] = (float)Math.Sin(-2.0 * Math.PI * k / radix);
        }
    }

    public int Radix { get; }

    public int M { get; }

    public int Stride { get; }

    /// <summary>Twiddle w_n^(j r) at j (radix - 1) + r - 1.</summary>
    public float* Re => _re.Pointer;

    public float* Im => _im.Pointer;

    /// <summary>w_radix^k.</summary>
    public float* RootRe => _rootRe.Pointer;

    public float* RootIm => _rootIm.Pointer;
}
