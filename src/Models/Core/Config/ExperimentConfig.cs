using System.Diagnostics;
using System.Globalization;
using SpeechDisentangle.Audio.Common;

namespace SpeechDisentangle.Models.Core.Config;

/// <summary>Writes the resolved config with its provenance (seed, git commit, time) into an experiment folder.</summary>
public static class ExperimentConfig
{
    public const string FileName = "config.yaml";

    /// <summary>The YAML of <paramref name="config"/> (snake_case keys, every default spelled out).</summary>
    public static string ToYaml(RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var tree = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["model"] = config.Model,
            ["model_options"] = ConfigBinder.ToTree(config.ModelOptions),
            ["trainer"] = ConfigBinder.ToTree(config.Trainer),
            ["optimizers"] = config.Optimizers.ToDictionary(kv => kv.Key, kv => (object?)ConfigBinder.ToTree(kv.Value), StringComparer.Ordinal),
            ["data"] = ConfigBinder.ToTree(config.Data),
        };
        if (config.Run is not null) tree["run"] = ConfigBinder.ToTree(config.Run);
        return ConfigYaml.Write(tree);
    }

    /// <summary>
    /// Writes <c>config.yaml</c> (atomically) into <paramref name="experimentDir"/> with a <c>run:</c> section: the
    /// trainer's seed, <c>git rev-parse HEAD</c> run in <paramref name="repoDir"/> (or "unknown") and the UTC time.
    /// Returns the config as written.
    /// </summary>
    public static RunConfig Write(string experimentDir, RunConfig config, string? repoDir = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var resolved = config with
        {
            Run = new RunInfo
            {
                Seed = config.Trainer.Seed,
                GitCommit = GitCommit(repoDir ?? Directory.GetCurrentDirectory()),
                CreatedUtc = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            },
        };
        AtomicFile.WriteAllText(Path.Combine(experimentDir, FileName), ToYaml(resolved));
        return resolved;
    }

    /// <summary>The commit checked out in <paramref name="repoDir"/>, or "unknown" when git or the repository is missing.</summary>
    public static string GitCommit(string repoDir)
    {
        try
        {
            var start = new ProcessStartInfo("git", "rev-parse HEAD")
            {
                WorkingDirectory = repoDir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start);
            if (process is null) return "unknown";
            string output = process.StandardOutput.ReadToEnd().Trim();
            process.StandardError.ReadToEnd();
            if (!process.WaitForExit(10_000)) return "unknown";
            return process.ExitCode == 0 && output.Length == 40 ? output : "unknown";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return "unknown";
        }
    }
}
