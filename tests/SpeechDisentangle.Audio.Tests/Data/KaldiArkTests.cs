using SpeechDisentangle.Audio.Data;

namespace SpeechDisentangle.Audio.Tests.Data;

/// <summary>
/// Checked against Fixtures/data/*.ark made by make_fixtures.py, an independent Python writer of Kaldi's binary
/// format, with the expected values saved by numpy.
/// </summary>
public class KaldiArkTests
{
    static readonly string[] FeatKeys = ["utt1", "utt2", "utt3"];

    static KaldiMatrix Expected(string npyName)
    {
        var a = NpyFile.Read(TempDir.Fixture(npyName));
        return a.Shape.Count == 1
            ? KaldiMatrix.Vector(a.ToFloat32())
            : new KaldiMatrix(a.Shape[0], a.Shape[1], a.ToFloat32());
    }

    [Fact]
    public void Write_SameMatricesAsPythonFixture_ProducesIdenticalBytes()
    {
        using var dir = new TempDir();
        var entries = FeatKeys.Select(k => new KeyValuePair<string, KaldiMatrix>(k, Expected($"feats_{k}.npy")));

        KaldiArk.Write(dir.File("feats.ark"), entries);

        File.ReadAllBytes(dir.File("feats.ark")).Should().Equal(File.ReadAllBytes(TempDir.Fixture("feats.ark")));
    }

    [Fact]
    public void Read_MixedArchive_ReadsBinaryFloatDoubleVectorAndText()
    {
        var read = KaldiArk.Read(TempDir.Fixture("mixed.ark")).ToList();

        read.Select(kv => kv.Key).Should().Equal("fm", "dm", "fv", "txt", "tail");
        foreach (var (key, m) in read)
        {
            var expected = Expected($"mixed_{key}.npy");
            m.Rows.Should().Be(expected.Rows, key);
            m.Cols.Should().Be(expected.Cols, key);
            m.IsVector.Should().Be(expected.IsVector, key);
            m.Data.Should().Equal(expected.Data, key);
        }
    }

    [Fact]
    public void ScpReader_PythonOffsets_ReadsEachObjectByKey()
    {
        using var dir = new TempDir();
        string ark = TempDir.Fixture("mixed.ark");
        dir.Write("mixed.scp", File.ReadAllText(TempDir.Fixture("mixed.scp.in")).Replace("mixed.ark", ark, StringComparison.Ordinal));

        using var reader = new KaldiScpReader(dir.File("mixed.scp"));

        reader.Keys.Should().Equal("fm", "dm", "fv", "txt", "tail");
        foreach (string key in new[] { "tail", "txt", "fm", "fv", "dm" })
            reader.Read(key).Data.Should().Equal(Expected($"mixed_{key}.npy").Data, key);
        reader.Contains("nope").Should().BeFalse();
        FluentActions.Invoking(() => reader.Read("nope")).Should().Throw<KeyNotFoundException>();
    }

    [Fact]
    public void Write_WithScp_OffsetsPointAtObjectsAndRoundTrip()
    {
        using var dir = new TempDir();
        var a = KaldiMatrix.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var v = KaldiMatrix.Vector([7f, 8f]);

        var entries = KaldiArk.Write(dir.File("x.ark"), [new("a", a), new("v", v)], dir.File("x.scp"));

        string fullArk = Path.GetFullPath(dir.File("x.ark"));
        File.ReadAllText(dir.File("x.scp")).Should().Be($"a {fullArk}:2\nv {fullArk}:{entries[1].Offset}\n");
        byte[] bytes = File.ReadAllBytes(fullArk);
        bytes[(int)entries[1].Offset!.Value].Should().Be(0);
        bytes[(int)entries[1].Offset!.Value + 1].Should().Be((byte)'B');
        KaldiArk.ReadAt(fullArk, entries[1].Offset!.Value).Data.Should().Equal(7f, 8f);
        var back = KaldiArk.Read(fullArk).ToDictionary(kv => kv.Key, kv => kv.Value);
        back["a"].ToArray().Should().BeEquivalentTo(a.ToArray());
        back["v"].IsVector.Should().BeTrue();
        Directory.GetFiles(dir.Path).Should().HaveCount(2, "the temp file is renamed, not left behind");
    }

