using MathNet.Numerics.LinearAlgebra;
using SpeechDisentangle.Models.Common.Metrics;

namespace SpeechDisentangle.Models.Tests.Common.Metrics;

[Collection("torch")]
public class FrechetDistanceTests
{
    private static readonly VectorBuilder<double> V = Vector<double>.Build;
    private static readonly MatrixBuilder<double> M = Matrix<double>.Build;

    [Fact]
    public void FromMoments_OneDimensional_MatchesClosedForm()
    {
        // (mu1 - mu2)^2 + s1 + s2 - 2 sqrt(s1 s2) = 9 + 4 + 9 - 12
        var d = FrechetDistance.FromMoments(V.Dense([1.0]), M.Dense(1, 1, [4.0]), V.Dense([-2.0]), M.Dense(1, 1, [9.0]));
        d.Should().BeApproximately(10, 1e-9);
    }

    [Fact]
    public void FromMoments_DiagonalCovariances_MatchesPerDimensionSum()
    {
        double[] mu1 = [0, 1, 2], mu2 = [1, 1, -1], var1 = [1, 2, 0.5], var2 = [4, 2, 3];
        var expected = Enumerable.Range(0, 3).Sum(i =>
            Math.Pow(mu1[i] - mu2[i], 2) + Math.Pow(Math.Sqrt(var1[i]) - Math.Sqrt(var2[i]), 2));

        var d = FrechetDistance.FromMoments(V.Dense(mu1), M.DenseOfDiagonalArray(var1), V.Dense(mu2), M.DenseOfDiagonalArray(var2));

        d.Should().BeApproximately(expected, 1e-9);
    }

    [Fact]
    public void FromMoments_SameFullCovarianceDifferentMeans_IsSquaredMeanDistance()
    {
        var covariance = M.DenseOfArray(new double[,] { { 2, 0.8, 0.3 }, { 0.8, 1, -0.2 }, { 0.3, -0.2, 0.5 } });

        var d = FrechetDistance.FromMoments(V.Dense([1.0, 0, 0]), covariance, V.Dense([0.0, 2, 0]), covariance);

        d.Should().BeApproximately(5, 1e-8);
    }

    [Fact]
    public void FromMoments_RotatedCovariance_MatchesTwoByTwoTraceFormula()
    {
        // For 2x2 PSD A, B: Tr sqrt(A^1/2 B A^1/2) = sqrt(Tr(AB) + 2 sqrt(det(AB))).
        var a = M.DenseOfArray(new double[,] { { 2, 1 }, { 1, 2 } });
        var b = M.DenseOfArray(new double[,] { { 3, -1 }, { -1, 1 } });
        var traceRoot = Math.Sqrt((a * b).Trace() + (2 * Math.Sqrt((a * b).Determinant())));
        var expected = a.Trace() + b.Trace() - (2 * traceRoot);

        var d = FrechetDistance.FromMoments(V.Dense(2), a, V.Dense(2), b);

        d.Should().BeApproximately(expected, 1e-9);
    }

    [Fact]
    public void FromFeatures_ShiftedCopy_IsSquaredShift()
    {
        var random = new Random(7);
        var a = M.Dense(200, 3, (_, _) => random.NextDouble());
        var shift = V.Dense([0.5, -1, 2]);
        var b = M.Dense(200, 3, (i, j) => a[i, j] + shift[j]);

        FrechetDistance.FromFeatures(a, b).Should().BeApproximately(shift.DotProduct(shift), 1e-8);
        FrechetDistance.FromFeatures(a, a).Should().BeApproximately(0, 1e-8);
    }

    [Fact]
    public void FromFeatures_TensorOfWrongRank_Throws()
    {
        var act = () => FrechetDistance.FromFeatures(TorchSharp.torch.zeros(4), TorchSharp.torch.zeros(4, 2));
        act.Should().Throw<ArgumentException>().WithMessage("*2-D*");
    }

    [Fact]
    public void Moments_SingleRow_Throws()
    {
        var act = () => FrechetDistance.Moments(M.Dense(1, 3));
        act.Should().Throw<ArgumentException>().WithMessage("*at least 2*");
    }
}
