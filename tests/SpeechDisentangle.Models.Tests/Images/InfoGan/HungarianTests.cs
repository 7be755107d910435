using SpeechDisentangle.Models.Images.InfoGan;

namespace SpeechDisentangle.Models.Tests.Images.InfoGan;

public class HungarianTests
{
    [Fact]
    public void Solve_KnownMatrix_FindsCheapestAssignment()
    {
        var cost = new double[,] { { 4, 1, 3 }, { 2, 0, 5 }, { 3, 2, 2 } };
        Hungarian.Solve(cost).Should().Equal(1, 0, 2);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(5, 5)]
    [InlineData(6, 6)]
    [InlineData(3, 5)]
    [InlineData(2, 6)]
    public void Solve_RandomMatrices_MatchesBruteForce(int rows, int columns)
    {
        var random = new Random(rows * 31 + columns);
        for (var trial = 0; trial < 20; trial++)
        {
            var cost = new double[rows, columns];
            for (var i = 0; i < rows; i++)
                for (var j = 0; j < columns; j++)
                    cost[i, j] = random.Next(0, 20) - 5 + random.NextDouble();

            var assignment = Hungarian.Solve(cost);

            assignment.Should().OnlyHaveUniqueItems().And.OnlyContain(c => c >= 0 && c < columns);
            Total(cost, assignment).Should().BeApproximately(BruteForceMinimum(cost), 1e-9);
        }
    }

    [Fact]
    public void Solve_MoreRowsThanColumns_Throws()
    {
        var act = () => Hungarian.Solve(new double[3, 2]);
        act.Should().Throw<ArgumentException>().WithMessage("*more rows (3) than columns (2)*");
    }

    [Fact]
    public void Solve_NaNCost_ThrowsNamingTheCell()
    {
        var cost = new double[2, 2];
        cost[1, 0] = double.NaN;
        var act = () => Hungarian.Solve(cost);
        act.Should().Throw<ArgumentException>().WithMessage("*cost[1,0]*");
    }

    [Fact]
    public void MappedAccuracy_PermutedCodes_RecoversPermutationAndFullAccuracy()
    {
        var permutation = new[] { 3, 0, 2, 1 };
        var labels = Enumerable.Range(0, 40).Select(i => i % 4).ToArray();
        var codes = labels.Select(l => Array.IndexOf(permutation, l)).ToArray();

        var (accuracy, mapping) = Hungarian.MappedAccuracy(codes, labels, 4, 4);

        accuracy.Should().Be(1.0);
        mapping.Should().Equal(permutation);
    }

    [Fact]
    public void MappedAccuracy_NoisyCodes_CountsOnlyTheMajorityMatches()
    {
        // Code 0 -> label 1 (3 of 4), code 1 -> label 0 (2 of 2): 5 right of 6.
        int[] codes = [0, 0, 0, 0, 1, 1];
        int[] labels = [1, 1, 1, 0, 0, 0];

        var (accuracy, mapping) = Hungarian.MappedAccuracy(codes, labels, 2, 2);

        mapping.Should().Equal(1, 0);
        accuracy.Should().BeApproximately(5.0 / 6, 1e-12);
    }

    [Fact]
    public void BestMapping_MoreCodesThanLabels_LeavesExtraCodesUnmapped()
    {
        int[] codes = [0, 1, 2, 2];
        int[] labels = [0, 1, 1, 1];

        var mapping = Hungarian.BestMapping(codes, labels, 3, 2);

        mapping.Should().Equal(0, -1, 1);
    }

    [Fact]
    public void BestMapping_CodeOutOfRange_ThrowsWithIndex()
    {
        var act = () => Hungarian.BestMapping([0, 5], [0, 1], 2, 2);
        act.Should().Throw<ArgumentException>().WithMessage("*code 5 at index 1*");
    }

    private static double Total(double[,] cost, int[] assignment) => assignment.Select((c, r) => cost[r, c]).Sum();

    private static double BruteForceMinimum(double[,] cost)
    {
        int rows = cost.GetLength(0), columns = cost.GetLength(1);
        var best = double.PositiveInfinity;
        void Search(int row, bool[] used, double sum)
        {
            if (row == rows) { best = Math.Min(best, sum); return; }
            for (var c = 0; c < columns; c++)
            {
                if (used[c]) continue;
                used[c] = true;
                Search(row + 1, used, sum + cost[row, c]);
                used[c] = false;
            }
        }
        Search(0, new bool[columns], 0);
        return best;
    }
}
