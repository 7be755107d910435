using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Cli.Tests.Slurm;

/// <summary>
/// The recipes' --cmd mechanism (recipes/common/cmd.sh, sharded.sh): feature extraction through a private Slurm as
/// array tasks over --shard K/N plus a merge gives the local run's tables and features bit for bit, and a failed task
/// is named.
/// </summary>
public sealed class RecipeCmdTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("sdt-cmd-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Script => Path.Combine(Bash.RepoRoot, "tests", "SpeechDisentangle.Cli.Tests", "Slurm", "compute-features.sh");

    Dictionary<string, string> Env(IReadOnlyDictionary<string, string>? slurm = null)
    {
        var env = new Dictionary<string, string> { ["SDT_BIN"] = Bash.Sdt, ["CMD_POLL_SECONDS"] = "0.3" };
        foreach (var (k, v) in slurm ?? new Dictionary<string, string>()) env[k] = v;
        return env;
    }

    /// <summary>Two speakers' noisy tones of different lengths; the last utterance's file is junk when asked.</summary>
    string MakeDataDir(string name, bool lastIsJunk = false)
    {
        var rng = new Random(7);
        var wavScp = new Dictionary<string, string>(StringComparer.Ordinal);
        var utt2spk = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int s = 0; s < 2; s++)
        {
            for (int u = 0; u < 5; u++)
            {
                string utt = $"spk{s}_u{u}", path = Path.Combine(_dir, "wav", utt + ".wav");
                int n = 4000 + 1600 * u + 800 * s;
                double hz = 200 + 150 * s + 40 * u;
                var samples = Enumerable.Range(0, n)
                    .Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * hz * i / 16000) + 0.02 * (rng.NextDouble() - 0.5))).ToArray();
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                WavWriter.Write(path, AudioData.Mono(samples, 16000));
                wavScp[utt] = path;
                utt2spk[utt] = $"spk{s}";
                text[utt] = $"word{u}";
            }
        }
        if (lastIsJunk)
        {
            string junk = Path.Combine(_dir, "junk.wav");
            File.WriteAllText(junk, "not audio");
            wavScp["spk1_u4"] = junk;
        }
        string dir = Path.Combine(_dir, name);
        KaldiDataDir.Create(wavScp, utt2spk, text).Save(dir);
        return dir;
    }

    [SlurmFact]
    public void ComputeFeatures_ThroughSlurmArrayAndMerge_EqualsTheLocalRunByteForByte()
    {
        string data = MakeDataDir("data"), feats = Path.Combine(_dir, "feats"), local = Path.Combine(_dir, "feats-local");
        var (code, _, err) = Bash.Run(Env(), _dir, Script, "local", data, local, "2");
        code.Should().Be(0, err);

        using (var slurm = PrivateSlurm.Start(Path.Combine(_dir, "slurm")))
        {
            var (slurmCode, output, slurmErr) = Bash.Run(Env(slurm.Env), _dir, Script, "slurm", data, feats, "2");
            slurmCode.Should().Be(0, slurmErr + output);
            output.Should().Contain("features: Slurm array job").And.Contain("2 tasks").And.Contain("features_merge: Slurm array job");
        }

        // Shard K of N names its archives feats.K.B.ark where one --nj N run names them feats.B.ark, so the scp files
        // differ in their paths; what they point to must not: every table without paths byte for byte, every
        // feature and CMVN matrix bit for bit through its scp.
        foreach (string table in new[] { "utt2num_frames", "utt2spk", "spk2utt", "text", "wav.scp" })
            File.ReadAllBytes(Path.Combine(feats, table)).Should().Equal(File.ReadAllBytes(Path.Combine(local, table)), $"{table} should be the same bytes");
        foreach (string scp in new[] { "feats.scp", "cmvn.scp" })
        {
            using var expected = new KaldiScpReader(Path.Combine(local, scp));
            using var actual = new KaldiScpReader(Path.Combine(feats, scp));
            actual.Keys.Should().Equal(expected.Keys, $"{scp} lists the same utterances or speakers in the same order");
            foreach (string key in expected.Keys)
            {
                var (a, b) = (actual.Read(key), expected.Read(key));
                (a.Rows, a.Cols).Should().Be((b.Rows, b.Cols), $"{scp} {key}");
                a.Data.Select(BitConverter.SingleToInt32Bits).Should().Equal(b.Data.Select(BitConverter.SingleToInt32Bits), $"{scp} {key} bit for bit");
            }
        }
        File.ReadAllText(Path.Combine(feats, "log", "features.2.log")).Should().Contain("--shard 2/2");
    }

    [SlurmFact]
    public void ComputeFeatures_ThroughSlurmWithABadFile_NamesTheFailedTaskAndItsLogAndFails()
    {
        string data = MakeDataDir("bad", lastIsJunk: true), feats = Path.Combine(_dir, "feats");
        using var slurm = PrivateSlurm.Start(Path.Combine(_dir, "slurm"));
        var (code, _, err) = Bash.Run(Env(slurm.Env), _dir, Script, "slurm", data, feats, "2");

        code.Should().NotBe(0);
        err.Should().Contain($"features task 2 of 2 failed with exit status 1; log: {Path.Combine(feats, "log", "features.2.log")}")
            .And.Contain("junk.wav").And.Contain("1 of 2 features tasks failed");
        err.Should().NotContain("task 1 of 2 failed");
        File.Exists(Path.Combine(feats, "feats.scp")).Should().BeFalse("the merge must not run after a failed task");
    }

    /// <summary>Runs a bash script with REPO (the repository root) and LOGS (<paramref name="logs"/>) set.</summary>
    (int Code, string Output, string Err) RunRecipe(string script, string logs = "")
    {
        var env = Env();
        env["REPO"] = Bash.RepoRoot;
        env["LOGS"] = logs;
        return Bash.Run(env, _dir, "-c", script);
    }

    [Fact]
    public void RunArray_LocalWithAFailingTask_ReplacesJobNamesTheTaskAndItsLogAndReturnsOne()
    {
        string logs = Path.Combine(_dir, "logs");
        const string Recipe = """
            set -euo pipefail
            cmd=local; slurm_opts=
            . "$REPO/recipes/common/sdt.sh"; . "$REPO/recipes/common/cmd.sh"
            run_array square 3 "$LOGS" -- bash -c 'echo "task JOB"; [ JOB != 2 ]'
            echo "not reached"
            """;
        var (code, output, err) = RunRecipe(Recipe, logs);

        code.Should().Be(1);
        output.Should().NotContain("not reached", "set -e stops the recipe at the failed step");
        err.Should().Contain($"square task 2 of 3 failed with exit status 1; log: {Path.Combine(logs, "square.2.log")}")
            .And.Contain("1 of 3 square tasks failed").And.NotContain("task 1 of 3 failed").And.NotContain("task 3 of 3 failed");
        for (int j = 1; j <= 3; j++) File.ReadAllText(Path.Combine(logs, $"square.{j}.log")).Should().Contain($"task {j}\n");
    }

    [Fact]
    public void RunParallel_LocalJobs_RunInTheBackgroundTwoAtATime_AndWaitParallelNamesTheFailedOneAndItsLog()
    {
        string logs = Path.Combine(_dir, "logs");
        // Each job records how many jobs were running when it started: never more than local_jobs.
        const string Recipe = """
            set -euo pipefail
            cmd=local; slurm_opts=; local_jobs=2
            . "$REPO/recipes/common/sdt.sh"; . "$REPO/recipes/common/cmd.sh"
            for name in a b c d; do
              rc=0; [ $name = b ] && rc=3
              run_parallel $name "$LOGS" -- bash -c "touch $LOGS/$name.running; ls $LOGS/*.running | wc -l; sleep 1; rm $LOGS/$name.running; exit $rc"
            done
            echo "all started"
            wait_parallel
            echo "not reached"
            """;
        var (code, output, err) = RunRecipe(Recipe, logs);

        code.Should().Be(1);
        output.Should().Contain("all started").And.Contain("a: done").And.Contain("d: done").And.NotContain("not reached");
        err.Should().Contain($"b failed with exit status 3; log: {Path.Combine(logs, "b.log")}").And.Contain("1 of 4 jobs failed");
        foreach (var name in new[] { "a", "b", "c", "d" })
            int.Parse(File.ReadAllLines(Path.Combine(logs, $"{name}.log")).First(l => !l.StartsWith('#')).Trim()).Should().BeInRange(1, 2);
    }

    [Fact]
    public void LocalJobs_NotAPositiveWholeNumber_Stops()
    {
        var (code, _, err) = RunRecipe("cmd=local; local_jobs=0; . \"$REPO/recipes/common/sdt.sh\"; . \"$REPO/recipes/common/cmd.sh\"; echo reached");
        code.Should().Be(1);
        err.Should().Contain("--local-jobs must be a whole number >= 1, got '0'");
    }

    [Fact]
    public void CmdOption_UnknownValue_StopsNamingTheChoices()
    {
        var (code, _, err) = RunRecipe("cmd=sge; . \"$REPO/recipes/common/sdt.sh\"; . \"$REPO/recipes/common/cmd.sh\"; echo reached");
        code.Should().Be(1);
        err.Should().Contain("--cmd must be local or slurm, got 'sge'");
    }
}
