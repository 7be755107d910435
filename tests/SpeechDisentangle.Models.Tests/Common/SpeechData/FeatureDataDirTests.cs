using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Config;

namespace SpeechDisentangle.Models.Tests.Common.SpeechData;

public class FeatureDataDirTests
{
    static double[] Mean(IEnumerable<SpeechUtterance> utts)
    {
        var sum = new double[SyntheticFeatureDir.Bins];
        long frames = 0;
        foreach (var u in utts)
        {
            for (int i = 0; i < u.Feats.Length; i++) sum[i % u.Bins] += u.Feats[i];
            frames += u.Frames;
        }
        return [.. sum.Select(s => s / frames)];
    }

    [Fact]
    public void Load_ArkWithoutCmvn_ReturnsStoredFeaturesSpeakersAndText()
    {
        using var data = new SyntheticFeatureDir(speakers: 2, repeats: 2);
        var dir = FeatureDataDir.Load(data.Dir, CmvnMode.None);

        dir.Utterances.Select(u => u.Utt).Should().Equal(data.Feats.Keys.Order(StringComparer.Ordinal));
        dir.Bins.Should().Be(SyntheticFeatureDir.Bins);
        dir.Speakers.Should().Equal("spk0", "spk1");
        var first = dir.Utterances[0];
        first.Feats.Should().Equal(data.Feats[first.Utt].Data);
        first.Frames.Should().Be(data.Feats[first.Utt].Rows);
        first.Text.Should().Be(data.Text[first.Utt]);
        first.Speaker.Should().Be("spk0");
    }

    [Fact]
    public void Load_AnotherScpOfVectors_ReadsEachAsOneFrameAndRefusesThemInFeatsScp()
    {
        using var data = new SyntheticFeatureDir(speakers: 2, repeats: 2);
        var vectors = data.Feats.Keys.Order(StringComparer.Ordinal)
            .ToDictionary(utt => utt, utt => KaldiMatrix.Vector(new[] { utt.Length, 1f, 2f }), StringComparer.Ordinal);
        KaldiArk.Write(Path.Combine(data.Dir, "vectors.ark"), vectors, Path.Combine(data.Dir, "utt_embeddings.scp"));

        var dir = FeatureDataDir.Load(data.Dir, CmvnMode.None, scp: "utt_embeddings.scp");

        dir.Bins.Should().Be(3);
        dir.Utterances.Should().AllSatisfy(u => u.Frames.Should().Be(1));
        dir.Utterances[0].Feats.Should().Equal(dir.Utterances[0].Utt.Length, 1f, 2f);
        File.Copy(Path.Combine(data.Dir, "utt_embeddings.scp"), Path.Combine(data.Dir, "feats.scp"), overwrite: true);
        var asFeats = () => FeatureDataDir.Load(data.Dir, CmvnMode.None);
        asFeats.Should().Throw<DataDirException>().WithMessage("*holds a vector, not a frames x bins matrix*");
        var missing = () => FeatureDataDir.Load(data.Dir, CmvnMode.None, scp: "nope.scp");
        missing.Should().Throw<DataDirException>().WithMessage("*nope.scp: missing*");
    }

    [Fact]
    public void Load_NpyScp_ReadsTheSameFeatures()
    {
        using var data = new SyntheticFeatureDir(speakers: 2, repeats: 2, npy: true);
        var dir = FeatureDataDir.Load(data.Dir, CmvnMode.None);
        dir.Utterances.Should().HaveCount(data.Feats.Count);
        foreach (var u in dir.Utterances) u.Feats.Should().Equal(data.Feats[u.Utt].Data);
    }

    [Fact]
    public void Load_UtteranceCmvn_GivesZeroMeanPerUtterance()
    {
        using var data = new SyntheticFeatureDir(speakers: 2, repeats: 2);
        foreach (var u in FeatureDataDir.Load(data.Dir, CmvnMode.Utterance).Utterances)
            Mean([u]).Should().AllSatisfy(m => m.Should().BeApproximately(0, 1e-4));
    }

    [Fact]
    public void Load_SpeakerCmvn_GivesZeroMeanPerSpeakerFromCmvnScp()
    {
        using var data = new SyntheticFeatureDir(speakers: 3, repeats: 2);
        var dir = FeatureDataDir.Load(data.Dir, CmvnMode.Speaker);
        foreach (var group in dir.Utterances.GroupBy(u => u.Speaker))
            Mean(group).Should().AllSatisfy(m => m.Should().BeApproximately(0, 1e-4));
        Mean([dir.Utterances[0]]).Max(Math.Abs).Should().BeGreaterThan(0.05, "one utterance is not its speaker's mean");
    }

