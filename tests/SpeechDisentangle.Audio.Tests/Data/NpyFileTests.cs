using SpeechDisentangle.Audio.Data;

namespace SpeechDisentangle.Audio.Tests.Data;

/// <summary>Checked byte for byte against files numpy.save wrote (Fixtures/data/make_fixtures.py).</summary>
public class NpyFileTests
{
    [Fact]
    public void Encode_Matrix_MatchesNumpyBytes()
    {
        float[] values = [0.5f, -1, 2, 3, 4.25f, -5];

        NpyFile.Encode(values, 2, 3).Should().Equal(File.ReadAllBytes(TempDir.Fixture("np_f32_2x3.npy")));
    }

    [Fact]
    public void Encode_Vector_MatchesNumpyBytes()
    {
        float[] values = [0f, 0.25f, 0.5f, 0.75f, 1f];

        NpyFile.Encode(values, 5).Should().Equal(File.ReadAllBytes(TempDir.Fixture("np_f32_vec5.npy")));
    }

    [Fact]
    public void Encode_Int64_MatchesNumpyBytes()
    {
        long[] values = [3, -1, 7, 1L << 40];

        NpyFile.Encode(values, 4).Should().Equal(File.ReadAllBytes(TempDir.Fixture("np_i64_vec.npy")));
    }

    [Fact]
    public void WriteThenRead_LargerMatrix_RoundTripsAndMatchesNumpy()
    {
        using var dir = new TempDir();
        var numpy = NpyFile.Read(TempDir.Fixture("np_f32_big.npy"));
        float[,] m = numpy.ToFloat32Matrix();

        NpyFile.Write(dir.File("m.npy"), m);

        File.ReadAllBytes(dir.File("m.npy")).Should().Equal(File.ReadAllBytes(TempDir.Fixture("np_f32_big.npy")));
        NpyFile.Read(dir.File("m.npy")).Shape.Should().Equal(7, 13);
        (File.ReadAllBytes(dir.File("m.npy")).Length - (7 * 13 * 4)).Should().Be(128, "the header is padded to 64-byte multiples");
    }

    [Fact]
    public void Read_Float64_KeepsValues()
    {
        var a = NpyFile.Read(TempDir.Fixture("np_f64_2x2.npy"));

        a.DType.Should().Be(NpyDType.Float64);
        a.ToFloat64().Should().Equal(1e-300, 2.5, -3, 1e300);
        FluentActions.Invoking(() => a.ToInt64()).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Read_FortranOrder_ReturnsCOrder()
    {
        var a = NpyFile.Read(TempDir.Fixture("np_i32_fortran.npy"));

        a.Shape.Should().Equal(2, 3);
        a.ToInt64().Should().Equal(0, 1, 2, 3, 4, 5);
    }

    [Fact]
    public void Read_UInt8ThreeDimensional_ReadsShapeAndValues()
    {
        var a = NpyFile.Read(TempDir.Fixture("np_u8_3d.npy"));

        a.DType.Should().Be(NpyDType.UInt8);
        a.Shape.Should().Equal(2, 3, 4);
        a.ToInt64().Should().Equal(Enumerable.Range(0, 24).Select(i => (long)i));
    }

    [Fact]
    public void Read_BigEndian_ThrowsNamingFileAndDType()
    {
        string path = TempDir.Fixture("np_f32_bigendian.npy");

        FluentActions.Invoking(() => NpyFile.Read(path)).Should().Throw<InvalidDataException>()
            .WithMessage($"{path}: unsupported dtype '>f4'*");
    }

    [Fact]
    public void Read_NotNpy_ThrowsNamingFile()
    {
        using var dir = new TempDir();
        dir.Write("x.npy", "hello, this is not numpy");

        FluentActions.Invoking(() => NpyFile.Read(dir.File("x.npy"))).Should().Throw<InvalidDataException>()
            .WithMessage($"{dir.File("x.npy")}: not a .npy file*");
    }

    [Fact]
    public void Read_TruncatedData_ThrowsWithByteCounts()
    {
        using var dir = new TempDir();
        byte[] full = File.ReadAllBytes(TempDir.Fixture("np_f32_2x3.npy"));
        File.WriteAllBytes(dir.File("cut.npy"), full[..^4]);

        FluentActions.Invoking(() => NpyFile.Read(dir.File("cut.npy"))).Should().Throw<InvalidDataException>()
            .WithMessage("*needs 24 data bytes, file has 20");
    }

    [Fact]
    public void Encode_ShapeMismatch_Throws()
    {
        FluentActions.Invoking(() => NpyFile.Encode([1f, 2f, 3f], 2, 2)).Should().Throw<ArgumentException>()
            .WithMessage("shape (2, 2) holds 4 values but 3 were given");
    }

    [Fact]
    public void Write_EmptyMatrix_ReadsBackWithShape()
    {
        using var dir = new TempDir();

        NpyFile.Write(dir.File("e.npy"), new float[0, 4]);

        var back = NpyFile.Read(dir.File("e.npy"));
        back.Shape.Should().Equal(0, 4);
        back.Count.Should().Be(0);
    }
}
