using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Common.SpeechData.Streaming;

namespace SpeechDisentangle.Models.Tests.Common.SpeechData.Streaming;

public sealed class FeatureIndexTests : IDisposable
{
    readonly SyntheticFeatureDir _data = new(speakers: 2, repeats: 2);
    string Scp => Path.Combine(_data.Dir, "feats.scp");
    string Ark => Path.Combine(_data.Dir, "data", "feats.ark");

    [Theory]
    [InlineData(CmvnMode.Speaker, false)]
    [InlineData(CmvnMode.Global, true)]
    [InlineData(CmvnMode.None, false)]
    public void Reader_GivesTheFeaturesLoadGives_WithHeadersOnlyInTheIndex(CmvnMode cmvn, bool normVars)
    {
        var memory = FeatureDataDir.Load(_data.Dir, cmvn, normVars);
        var index = FeatureIndex.Load(_data.Dir, cmvn, normVars);

        index.Utterances.Select(u => (u.Utt, u.Speaker, u.Text, u.Frames, u.Bins))
            .Should().Equal(memory.Utterances.Select(u => (u.Utt, u.Speaker, u.Text, u.Frames, u.Bins)));
        index.Utterances.Should().AllSatisfy(u => u.Feats.Should().BeEmpty("the index holds no features"));
        using var reader = index.Index!.OpenReader();
        foreach (var (header, loaded) in index.Utterances.Zip(memory.Utterances))
            reader.Read(header).Feats.Should().Equal(loaded.Feats);
    }

    [Fact]
    public void Npy_IsIndexedFromItsHeaderAndReadTheSame()
    {
        using var npy = new SyntheticFeatureDir(speakers: 2, repeats: 2, npy: true);
        var memory = FeatureDataDir.Load(npy.Dir, CmvnMode.Utterance);
        var index = FeatureIndex.Load(npy.Dir, CmvnMode.Utterance);
        using var reader = index.Index!.OpenReader();
        index.Utterances.Select(u => reader.Read(u)).Select(u => u.Feats).Should().BeEquivalentTo(memory.Utterances.Select(u => u.Feats), o => o.WithStrictOrdering());
    }

    [Fact]
    public void OffsetOutsideTheArchive_IsNamedWithItsScpLine()
    {
        var lines = File.ReadAllLines(Scp);
        string utt = lines[1].Split(' ')[0];
        lines[1] = $"{utt} {Ark}:{new FileInfo(Ark).Length + 100}";
        File.WriteAllLines(Scp, lines);

        var load = () => FeatureIndex.Load(_data.Dir, CmvnMode.None);

        load.Should().Throw<DataDirException>().WithMessage($"*feats.scp:2*'{utt}'*offset*outside the file*");
    }

    [Fact]
    public void TruncatedArchive_AndMissingArchive_AreFoundWhenIndexing()
    {
        using (var f = new FileStream(Ark, FileMode.Open)) f.SetLength(f.Length - 10);
        var truncated = () => FeatureIndex.Load(_data.Dir, CmvnMode.None);
        truncated.Should().Throw<DataDirException>().WithMessage("*feats.ark*truncated*");

        File.Delete(Ark);
        var missing = () => FeatureIndex.Load(_data.Dir, CmvnMode.None);
        missing.Should().Throw<DataDirException>().WithMessage("*feats.ark' does not exist*");
    }

    [Fact]
    public void FeaturesChangedAfterIndexing_AreAnErrorWhenRead()
    {
        var index = FeatureIndex.Load(_data.Dir, CmvnMode.None);
        var first = index.Utterances[0];
        var shorter = new KaldiMatrix(first.Frames - 1, first.Bins, new float[(first.Frames - 1) * first.Bins]);
        KaldiArk.Write(Ark, index.Utterances.Select(u => new KeyValuePair<string, KaldiMatrix>(u.Utt, u == first ? shorter : new KaldiMatrix(u.Frames, u.Bins, new float[u.Frames * u.Bins]))));
        using var reader = index.Index!.OpenReader();

        var read = () => reader.Read(first);

        read.Should().Throw<InvalidDataException>().WithMessage($"*'{first.Utt}'*changed*");
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, 1)]
    public void FeaturesChangedAfterIndexing_AreAnErrorWhenReadCropped_BeforeAnythingIsCut(int moreFrames, int moreBins)
    {
        var index = FeatureIndex.Load(_data.Dir, CmvnMode.None);
        var first = index.Utterances[0];
        var changed = new KaldiMatrix(first.Frames + moreFrames, first.Bins + moreBins, new float[(first.Frames + moreFrames) * (first.Bins + moreBins)]);
        KaldiArk.Write(Ark, index.Utterances.Select(u => new KeyValuePair<string, KaldiMatrix>(u.Utt, u == first ? changed : new KaldiMatrix(u.Frames, u.Bins, new float[u.Frames * u.Bins]))));
        using var reader = index.Index!.OpenReader();

        var read = () => reader.Read(first, maxFrames: first.Frames - 4);

        read.Should().Throw<InvalidDataException>().WithMessage($"*feats.scp:1*'{first.Utt}'*now {changed.Rows}x{changed.Cols}*changed*");
    }

    [Fact]
    public void ChangedNpy_IsAnErrorWhenReadCropped()
    {
        using var npy = new SyntheticFeatureDir(speakers: 2, repeats: 2, npy: true);
        var index = FeatureIndex.Load(npy.Dir, CmvnMode.None);
        var first = index.Utterances[0];
        string path = File.ReadAllLines(Path.Combine(npy.Dir, "npy.scp"))[0].Split(' ')[1];
        NpyFile.Write(path, new float[first.Frames * (first.Bins - 1)], first.Frames, first.Bins - 1);
        using var reader = index.Index!.OpenReader();

        var read = () => reader.Read(first, maxFrames: first.Frames - 4);

        read.Should().Throw<InvalidDataException>().WithMessage($"*npy.scp:1*'{first.Utt}'*changed*");
    }

    [Fact]
    public void CroppedRead_OfNpy_GivesTheCentreOfTheWholeRead()
    {
        using var npy = new SyntheticFeatureDir(speakers: 2, repeats: 2, npy: true);
        var index = FeatureIndex.Load(npy.Dir, CmvnMode.Speaker);
        using var reader = index.Index!.OpenReader();
        foreach (var header in index.Utterances)
            reader.Read(header, maxFrames: 10).Feats.Should().Equal(UtteranceLengths.CropCentre(reader.Read(header), 10).Feats);
    }

    [Fact]
    public void AutoChoice_ComparesTheArchiveBytesWithTheLimit()
    {
        long bytes = FeatureLoadingChoice.FeatureBytes(_data.Dir);
        bytes.Should().Be(new FileInfo(Ark).Length);
        FeatureLoadingChoice.For(_data.Dir, new FeatureLoadingOptions { MemoryLimitGb = 1 }).Mode.Should().Be(FeatureLoadingMode.Memory);
        FeatureLoadingChoice.For(_data.Dir, new FeatureLoadingOptions { MemoryLimitGb = bytes / 2.0 / (1L << 30) }).Mode.Should().Be(FeatureLoadingMode.Stream);
        FeatureLoadingChoice.For(_data.Dir, new FeatureLoadingOptions { Mode = FeatureLoadingMode.Stream, MemoryLimitGb = 1 }).Mode.Should().Be(FeatureLoadingMode.Stream);
    }

    public void Dispose() => _data.Dispose();
}
