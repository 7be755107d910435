namespace SpeechDisentangle.Models.VoiceConversion.Evaluation;

/// <summary>Classic DTW with steps (1,0), (0,1), (1,1) and equal weights; returns the path cost and its length.</summary>
public static class DynamicTimeWarping
{
    /// <summary>Aligns <paramref name="a"/> with <paramref name="b"/>; the sum of frame distances along the best
    /// path and the number of aligned pairs on it.</summary>
    public static (double Cost, int Steps) Align<T>(IReadOnlyList<T> a, IReadOnlyList<T> b, Func<T, T, double> distance)
    {
        ArgumentNullException.ThrowIfNull(distance);
        if (a.Count == 0 || b.Count == 0) throw new ArgumentException("DTW needs two non-empty sequences");
        int n = a.Count, m = b.Count;
        var cost = new double[n, m];
        var steps = new int[n, m];
        for (var i = 0; i < n; i++)
        for (var j = 0; j < m; j++)
        {
            var d = distance(a[i], b[j]);
            if (i == 0 && j == 0)
            {
                cost[i, j] = d;
                steps[i, j] = 1;
                continue;
            }
            // Predecessor with the lowest accumulated cost; ties prefer the diagonal (shorter path).
            double best = double.PositiveInfinity;
            var bestSteps = 0;
            if (i > 0 && j > 0) (best, bestSteps) = (cost[i - 1, j - 1], steps[i - 1, j - 1]);
            if (i > 0 && cost[i - 1, j] < best) (best, bestSteps) = (cost[i - 1, j], steps[i - 1, j]);
            if (j > 0 && cost[i, j - 1] < best) (best, bestSteps) = (cost[i, j - 1], steps[i, j - 1]);
            cost[i, j] = best + d;
            steps[i, j] = bestSteps + 1;
        }
        return (cost[n - 1, m - 1], steps[n - 1, m - 1]);
    }
}
