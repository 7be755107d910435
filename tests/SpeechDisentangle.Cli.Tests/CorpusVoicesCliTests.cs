namespace SpeechDisentangle.Cli.Tests;

[Collection("cli")]
public sealed class CorpusVoicesCliTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "sdt-cli-voices-" + Guid.NewGuid().ToString("N"));

    public CorpusVoicesCliTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("synth-digits", "--voices 3 --speakers 4", "either --speakers (named voices) or --voices (drawn voices), not both")]
    [InlineData("synth-digits", "--voice-seed 3", "--voice-seed only applies to drawn voices: add --voices N")]
    [InlineData("synth-librispeech", "--voice-seed 3", "--voice-seed only applies to drawn voices: add --voices N")]
    [InlineData("synth-timit", "--voice-seed 3", "--voice-seed only applies to drawn voices: add --draw-voices")]
    [InlineData("synth-digits", "--voices 7000", "voices must be in [2, 6000]")]
    public void Synth_BadVoiceOptions_ExitOneSayingWhy(string command, string options, string message)
    {
        var (code, _, err) = CliRunner.Run(["corpus", command, "--out", Path.Combine(_dir, "c"), .. options.Split(' ')]);
        code.Should().Be(1);
        err.Should().Contain(message);
        Directory.Exists(Path.Combine(_dir, "c")).Should().BeFalse("nothing is written when the options are wrong");
    }

    [Fact]
    public void DrawnVoices_ThroughFeatures_AreToldApartByTheProbe()
    {
        string corpus = Path.Combine(_dir, "corpus"), data = Path.Combine(_dir, "data"), feats = Path.Combine(_dir, "feats");
        string json = Path.Combine(_dir, "probe.json");
        Run("corpus", "synth-digits", "--out", corpus, "--voices", "3", "--voice-seed", "2", "--repeats", "2", "--sentences", "0", "--nj", "2");
        Run("data", "prepare-vctk", "--corpus", corpus, "--out", data);
        Run("features", "compute", "--data-dir", data, "--out-dir", feats);

        string output = Run("features", "probe", "--data-dir", feats, "--held-fraction", "0.5", "--steps", "200", "--out", json);

        output.Should().Contain("speaker probe").And.Contain("3 classes, 30 utterances fitted, 30 scored");
        File.ReadAllText(json).Should().Contain("\"LogisticAccuracy\"");

        string folded = Run("features", "probe", "--data-dir", feats, "--folds", "2", "--steps", "200");
        folded.Should().Contain("3 classes, 30 utterances fitted (at most, per fold), 60 scored (held out: 2-fold cross-validation")
            .And.MatchRegex(@"logistic regression per fold: [0-9.]+ / [0-9.]+\n");
    }

    [Fact]
    public void SelectVoices_WritesTheIdsOfTheRegion_ThatSplitHoldsOut()
    {
        string corpus = Path.Combine(_dir, "corpus"), data = Path.Combine(_dir, "data"), feats = Path.Combine(_dir, "feats");
        string held = Path.Combine(_dir, "held.txt"), split = Path.Combine(_dir, "split");
        Run("corpus", "synth-digits", "--out", corpus, "--voices", "6", "--voice-seed", "3", "--repeats", "3", "--sentences", "0", "--nj", "2");
        Run("data", "prepare-vctk", "--corpus", corpus, "--out", data);
        Run("features", "compute", "--data-dir", data, "--out-dir", feats);
        var rows = Audio.Corpora.VoiceTable.Read(Path.Combine(corpus, "voices.tsv"));
        var males = rows.Where(r => r["gender"] == "M").Select(r => r["speaker"]).ToList();

        Run("corpus", "select-voices", "--table", Path.Combine(corpus, "voices.tsv"), "--where", "gender=M", "--out", held);
        File.ReadAllLines(held).Should().Equal(males);
        Run("data", "split", "--data-dir", feats, "--out-dir", split, "--held-speakers-file", held, "--valid-fraction", "0", "--test-fraction", "0.34");
        File.ReadAllLines(Path.Combine(split, "unseen", "spk2utt")).Select(l => l.Split(' ')[0]).Should().Equal(males);

        var (code, _, err) = CliRunner.Run("corpus", "select-voices", "--table", Path.Combine(corpus, "voices.tsv"), "--where", "height>2");
        code.Should().Be(1);
        err.Should().Contain("unknown column 'height'");
    }

    static string Run(params string[] args)
    {
        var (code, output, err) = CliRunner.Run(args);
        code.Should().Be(0, $"sdt {string.Join(' ', args)} failed: {err}");
        return output;
    }
}
