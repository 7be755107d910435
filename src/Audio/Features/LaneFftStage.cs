namespace SpeechDisentangle.Audio.Features;

/// <summary>One Stockham pass of <see cref="LaneFft"/>: radix, sizes and twiddles.</summary>
internal sealed unsafe class LaneFftStage
{
    private readonly AlignedBuffer<double> _re;
    private readonly AlignedBuffer<double> _im;
    private readonly AlignedBuffer<double> _rootRe;
    private readonly AlignedBuffer<double> _rootIm;

    public LaneFftStage(int radix, int n, int stride)
    {
        Radix = radix;
        M = n / radix;
        Stride = stride;
        _re = new AlignedBuffer<double>(M * (radix - 1));
        _im = new AlignedBuffer<double>(M * (radix - 1));
        for (var j = 0; j < M; j++)
        {
            for (var r = 1; r < radix; r++)
            {
                var angle = -2.0 * Math.PI * ((long)j * r % n) / n;
                _re.Span[(j * (radix - 1)) + r - 1] = Math.Cos(angle);
                _im.Span[(j * (radix - 1)) + r - 1] = Math.Sin(angle);
            }
        }

        _rootRe = new AlignedBuffer<double>(radix);
        _rootIm = new AlignedBuffer<double>(radix);
        for (var k = 0; k < radix; k++)
        {
            _rootRe.Span[k] = Math.Cos(-2.0 * Math.PI * k / radix);
            _rootIm.Span[k] = Math.Sin(-2.0 * Math.PI * k / radix);
        }
    }

    public int Radix { get; }

    public int M { get; }

    public int Stride { get; }

    /// <summary>Twiddle w_n^(j r) at j (radix - 1) + r - 1.</summary>
    public double* Re => _re.Pointer;

    public double* Im => _im.Pointer;

    /// <summary>w_radix^k.</summary>
    public double* RootRe => _rootRe.Pointer;

    public double* RootIm => _rootIm.Pointer;
}
