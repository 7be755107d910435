using System.Runtime.InteropServices;
using SpeechDisentangle.Audio.Data;

namespace SpeechDisentangle.Audio.Tests.Data;

public sealed class NpyRowsTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "sdt-npyrows-" + Guid.NewGuid().ToString("N"));

    public NpyRowsTests() => Directory.CreateDirectory(_dir);

    string WriteRaw<T>(string descr, T[] values, int rows, int cols) where T : struct
    {
        string path = Path.Combine(_dir, descr.Replace('<', 'l') + ".npy");
        File.WriteAllBytes(path, [.. NpyFile.EncodeHeader(descr, [rows, cols]), .. MemoryMarshal.AsBytes(values.AsSpan()).ToArray()]);
        return path;
    }

    [Fact]
    public void Rows_OfEachElementSize_AreThoseOfTheWholeArray()
    {
        var doubles = Enumerable.Range(0, 5 * 3).Select(i => i * 0.5).ToArray();
        var shorts = Enumerable.Range(0, 5 * 3).Select(i => (short)(i - 7)).ToArray();
        var bytes = Enumerable.Range(0, 5 * 3).Select(i => (byte)(i * 3)).ToArray();
        foreach (var path in new[] { WriteRaw("<f8", doubles, 5, 3), WriteRaw("<i2", shorts, 5, 3), WriteRaw("|u1", bytes, 5, 3) })
        {
            var whole = NpyFile.Read(path).ToFloat32();
            var rows = NpyFile.ReadRows(path, 1, 3);
            rows.Shape.Should().Equal(3, 3);
            rows.ToFloat32().Should().Equal(whole.AsSpan(3, 9).ToArray(), path);
        }
    }

    [Fact]
    public void RowsOutsideTheArray_AreAnErrorNamingTheFile()
    {
        string path = WriteRaw("<f8", new double[6], 2, 3);
        var read = () => NpyFile.ReadRows(path, 1, 2);
        read.Should().Throw<InvalidDataException>().WithMessage($"*{path}*rows 1..3*2x3*");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
