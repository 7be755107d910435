namespace SpeechDisentangle.Audio.Features;

/// <summary>
/// Cepstral mean/variance statistics in Kaldi's layout: a 2 x (D + 1) double matrix whose row 0 holds the
/// per-dimension sums with the frame count in the last column and row 1 the sums of squares (last column 0).
/// </summary>
public sealed class CmvnStats
{
    /// <summary>Kaldi's variance floor in apply-cmvn.</summary>
    public const double VarianceFloor = 1e-20;

    private readonly double[] _sums;
    private readonly double[] _squares;

    /// <summary>Empty statistics for features of dimension <paramref name="dim"/>.</summary>
    public CmvnStats(int dim)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dim, 1);
        Dim = dim;
        _sums = new double[dim + 1];
        _squares = new double[dim + 1];
    }

    /// <summary>Feature dimension D.</summary>
    public int Dim { get; }

    /// <summary>Accumulated (weighted) frame count.</summary>
    public double Count => _sums[Dim];

    /// <summary>Statistics from a Kaldi-layout matrix (2 x (D + 1)).</summary>
    public static CmvnStats FromMatrix(double[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.GetLength(0) != 2 || matrix.GetLength(1) < 2)
        {
            throw new ArgumentException($"CMVN stats must be 2 x (D + 1) with D >= 1; got {matrix.GetLength(0)} x {matrix.GetLength(1)}.", nameof(matrix));
        }

        var stats = new CmvnStats(matrix.GetLength(1) - 1);
        for (var d = 0; d <= stats.Dim; d++)
        {
            stats._sums[d] = matrix[0, d];
            stats._squares[d] = matrix[1, d];
        }

        return stats;
    }

    /// <summary>A copy in Kaldi's layout.</summary>
    public double[,] ToMatrix()
    {
        var m = new double[2, Dim + 1];
        for (var d = 0; d <= Dim; d++)
        {
            m[0, d] = _sums[d];
            m[1, d] = _squares[d];
        }

        return m;
    }

    /// <summary>Adds the frames of a row-major (frames x D) feature matrix, each with the given weight.</summary>
    public void Accumulate(ReadOnlySpan<float> features, double weight = 1.0)
    {
        var frames = FrameCount(features.Length);
        for (var t = 0; t < frames; t++)
        {
            var row = features.Slice(t * Dim, Dim);
            for (var d = 0; d < Dim; d++)
            {
                double v = row[d];
                _sums[d] += weight * v;
                _squares[d] += weight * v * v;
            }
        }

        _sums[Dim] += weight * frames;
    }

    /// <summary>Adds another set of statistics (e.g. utterance stats into speaker stats).</summary>
    public void Add(CmvnStats other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Dim != Dim)
        {
            throw new ArgumentException($"Cannot add CMVN stats of dimension {other.Dim} to dimension {Dim}.", nameof(other));
        }

        for (var d = 0; d <= Dim; d++)
        {
            _sums[d] += other._sums[d];
            _squares[d] += other._squares[d];
        }
    }

    /// <summary>Per-dimension mean.</summary>
    public double[] Mean()
    {
        RequireCount();
        var mean = new double[Dim];
        for (var d = 0; d < Dim; d++)
        {
            mean[d] = _sums[d] / Count;
        }

        return mean;
    }

    /// <summary>
    /// Normalises a row-major (frames x D) matrix in place: subtract the mean and, with <paramref name="normVars"/>,
    /// divide by the standard deviation (variance floored at <see cref="VarianceFloor"/>), as Kaldi's apply-cmvn.
    /// </summary>
    public void Apply(Span<float> features, bool normVars = false)
    {
        var frames = FrameCount(features.Length);
        var mean = Mean();
        var scale = new double[Dim];
        for (var d = 0; d < Dim; d++)
        {
            var variance = (_squares[d] / Count) - (mean[d] * mean[d]);
            scale[d] = normVars ? 1.0 / Math.Sqrt(Math.Max(variance, VarianceFloor)) : 1.0;
        }

        for (var t = 0; t < frames; t++)
        {
            var row = features.Slice(t * Dim, Dim);
            for (var d = 0; d < Dim; d++)
            {
                row[d] = (float)((row[d] - mean[d]) * scale[d]);
            }
        }
    }

    private int FrameCount(int length) => length % Dim == 0
        ? length / Dim
        : throw new ArgumentException($"Feature buffer of {length} floats is not a whole number of {Dim}-dimensional frames.");

    private void RequireCount()
    {
        if (!(Count >= 1.0))
        {
            throw new InvalidOperationException($"CMVN needs a frame count of at least 1; these stats have {Count}.");
        }
    }
}
