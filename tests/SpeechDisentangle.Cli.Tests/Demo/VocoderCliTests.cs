using System.Text.RegularExpressions;

namespace SpeechDisentangle.Cli.Tests.Demo;

/// <summary>`sdt train vocoder`, then `--vocoder CKPT` on `sdt convert` and `sdt demo` with the tiny vc-adain model of the fixture.</summary>
[Collection("vc-cli")]
public sealed partial class VocoderCliTests(VcExperimentFixture fixture)
{
    [GeneratedRegex("<audio[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex AudioSrc();

    /// <summary>Trains a tiny vocoder of <paramref name="nMels"/> bands through the CLI on a data dir of the fixture's two WAVs.</summary>
    private string TrainVocoder(int nMels)
    {
        string data = Path.Combine(fixture.Root, $"vocoder-data-{nMels}");
        Directory.CreateDirectory(data);
        string[] speakers = ["a", "b", "c"];
        var utts = speakers.SelectMany(s => new[] { (s, $"{s}_1", fixture.SourceWav), (s, $"{s}_2", fixture.ReferenceWav) }).ToList();
        File.WriteAllLines(Path.Combine(data, "wav.scp"), utts.Select(u => $"{u.Item2} {u.Item3}"));
        File.WriteAllLines(Path.Combine(data, "utt2spk"), utts.Select(u => $"{u.Item2} {u.s}"));
        File.WriteAllLines(Path.Combine(data, "spk2utt"), speakers.Select(s => $"{s} {s}_1 {s}_2"));
        string exp = Path.Combine(fixture.Root, $"vocoder-{nMels}-" + Guid.NewGuid().ToString("N")[..8]);
        var (code, _, err) = CliRunner.Run("train", "vocoder", "--data", data, "--out", exp,
            "--set", $"model_options.n_mels={nMels}", "--set", "model_options.channels=8", "--set", "model_options.intermediate_channels=8",
            "--set", "model_options.blocks=1", "--set", "model_options.stft_resolutions=[64]", "--set", "trainer.max_steps=2",
            "--set", "trainer.batch_size=2", "--set", "trainer.progress=false", "--set", "data.segment_frames=10",
            "--set", "data.batches_per_epoch=2", "--set", "data.unseen_speakers=2", "--set", "data.test_every=2",
            "--set", "data.eval_utterances=2", "--set", "data.judge_steps=2");
        code.Should().Be(0, err);
        return Path.Combine(exp, "checkpoints", "last.ckpt");
    }

    [Fact]
    public void Convert_WithTrainedVocoder_WritesWavOfTheSourceLength()
    {
        string vocoder = TrainVocoder(VcExperimentFixture.Bins);
        string output = Path.Combine(fixture.Root, "convert-vocoder", "one.wav");

        var (code, _, err) = CliRunner.Run("convert", "--checkpoint", fixture.Checkpoint, "--source", fixture.SourceWav,
            "--target", fixture.ReferenceWav, "--out", output, "--vocoder", vocoder);

        code.Should().Be(0, err);
        var (rate, _, seconds) = WavHeader.Read(output);
        rate.Should().Be(16000);
        seconds.Should().BeApproximately(0.8, 0.011, "the neural vocoder, as Griffin-Lim, gives (T - 1) * hop samples");
    }

    [Fact]
    public void Demo_WithTrainedVocoder_OffersGriffinLimAndNeuralAudioInEveryCell()
    {
        string vocoder = TrainVocoder(VcExperimentFixture.Bins);
        string outDir = Path.Combine(fixture.Root, "demo-vocoder-" + Guid.NewGuid().ToString("N")[..8]);

        var (code, _, err) = CliRunner.Run("demo", "--checkpoint", fixture.Checkpoint, "--data-dir", fixture.Features, "--out-dir", outDir,
            "--pairs", "2", "--vocoder", vocoder);

        code.Should().Be(0, err);
        string html = File.ReadAllText(Path.Combine(outDir, "index.html"));
        var audio = AudioSrc().Matches(html).Select(m => m.Groups[1].Value).ToList();
        audio.Should().HaveCount(24, "2 sections x 2 rows x 3 columns x (Griffin-Lim, neural)");
        audio.Count(a => a.EndsWith("_neural.wav", StringComparison.Ordinal)).Should().Be(12);
        foreach (var a in audio) WavHeader.Read(Path.Combine(outDir, a)).Seconds.Should().BePositive(a);
        html.Should().Contain("neural vocoder");
    }

    [Fact]
    public void Convert_VocoderOfAnotherMel_FailsNamingBothAndWritesNothing()
    {
        string vocoder = TrainVocoder(VcExperimentFixture.Bins + 4);
        string output = Path.Combine(fixture.Root, "convert-mismatch", "never.wav");

        var (code, _, err) = CliRunner.Run("convert", "--checkpoint", fixture.Checkpoint, "--source", fixture.SourceWav,
            "--target", fixture.ReferenceWav, "--out", output, "--vocoder", vocoder);

        code.Should().Be(1);
        err.Should().Contain($"inverts {VcExperimentFixture.Bins + 4} Slaney mel bands").And.Contain($"mel is {VcExperimentFixture.Bins} Slaney mel bands");
        File.Exists(output).Should().BeFalse();
    }

    [Fact]
    public void Convert_VocoderSet_ReachesTheVocoderAndIsRefusedWithoutOne()
    {
        string vocoder = TrainVocoder(VcExperimentFixture.Bins);
        string dir = Path.Combine(fixture.Root, "convert-vocoder-set-" + Guid.NewGuid().ToString("N")[..8]);
        string[] Args(string output, params string[] extra) =>
            ["convert", "--checkpoint", fixture.Checkpoint, "--source", fixture.SourceWav, "--target", fixture.ReferenceWav, "--out", Path.Combine(dir, output), .. extra];

        var (ok, _, okErr) = CliRunner.Run(Args("refined.wav", "--vocoder", vocoder, "--vocoder-set", "model_options.phase_refinement_iterations=3"));
        var (plain, _, plainErr) = CliRunner.Run(Args("plain.wav", "--vocoder", vocoder));
        var (unknown, _, unknownErr) = CliRunner.Run(Args("unknown.wav", "--vocoder", vocoder, "--vocoder-set", "model_options.no_such_key=1"));
        var (alone, _, aloneErr) = CliRunner.Run(Args("alone.wav", "--vocoder-set", "model_options.phase_refinement_iterations=3"));

        ok.Should().Be(0, okErr);
        plain.Should().Be(0, plainErr);
        File.ReadAllBytes(Path.Combine(dir, "refined.wav")).Should().NotEqual(File.ReadAllBytes(Path.Combine(dir, "plain.wav")), "the setting reached the vocoder");
        unknown.Should().NotBe(0);
        unknownErr.Should().Contain("--vocoder-set model_options.no_such_key=1");
        alone.Should().NotBe(0);
        aloneErr.Should().Contain("--vocoder-set").And.Contain("--vocoder CKPT");
        File.Exists(Path.Combine(dir, "alone.wav")).Should().BeFalse();
    }

    [Fact]
    public void BenchVocoder_TimesGriffinLimTheNetworkAndTheRefinement_OnSyntheticOrGivenAudio()
    {
        string vocoder = TrainVocoder(VcExperimentFixture.Bins);

        var (synthetic, syntheticOut, syntheticErr) = CliRunner.Run("bench", "vocoder", "--checkpoint", vocoder, "--iterations", "3",
            "--repeats", "1", "--seconds", "0.5");
        var (given, givenOut, givenErr) = CliRunner.Run("bench", "vocoder", "--checkpoint", vocoder, "--iterations", "2",
            "--repeats", "1", "--wav", fixture.SourceWav);
        var (unrefined, _, unrefinedErr) = CliRunner.Run("bench", "vocoder", "--checkpoint", vocoder, "--repeats", "1");

        synthetic.Should().Be(0, syntheticErr);
        syntheticOut.Should().Contain("0.50 s of audio").And.Contain("griffin-lim (32 iterations): RTF")
            .And.Contain("neural, network alone: RTF").And.Contain("neural, refined (3 iterations): RTF");
        given.Should().Be(0, givenErr);
        givenOut.Should().Contain("0.80 s of audio").And.Contain("neural, refined (2 iterations): RTF");
        unrefined.Should().NotBe(0, "a vocoder trained without refinement has none to time");
        unrefinedErr.Should().Contain("--iterations N");
    }

    [Fact]
    public void BenchVocoder_BadInput_IsRefusedNamingTheFlagAndTheFile()
    {
        string vocoder = TrainVocoder(VcExperimentFixture.Bins);
        string missingWav = Path.Combine(fixture.Root, "no-such.wav");
        string notAudio = Path.Combine(fixture.Root, "not-audio.wav");
        File.WriteAllText(notAudio, "this is not a WAV file");

        (int Code, string Err) Bench(params string[] args)
        {
            var (code, _, err) = CliRunner.Run(["bench", "vocoder", .. args]);
            return (code, err);
        }

        var notVocoder = Bench("--checkpoint", fixture.Checkpoint, "--iterations", "2");
        notVocoder.Code.Should().NotBe(0);
        notVocoder.Err.Should().Contain("--checkpoint").And.Contain("is not a vocoder").And.NotContain("griffin-lim", "the bench has no Griffin-Lim choice to offer");
        var missing = Bench("--checkpoint", vocoder, "--iterations", "2", "--wav", missingWav);
        missing.Code.Should().NotBe(0);
        missing.Err.Should().Contain("--wav").And.Contain(missingWav);
        var unreadable = Bench("--checkpoint", vocoder, "--iterations", "2", "--wav", notAudio);
        unreadable.Code.Should().NotBe(0);
        unreadable.Err.Should().Contain("--wav").And.Contain(notAudio);
        foreach (var seconds in new[] { "0", "4000", "0.001" })
        {
            var tooShortOrLong = Bench("--checkpoint", vocoder, "--iterations", "2", "--seconds", seconds);
            tooShortOrLong.Code.Should().NotBe(0, $"--seconds {seconds}");
            tooShortOrLong.Err.Should().Contain("--seconds");
        }
        var zero = Bench("--checkpoint", vocoder, "--iterations", "0");
        zero.Code.Should().NotBe(0);
        zero.Err.Should().Contain("--iterations must be >= 1");
    }
}