    [Fact]
    public void Load_GlobalCmvn_GivesZeroMeanOverAll()
    {
        using var data = new SyntheticFeatureDir(speakers: 3, repeats: 2);
        var dir = FeatureDataDir.Load(data.Dir, CmvnMode.Global);
        Mean(dir.Utterances).Should().AllSatisfy(m => m.Should().BeApproximately(0, 1e-4));
        Mean(dir.Utterances.Where(u => u.Speaker == "spk2")).Max(Math.Abs).Should().BeGreaterThan(0.2, "speakers keep their offsets");
    }

    [Fact]
    public void Load_UtteranceWithoutFeatures_ThrowsNamingUtt2SpkLine()
    {
        using var data = new SyntheticFeatureDir(speakers: 2, repeats: 2);
        File.AppendAllText(Path.Combine(data.Dir, "utt2spk"), "zz_001 spk9\n");
        var act = () => FeatureDataDir.Load(data.Dir);
        act.Should().Throw<DataDirException>().WithMessage($"*utt2spk:{data.Utt2Spk.Count + 1}: utterance 'zz_001' has no features in feats.scp*");
    }

    [Fact]
    public void Load_MismatchedBins_ThrowsNamingScpLine()
    {
        using var data = new SyntheticFeatureDir(speakers: 2, repeats: 2);
        string last = data.Feats.Keys.Order(StringComparer.Ordinal).Last();
        var entries = KaldiArk.Write(Path.Combine(data.Root, "odd.ark"), [new(last, new KaldiMatrix(3, 4, new float[12]))]);
        var lines = File.ReadAllLines(Path.Combine(data.Dir, "feats.scp"));
        lines[^1] = $"{last} {entries[0].RxSpecifier}";
        File.WriteAllLines(Path.Combine(data.Dir, "feats.scp"), lines);
        var act = () => FeatureDataDir.Load(data.Dir, CmvnMode.None);
        act.Should().Throw<DataDirException>().WithMessage($"*feats.scp:{lines.Length}: '{last}' has 4 feature bins but*has 6*");
    }

    [Fact]
    public void Load_SpeakerCmvnWithoutStats_ThrowsNamingSpeaker()
    {
        using var data = new SyntheticFeatureDir(speakers: 2, repeats: 2);
        File.WriteAllLines(Path.Combine(data.Dir, "cmvn.scp"), File.ReadAllLines(Path.Combine(data.Dir, "cmvn.scp")).Take(1));
        var act = () => FeatureDataDir.Load(data.Dir, CmvnMode.Speaker);
        act.Should().Throw<DataDirException>().WithMessage("*cmvn.scp: speaker 'spk1' has no CMVN stats*");
        FeatureDataDir.Load(data.Dir, CmvnMode.Utterance).Utterances.Should().NotBeEmpty("other modes do not need cmvn.scp");
    }

    [Fact]
    public void Load_Utt2NumFramesDisagrees_ThrowsNamingLine()
    {
        using var data = new SyntheticFeatureDir(speakers: 2, repeats: 2);
        var lines = File.ReadAllLines(Path.Combine(data.Dir, "utt2num_frames"));
        lines[1] = lines[1].Split(' ')[0] + " 999";
        File.WriteAllLines(Path.Combine(data.Dir, "utt2num_frames"), lines);
        var act = () => FeatureDataDir.Load(data.Dir, CmvnMode.None);
        act.Should().Throw<DataDirException>().WithMessage("*utt2num_frames:2: utt2num_frames says '999' frames*");
    }

    [Fact]
    public void Bind_CmvnNames_MapToModesAndRejectOthersListingTheChoices()
    {
        static CmvnMode Bind(string name) =>
            new ConfigMap(new Dictionary<string, object?> { ["cmvn"] = name }, "data").Bind<CmvnChoice>().Cmvn;

        Bind("utt").Should().Be(CmvnMode.Utterance);
        Bind("utterance").Should().Be(CmvnMode.Utterance);
        Bind("Speaker").Should().Be(CmvnMode.Speaker);
        Bind("spk").Should().Be(CmvnMode.Speaker);
        var act = () => Bind("per-frame");
        act.Should().Throw<ConfigException>().WithMessage("*data.cmvn: 'per-frame' is not one of *none*speaker*global*");
    }

    sealed record CmvnChoice
    {
        public CmvnMode Cmvn { get; init; }
    }
}
