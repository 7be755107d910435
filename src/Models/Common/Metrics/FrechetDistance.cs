using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Metrics;

/// <summary>
/// Frechet distance between Gaussians fitted to two feature sets (the FID formula):
/// |mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1^1/2 S2 S1^1/2)^1/2). The matrix square roots use symmetric eigen
/// decompositions, so the result stays real for any pair of PSD covariances.
/// </summary>
public static class FrechetDistance
{
    /// <summary>Distance between N(mu1, s1) and N(mu2, s2).</summary>
    public static double FromMoments(Vector<double> mu1, Matrix<double> s1, Vector<double> mu2, Matrix<double> s2)
    {
        ArgumentNullException.ThrowIfNull(mu1);
        ArgumentNullException.ThrowIfNull(s1);
        ArgumentNullException.ThrowIfNull(mu2);
        ArgumentNullException.ThrowIfNull(s2);
        var d = mu1.Count;
        if (mu2.Count != d || s1.RowCount != d || s1.ColumnCount != d || s2.RowCount != d || s2.ColumnCount != d)
            throw new ArgumentException($"moment shapes disagree: mu1 {mu1.Count}, s1 {s1.RowCount}x{s1.ColumnCount}, mu2 {mu2.Count}, s2 {s2.RowCount}x{s2.ColumnCount}");

        var rootS1 = SqrtPsd(s1);
        var middle = rootS1 * s2 * rootS1;
        var traceRoot = Eigenvalues(middle).Sum(l => Math.Sqrt(Math.Max(l, 0)));
        var meanTerm = (mu1 - mu2).DotProduct(mu1 - mu2);
        return Math.Max(0, meanTerm + s1.Trace() + s2.Trace() - 2 * traceRoot);
    }

    /// <summary>Distance between the Gaussians fitted to two feature sets (rows = examples).</summary>
    public static double FromFeatures(Matrix<double> a, Matrix<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.ColumnCount != b.ColumnCount) throw new ArgumentException($"feature sizes differ: {a.ColumnCount} vs {b.ColumnCount}");
        var (mu1, s1) = Moments(a);
        var (mu2, s2) = Moments(b);
        return FromMoments(mu1, s1, mu2, s2);
    }

    /// <summary>Distance between two 2-D feature tensors [N, D] (any device, any float type).</summary>
    public static double FromFeatures(Tensor a, Tensor b) => FromFeatures(ToMatrix(a, nameof(a)), ToMatrix(b, nameof(b)));

    /// <summary>Mean and unbiased covariance of the rows of <paramref name="features"/> (needs 2+ rows).</summary>
    public static (Vector<double> Mean, Matrix<double> Covariance) Moments(Matrix<double> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.RowCount < 2) throw new ArgumentException($"need at least 2 feature rows for a covariance (got {features.RowCount})");
        var mean = features.ColumnSums() / features.RowCount;
        var centred = features - Matrix<double>.Build.Dense(features.RowCount, features.ColumnCount, (_, j) => mean[j]);
        var covariance = centred.TransposeThisAndMultiply(centred) / (features.RowCount - 1);
        return (mean, covariance);
    }

    /// <summary>Symmetric PSD square root: V diag(sqrt(max(l, 0))) V^T.</summary>
    public static Matrix<double> SqrtPsd(Matrix<double> s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var evd = Symmetrize(s).Evd(Symmetricity.Symmetric);
        var roots = Vector<double>.Build.Dense(s.RowCount, i => Math.Sqrt(Math.Max(evd.EigenValues[i].Real, 0)));
        return evd.EigenVectors * Matrix<double>.Build.DenseOfDiagonalVector(roots) * evd.EigenVectors.Transpose();
    }

    private static IEnumerable<double> Eigenvalues(Matrix<double> m) =>
        Symmetrize(m).Evd(Symmetricity.Symmetric).EigenValues.Select(l => l.Real);

    // Round-off makes products of symmetric matrices slightly asymmetric.
    private static Matrix<double> Symmetrize(Matrix<double> m) => (m + m.Transpose()) / 2;

    private static Matrix<double> ToMatrix(Tensor t, string name)
    {
        ArgumentNullException.ThrowIfNull(t, name);
        if (t.dim() != 2) throw new ArgumentException($"{name} must be 2-D [N, D] features (got shape [{string.Join(", ", t.shape)}])", name);
        using var d = t.detach().cpu().to_type(ScalarType.Float64).contiguous();
        var rows = (int)d.shape[0];
        var cols = (int)d.shape[1];
        var data = d.data<double>().ToArray();
        return Matrix<double>.Build.Dense(rows, cols, (i, j) => data[(i * cols) + j]);
    }
}
