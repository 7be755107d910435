using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Common.SpeechData.Streaming;

namespace SpeechDisentangle.Models.Tests.Common.SpeechData.Streaming;

public sealed class FeatureFilesTests : IDisposable
{
    readonly string _root = Path.Combine(Path.GetTempPath(), "sdt-featurefiles-" + Guid.NewGuid().ToString("N"));

    public FeatureFilesTests() => Directory.CreateDirectory(_root);

    static KaldiMatrix Matrix(int rows, int cols, int seed) =>
        new(rows, cols, [.. Enumerable.Range(0, rows * cols).Select(i => (float)(seed * 1000 + i))]);

    [Fact]
    public void MoreArchivesThanTheOpenLimit_AreReadRight_WithAtMostTheLimitOpen()
    {
        const int archives = 7, limit = 3;
        var entries = Enumerable.Range(0, archives).Select(a =>
        {
            string ark = Path.Combine(_root, $"feats.{a}.ark");
            var written = KaldiArk.Write(ark, [new KeyValuePair<string, KaldiMatrix>($"u{a}", Matrix(4, 2, a))]);
            return new FeatureDataDir.ScpEntry($"feats.scp:{a + 1}", ark, written[0].Offset, Npy: false);
        }).ToList();
        using var files = new FeatureFiles(openLimit: limit);

        // Twice round, in an order that revisits recently used archives (kept open) and evicted ones (reopened).
        foreach (int a in Enumerable.Range(0, archives).Concat([6, 5, 0, 6, 1, 2, 3]))
        {
            files.Read(entries[a]).Data.Should().Equal(Matrix(4, 2, a).Data);
            files.OpenCount.Should().BeLessThanOrEqualTo(limit);
        }
        files.OpenCount.Should().Be(limit);
    }

    [Fact]
    public void NpyRows_AreTheRowsOfTheWholeArray()
    {
        string npy = Path.Combine(_root, "u.npy");
        var whole = Matrix(9, 3, 1);
        NpyFile.Write(npy, whole.Data, whole.Rows, whole.Cols);
        using var files = new FeatureFiles();

        var rows = files.ReadRows(new FeatureDataDir.ScpEntry("npy.scp:1", npy, null, Npy: true), 2, 5);

        rows.Should().Equal(whole.Data.AsSpan(2 * 3, 5 * 3).ToArray());
        var outside = () => files.ReadRows(new FeatureDataDir.ScpEntry("npy.scp:1", npy, null, Npy: true), 6, 5);
        outside.Should().Throw<InvalidDataException>().WithMessage("*u.npy*rows 6..11*9x3*");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
