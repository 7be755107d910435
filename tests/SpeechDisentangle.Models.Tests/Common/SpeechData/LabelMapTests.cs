using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Tests.Core.Training;

namespace SpeechDisentangle.Models.Tests.Common.SpeechData;

[Collection("torch")]
public class LabelMapTests
{
    public LabelMapTests() => TorchTestSetup.Init();

    [Fact]
    public void Constructor_UnsortedDuplicates_GivesSortedStableIndices()
    {
        var map = new LabelMap(["two", "one", "two", "zero"]);
        map.Labels.Should().Equal("one", "two", "zero");
        map.IndexOf("two").Should().Be(1);
        map.TryIndexOf("nine").Should().BeNull();
        var act = () => map.IndexOf("nine");
        act.Should().Throw<KeyNotFoundException>().WithMessage("*'nine'*one, two, zero*");
    }

    [Fact]
    public void SaveLoad_RoundTrip_KeepsTheMapping()
    {
        string path = Path.Combine(Path.GetTempPath(), "sdt-labels-" + Guid.NewGuid().ToString("N") + ".txt");
        try
        {
            var map = new LabelMap(["spk2", "spk10", "spk1"]);
            map.Save(path);
            File.ReadAllText(path).Should().Be("spk1 0\nspk10 1\nspk2 2\n");
            LabelMap.Load(path).SameAs(map).Should().BeTrue();
            File.WriteAllText(path, "spk1 0\nspk2 2\n");
            var act = () => LabelMap.Load(path);
            act.Should().Throw<DataDirException>().WithMessage("*:2: label 'spk2' has index 2, expected 1*");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Pad_MixedLengths_PadsWithZerosAndIgnoresSentenceContent()
    {
        SpeechUtterance U(string utt, string spk, string text, int frames) =>
            new(utt, spk, text, [.. Enumerable.Range(1, frames * 2).Select(i => (float)i)], frames, 2);
        var utts = new[] { U("a", "s1", "one", 2), U("b", "s2", "two one", 3) };
        var tensors = SpeechTensors.Pad(utts, new LabelMap(["s1", "s2"]), new LabelMap(["one", "two"]));

        tensors[SpeechBatchKeys.Feats].shape.Should().Equal(2, 3, 2);
        tensors[SpeechBatchKeys.Feats][0].data<float>().ToArray().Should().Equal(1, 2, 3, 4, 0, 0);
        tensors[SpeechBatchKeys.Lengths].data<long>().ToArray().Should().Equal(2, 3);
        tensors[SpeechBatchKeys.Speaker].data<long>().ToArray().Should().Equal(0, 1);
        tensors[SpeechBatchKeys.Content].data<long>().ToArray().Should().Equal(0, SpeechBatchKeys.Ignore);
        var act = () => SpeechTensors.Pad([U("c", "s3", "one", 2)], new LabelMap(["s1"]), new LabelMap(["one"]));
        act.Should().Throw<ArgumentException>().WithMessage("*'c' has speaker 's3'*not in the speaker label map*");
    }
}
