namespace SpeechDisentangle.Models.Images.InfoGan;

/// <summary>
/// Minimum-cost assignment (Kuhn-Munkres with row/column potentials, O(n^2 m)). Used to map unsupervised codes or
/// clusters to class labels before measuring accuracy.
/// </summary>
public static class Hungarian
{
    /// <summary>
    /// Assigns every row of <paramref name="cost"/> to a distinct column so the summed cost is least.
    /// Needs rows &lt;= columns and finite costs. Returns assignment[row] = column.
    /// </summary>
    public static int[] Solve(double[,] cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        int n = cost.GetLength(0), m = cost.GetLength(1);
        if (n > m) throw new ArgumentException($"cost matrix has more rows ({n}) than columns ({m}); transpose it", nameof(cost));
        for (var i = 0; i < n; i++)
            for (var j = 0; j < m; j++)
                if (!double.IsFinite(cost[i, j]))
                    throw new ArgumentException($"cost[{i},{j}] is {cost[i, j]}; costs must be finite", nameof(cost));

        // 1-based arrays; column 0 is a virtual column holding the row being inserted.
        var rowPotential = new double[n + 1];
        var colPotential = new double[m + 1];
        var rowOfCol = new int[m + 1];
        var previousCol = new int[m + 1];
        for (var row = 1; row <= n; row++)
        {
            rowOfCol[0] = row;
            var col = 0;
            var minSlack = Enumerable.Repeat(double.PositiveInfinity, m + 1).ToArray();
            var visited = new bool[m + 1];
            // Grow an alternating tree from the new row until it reaches a free column.
            do
            {
                visited[col] = true;
                var activeRow = rowOfCol[col];
                var delta = double.PositiveInfinity;
                var nextCol = 0;
                for (var j = 1; j <= m; j++)
                {
                    if (visited[j]) continue;
                    var slack = cost[activeRow - 1, j - 1] - rowPotential[activeRow] - colPotential[j];
                    if (slack < minSlack[j]) { minSlack[j] = slack; previousCol[j] = col; }
                    if (minSlack[j] < delta) { delta = minSlack[j]; nextCol = j; }
                }
                for (var j = 0; j <= m; j++)
                {
                    if (visited[j]) { rowPotential[rowOfCol[j]] += delta; colPotential[j] -= delta; }
                    else minSlack[j] -= delta;
                }
                col = nextCol;
            } while (rowOfCol[col] != 0);
            // Flip the augmenting path back to the virtual column.
            do
            {
                var prev = previousCol[col];
                rowOfCol[col] = rowOfCol[prev];
                col = prev;
            } while (col != 0);
        }

        var assignment = new int[n];
        for (var j = 1; j <= m; j++)
            if (rowOfCol[j] != 0) assignment[rowOfCol[j] - 1] = j - 1;
        return assignment;
    }

    /// <summary>
    /// The one-to-one code -> label mapping that makes the most predictions right. Codes left without a label
    /// (more codes than labels) map to -1.
    /// </summary>
    /// <param name="codes">Predicted code per example, in [0, codeCount).</param>
    /// <param name="labels">True label per example, in [0, labelCount).</param>
    public static int[] BestMapping(IReadOnlyList<int> codes, IReadOnlyList<int> labels, int codeCount, int labelCount)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(labels);
        if (codes.Count != labels.Count) throw new ArgumentException($"{codes.Count} codes but {labels.Count} labels");
        ArgumentOutOfRangeException.ThrowIfLessThan(codeCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(labelCount, 1);
        var size = Math.Max(codeCount, labelCount);
        var cost = new double[size, size]; // padded rows/columns cost 0
        for (var i = 0; i < codes.Count; i++)
        {
            if ((uint)codes[i] >= (uint)codeCount) throw new ArgumentException($"code {codes[i]} at index {i} is outside [0, {codeCount})");
            if ((uint)labels[i] >= (uint)labelCount) throw new ArgumentException($"label {labels[i]} at index {i} is outside [0, {labelCount})");
            cost[codes[i], labels[i]] -= 1; // maximise matches = minimise their negative
        }
        var assignment = Solve(cost);
        var mapping = new int[codeCount];
        for (var c = 0; c < codeCount; c++) mapping[c] = assignment[c] < labelCount ? assignment[c] : -1;
        return mapping;
    }

    /// <summary>Accuracy of <paramref name="codes"/> as label predictions under <see cref="BestMapping"/>.</summary>
    public static (double Accuracy, int[] Mapping) MappedAccuracy(IReadOnlyList<int> codes, IReadOnlyList<int> labels, int codeCount, int labelCount)
    {
        var mapping = BestMapping(codes, labels, codeCount, labelCount);
        if (codes.Count == 0) return (0, mapping);
        var right = codes.Where((c, i) => mapping[c] == labels[i]).Count();
        return ((double)right / codes.Count, mapping);
    }
}
