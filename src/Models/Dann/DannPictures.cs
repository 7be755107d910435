using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Plots;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Dann;

/// <summary>The dann-mnist pictures: source and target samples, and the features projected on two principal axes.</summary>
public static class DannPictures
{
    /// <summary>Test examples per domain in the scatter plots.</summary>
    public const int ScatterPerDomain = 500;

    /// <summary>Two rows of source test images over four rows of target test images (MNIST-M: the same digits).</summary>
    public static void SaveSamples(string path, Tensor source, Tensor target, int columns = 10)
    {
        using var scope = NewDisposeScope();
        int n = (int)Math.Min(columns, Math.Min(source.shape[0], target.shape[0]));
        int m = (int)Math.Min(4 * n, target.shape[0]);
        var images = cat([source[..(2 * n > source.shape[0] ? n : 2 * n)], target[..m]]).contiguous();
        int size = (int)images.shape[2];
        ImageGrid.Save(path, images.data<float>().ToArray(), (int)images.shape[0], 3, size, size,
            new ImageGridOptions { Columns = n, Title = "source (top two rows) and target test images", Scale = 3 });
    }

    /// <summary>Features of one domain's images (the domain picks per-domain normalisation statistics).</summary>
    static Tensor FeaturesOf(DannModel model, Tensor x, long domain) =>
        model.MapInChunks(x, chunk => model.forward(DomainRows.Of(chunk, domain)).Features);

    /// <summary>
    /// Features of up to <see cref="ScatterPerDomain"/> test examples per domain on their first two principal axes
    /// (one PCA over both domains), coloured by domain into <paramref name="byDomainPath"/> and by source digit
    /// into <paramref name="byDigitPath"/> (source points only).
    /// </summary>
    public static void SaveFeatureScatter(string byDomainPath, string byDigitPath, DannModel model, Tensor source, Tensor target, Tensor sourceLabels, string mode)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        long n = Math.Min(ScatterPerDomain, Math.Min(source.shape[0], target.shape[0]));
        var features = cat([FeaturesOf(model, source[..(int)n], 0), FeaturesOf(model, target[..(int)n], 1)]);
        var points = PrincipalComponents(features, 2);
        var px = points[.., 0].contiguous().data<float>().ToArray();
        var py = points[.., 1].contiguous().data<float>().ToArray();
        var domains = Enumerable.Repeat(0, (int)n).Concat(Enumerable.Repeat(1, (int)n)).ToArray();
        ScatterPlot.Save(byDomainPath, px, py, domains, new ScatterPlotOptions
        {
            Title = $"{mode}: features by domain (PCA of source+target test)",
            XLabel = "PC 1",
            YLabel = "PC 2",
            LabelNames = new Dictionary<int, string> { [0] = "MNIST (source)", [1] = "MNIST-M (target)" },
            PointRadius = 2.5f,
        });
        var digits = sourceLabels[..(int)n].to(ScalarType.Int32).contiguous().data<int>().ToArray();
        ScatterPlot.Save(byDigitPath, px.AsSpan(0, (int)n), py.AsSpan(0, (int)n), digits, new ScatterPlotOptions
        {
            Title = $"{mode}: source features by digit (same PCA)",
            XLabel = "PC 1",
            YLabel = "PC 2",
            PointRadius = 2.5f,
        });
    }

    /// <summary>Rows of <paramref name="x"/> [N, D] projected on its first <paramref name="k"/> principal axes (SVD of the centred data).</summary>
    public static Tensor PrincipalComponents(Tensor x, int k)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 2 || x.shape[0] < 2 || x.shape[1] < k)
            throw new ArgumentException($"PCA needs [N >= 2, D >= {k}] (got [{string.Join(", ", x.shape)}])", nameof(x));
        using var scope = NewDisposeScope();
        var centred = x.to(ScalarType.Float64) - x.to(ScalarType.Float64).mean([0], keepdim: true);
        var (_, _, vh) = linalg.svd(centred, fullMatrices: false);
        return centred.matmul(vh[..k].t()).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }
}
