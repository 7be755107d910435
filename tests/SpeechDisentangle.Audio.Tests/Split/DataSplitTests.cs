using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.Tests.Split;

public class DataSplitTests
{
    static readonly DataSplitOptions Options = new() { HeldSpeakers = 2, ValidFraction = 0.2, TestFraction = 0.2, Seed = 3 };

    static Dictionary<string, string> Table(string path) =>
        File.ReadAllLines(path).Select(l => l.Split(' ', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");

    [Fact]
    public void Run_HeldSpeakers_WritesDisjointSplitsCoveringEveryUtterance()
    {
        using var data = new SplitDataDir();
        var result = DataSplit.Run(data.Dir, data.Out, Options);

        var all = Table(Path.Combine(data.Dir, "utt2spk"));
        var splits = DataSplit.Names.ToDictionary(n => n, n => Table(Path.Combine(data.Out, n, "utt2spk")));
        splits.Values.Sum(s => s.Count).Should().Be(all.Count);
        splits.Values.SelectMany(s => s.Keys).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(all.Keys);
        var unseenSpeakers = splits["unseen"].Values.Distinct().ToList();
        unseenSpeakers.Should().HaveCount(2);
        foreach (var name in new[] { "train", "valid", "test" })
            splits[name].Values.Should().NotIntersectWith(unseenSpeakers);
        splits["test"].Values.Distinct().Should().HaveCount(4, "every seen speaker is in test");
        result["train"].Should().BeEquivalentTo(splits["train"].Keys);
    }

    [Fact]
    public void Run_SeenSpeakers_StratifiesEveryContentClassIntoEverySplit()
    {
        using var data = new SplitDataDir();
        DataSplit.Run(data.Dir, data.Out, Options);

        foreach (var name in DataSplit.Names)
        {
            var words = Table(Path.Combine(data.Out, name, "text")).Values.Where(t => !t.Contains(' ')).ToList();
            words.Distinct().Should().BeEquivalentTo(["one", "two", "three"], $"{name} holds every digit");
        }
        // 4 seen speakers x 5 repeats = 20 per word; 20% = 4 in test and in valid.
        Table(Path.Combine(data.Out, "test", "text")).Values.Count(t => t == "two").Should().Be(4);
        Table(Path.Combine(data.Out, "valid", "text")).Values.Count(t => t == "two").Should().Be(4);
        File.ReadAllLines(Path.Combine(data.Out, "content.txt")).Should().Equal("one 0", "three 1", "two 2");
        File.ReadAllLines(Path.Combine(data.Out, "speakers.txt")).Should().HaveCount(4);
    }

    [Fact]
    public void Run_Subsets_AreLoadableDataDirsWithMatchingTables()
    {
        using var data = new SplitDataDir();
        DataSplit.Run(data.Dir, data.Out, Options);

        string test = Path.Combine(data.Out, "test");
        var dir = KaldiDataDir.Load(test);
        dir.FeatsScp.Keys.Should().BeEquivalentTo(dir.Utterances);
        Table(Path.Combine(test, "utt2num_frames")).Keys.Should().BeEquivalentTo(dir.Utterances);
        Table(Path.Combine(test, "cmvn.scp")).Keys.Should().BeEquivalentTo(dir.Spk2Utt.Keys);
        using var reader = new KaldiScpReader(Path.Combine(test, "feats.scp"));
        reader.Read(dir.Utterances[0]).Rows.Should().Be(3);
    }

    [Fact]
    public void Run_SameSeed_GivesSameSplit_OtherSeedDiffers()
    {
        using var data = new SplitDataDir();
        var a = DataSplit.Run(data.Dir, data.Out, Options);
        var b = DataSplit.Run(data.Dir, data.Out + "2", Options);
        var c = DataSplit.Run(data.Dir, data.Out + "3", Options with { Seed = 4 });
        b["test"].Should().Equal(a["test"]);
        (c["test"].SequenceEqual(a["test"]) && c["unseen"].SequenceEqual(a["unseen"])).Should().BeFalse();
    }

    [Fact]
    public void Run_SpeakerWithoutUtterances_ThrowsNamingSpk2Utt()
    {
        using var data = new SplitDataDir();
        File.AppendAllText(Path.Combine(data.Dir, "spk2utt"), "s9\n");
        var act = () => DataSplit.Run(data.Dir, data.Out, Options);
        act.Should().Throw<DataDirException>().WithMessage("*spk2utt:7: speaker 's9' has no utterances*");
        Directory.Exists(data.Out).Should().BeFalse("nothing is written when the input is bad");
    }

    [Fact]
    public void Run_TextOfUnknownUtterance_ThrowsNamingLine()
    {
        using var data = new SplitDataDir();
        File.AppendAllText(Path.Combine(data.Dir, "text"), "zz_999 four\n");
        var act = () => DataSplit.Run(data.Dir, data.Out, Options);
        act.Should().Throw<DataDirException>().WithMessage("*text:*: utterance 'zz_999' is not in utt2spk*");
    }

    [Fact]
    public void Run_ContentClassTooSmallForASplit_ThrowsNamingClassAndSplit()
    {
        using var data = new SplitDataDir(repeats: 1, sentences: false);
        var act = () => DataSplit.Run(data.Dir, data.Out, Options with { HeldSpeakers = 4 });
        act.Should().Throw<DataDirException>().WithMessage("*content 'one' has no utterance in the valid split*");
    }

    [Fact]
    public void Run_HeldSpeakerIds_HoldsOutExactlyThose()
    {
        using var data = new SplitDataDir();
        DataSplit.Run(data.Dir, data.Out, Options with { HeldSpeakerIds = ["s1", "s4", "s5"] });

        Table(Path.Combine(data.Out, "unseen", "utt2spk")).Values.Distinct().Order().Should().Equal("s1", "s4", "s5");
        Table(Path.Combine(data.Out, "train", "utt2spk")).Values.Distinct().Order().Should().Equal("s0", "s2", "s3");
    }

    [Fact]
    public void Run_HeldSpeakerIdsNotInTheData_ThrowsNamingThemAndTheFlag()
    {
        using var data = new SplitDataDir();
        var act = () => DataSplit.Run(data.Dir, data.Out, Options with { HeldSpeakerIds = ["s1", "p1234"] });
        act.Should().Throw<ArgumentException>().WithMessage("*utt2spk: has no speaker p1234 of the held-out list*--held-speakers-file*");
        var tooMany = () => DataSplit.Run(data.Dir, data.Out, Options with { HeldSpeakerIds = ["s0", "s1", "s2", "s3", "s4"] });
        tooMany.Should().Throw<ArgumentException>().WithMessage("*6 speakers; holding out the 5 listed leaves fewer than 2*");
    }

    [Fact]
    public void Run_TooManyHeldSpeakers_Throws()
    {
        using var data = new SplitDataDir(speakers: 3);
        var act = () => DataSplit.Run(data.Dir, data.Out, Options);
        act.Should().Throw<ArgumentException>().WithMessage("*3 speakers; holding out 2 leaves fewer than 2*");
    }

    [Fact]
    public void Validate_BadFractions_ListsEveryProblem()
    {
        var act = () => new DataSplitOptions { HeldSpeakers = 0, ValidFraction = 0.6, TestFraction = 0.5 }.Validate();
        act.Should().Throw<ArgumentException>().Which.Message.Should()
            .Contain("held-speakers").And.Contain("valid-fraction + test-fraction");
    }
}
