using SpeechDisentangle.Audio.Corpora;

namespace SpeechDisentangle.Audio.Tests.CorporaLayouts;

public sealed class LabelFileTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("sdt-labels-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WriteLabels_ThenRead_RoundTripsSortedByUtterance()
    {
        string path = Path.Combine(_dir, "frame_labels.txt");
        FrameLabelFiles.WriteLabels(path, new Dictionary<string, int[]> { ["b"] = [3, 3, 1], ["a"] = [0] });
        File.ReadAllLines(path).Should().Equal("a 0", "b 3 3 1");
        var read = FrameLabelFiles.ReadLabels(path);
        read["b"].Should().Equal(3, 3, 1);
        read["a"].Should().Equal(0);
    }

    [Fact]
    public void ReadLabels_NonInteger_NamesFileLineAndUtterance()
    {
        string path = Path.Combine(_dir, "frame_labels.txt");
        File.WriteAllText(path, "a 1 2\nb 4 x\n");
        var act = () => FrameLabelFiles.ReadLabels(path);
        act.Should().Throw<FormatException>().WithMessage($"{path}:2: label 2 of 'b' is 'x'*");
    }

    [Fact]
    public void ReadSymbols_IdsOutOfOrder_NamesTheLine()
    {
        string path = Path.Combine(_dir, "phones.txt");
        File.WriteAllText(path, "aa 0\nae 2\n");
        var act = () => FrameLabelFiles.ReadSymbols(path);
        act.Should().Throw<FormatException>().WithMessage($"{path}:2: expected '<symbol> 1'*");
    }

    [Fact]
    public void ReadPhn_UnknownPhone_NamesFileAndLine()
    {
        string path = Path.Combine(_dir, "SI1.PHN");
        File.WriteAllText(path, "0 100 h#\n100 200 zz\n");
        var act = () => TimitPhnFile.Read(path);
        act.Should().Throw<CorpusLayoutException>().WithMessage($"{path}:2: 'zz' is not one of the 61 TIMIT phones");
    }

    [Fact]
    public void ReadPhn_EndBeforeStart_NamesFileAndLine()
    {
        string path = Path.Combine(_dir, "SI1.PHN");
        File.WriteAllText(path, "0 100 h#\n300 200 s\n");
        var act = () => TimitPhnFile.Read(path);
        act.Should().Throw<CorpusLayoutException>().WithMessage($"{path}:2: segment end 200 is not after its start 300");
    }
}