    [Fact]
    public void Write_EnumerationThrows_LeavesNoArchive()
    {
        using var dir = new TempDir();
        static IEnumerable<KeyValuePair<string, KaldiMatrix>> Failing()
        {
            yield return new("a", KaldiMatrix.Vector([1f]));
            throw new InvalidOperationException("feature extraction failed");
        }

        var act = () => KaldiArk.Write(dir.File("x.ark"), Failing(), dir.File("x.scp"));

        act.Should().Throw<InvalidOperationException>();
        Directory.GetFiles(dir.Path).Should().BeEmpty();
    }

    [Fact]
    public void Write_DuplicateKey_Throws()
    {
        using var dir = new TempDir();
        var m = KaldiMatrix.Vector([1f]);

        var act = () => KaldiArk.Write(dir.File("x.ark"), [new("a", m), new("a", m)]);

        act.Should().Throw<ArgumentException>().WithMessage("*key 'a' is written twice*");
    }

    [Fact]
    public void Read_CompressedMatrix_ThrowsInvalidDataWithOffset()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("cm.ark"), [.. "utt \0BCM "u8.ToArray(), 1, 2, 3, 4]);

        var act = () => KaldiArk.Read(dir.File("cm.ark")).ToList();

        act.Should().Throw<InvalidDataException>()
            .WithMessage($"{dir.File("cm.ark")}: offset 6: compressed matrix ('CM') is not supported*");
    }

    [Fact]
    public void Read_TruncatedData_ThrowsNamingFileAndOffset()
    {
        using var dir = new TempDir();
        byte[] full = File.ReadAllBytes(TempDir.Fixture("feats.ark"));
        File.WriteAllBytes(dir.File("cut.ark"), full[..30]);

        var act = () => KaldiArk.Read(dir.File("cut.ark")).ToList();

        act.Should().Throw<InvalidDataException>().WithMessage($"{dir.File("cut.ark")}: offset 7: a 3x4 object needs 48 bytes*");
    }

    [Fact]
    public void Read_TextArchive_ParsesMatricesAndVectors()
    {
        using var dir = new TempDir();
        dir.Write("t.ark", "m  [\n  1 2 \n  3 -4.5 ]\nv [ 0.5 inf -inf ]\ne [ ]\n");

        var read = KaldiArk.Read(dir.File("t.ark")).ToDictionary(kv => kv.Key, kv => kv.Value);

        read["m"].ToArray().Should().BeEquivalentTo(new float[,] { { 1, 2 }, { 3, -4.5f } });
        read["m"].IsVector.Should().BeFalse();
        read["v"].IsVector.Should().BeTrue();
        read["v"].Data.Should().Equal(0.5f, float.PositiveInfinity, float.NegativeInfinity);
        read["e"].Data.Should().BeEmpty();
    }

    [Fact]
    public void Read_RaggedTextMatrix_Throws()
    {
        using var dir = new TempDir();
        dir.Write("t.ark", "m [\n 1 2\n 3 ]\n");

        var act = () => KaldiArk.Read(dir.File("t.ark")).ToList();

        act.Should().Throw<InvalidDataException>().WithMessage("*row 2 has 1 values, row 1 has 2*");
    }

    [Fact]
    public void ScpRead_PipeAndRange_ReportedWithLine()
    {
        using var dir = new TempDir();
        dir.Write("f.scp", "a /x.ark:5\nb copy-feats ark:- ark:- |\nc /x.ark:9[0:3]\n");

        var errors = FluentActions.Invoking(() => KaldiScp.Read(dir.File("f.scp"))).Should().Throw<DataDirException>().Which.Errors;

        errors.Should().Equal(
            $"{dir.File("f.scp")}:2: pipe rxspecifiers are not supported ('copy-feats ark:- ark:- |')",
            $"{dir.File("f.scp")}:3: ranges are not supported ('/x.ark:9[0:3]')");
    }
}
