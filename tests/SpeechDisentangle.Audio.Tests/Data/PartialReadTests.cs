using SpeechDisentangle.Audio.Data;

namespace SpeechDisentangle.Audio.Tests.Data;

/// <summary>Header-only shapes and row ranges, which a streaming reader uses to index and crop without reading whole objects.</summary>
public class PartialReadTests
{
    static KaldiMatrix Matrix(int rows, int cols) => new(rows, cols, [.. Enumerable.Range(0, rows * cols).Select(i => i * 0.5f)]);

    [Fact]
    public void ShapeAt_AndReadRowsAt_AgreeWithTheWholeObject()
    {
        using var dir = new TempDir();
        var entries = KaldiArk.Write(dir.File("a.ark"), [new("u1", Matrix(7, 3)), new("u2", Matrix(5, 3))]);
        using var stream = File.OpenRead(dir.File("a.ark"));

        KaldiArk.ShapeAt(stream, "a.ark", entries[1].Offset!.Value).Should().Be((5, 3, false));
        var rows = KaldiArk.ReadRowsAt(stream, "a.ark", entries[0].Offset!.Value, 2, 4);
        rows.Rows.Should().Be(4);
        rows.Data.Should().Equal(Matrix(7, 3).Data.AsSpan(6, 12).ToArray());
        var beyond = () => KaldiArk.ReadRowsAt(stream, "a.ark", entries[0].Offset!.Value, 5, 4);
        beyond.Should().Throw<InvalidDataException>().WithMessage("*rows 5..9 asked of a 7x3 matrix*");
    }

    [Fact]
    public void ShapeAt_FindsATruncatedObjectFromItsHeader()
    {
        using var dir = new TempDir();
        var entries = KaldiArk.Write(dir.File("a.ark"), [new("u1", Matrix(7, 3))]);
        var bytes = File.ReadAllBytes(dir.File("a.ark"));
        using var stream = new MemoryStream(bytes[..^4]);

        var shape = () => KaldiArk.ShapeAt(stream, "a.ark", entries[0].Offset!.Value);

        shape.Should().Throw<InvalidDataException>().WithMessage("*a.ark: offset*7x3 object needs 84 bytes but only 80 remain*");
    }

    [Fact]
    public void NpyReadShape_ReadsTheHeaderAndChecksTheDataSize()
    {
        using var dir = new TempDir();
        NpyFile.Write(dir.File("x.npy"), Matrix(4, 2).Data, 4, 2);
        NpyFile.ReadShape(dir.File("x.npy")).Shape.Should().Equal(4, 2);

        var bytes = File.ReadAllBytes(dir.File("x.npy"));
        File.WriteAllBytes(dir.File("x.npy"), bytes[..^4]);
        var truncated = () => NpyFile.ReadShape(dir.File("x.npy"));
        truncated.Should().Throw<InvalidDataException>().WithMessage("*x.npy: shape (4, 2) needs 32 data bytes, file has 28*");
    }
}
