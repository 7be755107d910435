using System.CommandLine;
using System.Globalization;
using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Extraction;
using SpeechDisentangle.Cli.Output;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`sdt extract`: speaker-invariant per-frame features and utterance embeddings from a trained speech encoder.</summary>
internal static class ExtractCommand
{
    public static Command Create()
    {
        var command = new Command("extract", "Write a trained speech encoder's per-frame outputs (frames.scp) and pooled utterance embeddings (utt_embeddings.scp) for audio or a feature data dir.");
        var checkpoint = new Option<string>("--checkpoint") { Description = "exp/NAME/checkpoints/last.ckpt of a speech model: sit, dann-speech, vc-adain or vc-adv (content encoder).", Required = true };
        var dataDir = new Option<string>("--input", "--data-dir")
        {
            Description = "A WAV/FLAC file, a Kaldi data dir with wav.scp (features computed with the model's recorded front end), " +
                          "or a feature data dir (feats.scp or npy.scp) made with that front end.",
            Required = true,
        };
        var outDir = new Option<string>("--out-dir") { Description = "Output folder.", Required = true };
        var format = new Option<string>("--format") { Description = "ark or npy.", DefaultValueFactory = _ => "ark" };
        var nj = new Option<int>("--nj") { Description = "Parallel jobs (one archive each).", DefaultValueFactory = _ => 1 };
        var shard = new Option<string?>("--shard") { Description = "K/N: process only part K of N (writes frames.K.scp, utt_embeddings.K.scp, utt2num_frames.K); join them with `sdt extract merge`." };
        foreach (var o in new Option[] { checkpoint, dataDir, outDir, format, nj, shard }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            var (k, n) = ParseShard(p.GetValue(shard));
            var options = new ExtractOptions
            {
                Format = p.GetValue(format)?.ToLowerInvariant() switch
                {
                    "ark" => FeatureFormat.Ark,
                    "npy" => FeatureFormat.Npy,
                    var other => throw new ArgumentException($"--format must be ark or npy (got '{other}')"),
                },
                Jobs = p.GetValue(nj),
                ShardIndex = k,
                ShardCount = n,
            };
            string path = p.GetValue(checkpoint)!;
            var experiment = Experiment.Load(path);
            using var bar = ConsoleProgressBar.OnStandardError();
            var result = SpeechFeatureExtractor.Run(experiment, p.GetValue(dataDir)!, p.GetValue(outDir)!, options, bar, Console.Error, path);
            Console.WriteLine($"extract: {result.Utterances} utterances -> {result.FramesScp} ({result.FrameDim}-dim frames), {result.EmbeddingsScp} ({result.EmbeddingDim}-dim)");
            return 0;
        });
        command.Subcommands.Add(Merge());
        return command;
    }

    static Command Merge()
    {
        var command = new Command("merge", "Join the outputs of `sdt extract --shard K/N` runs into what one `sdt extract --nj N` run writes.");
        var dataDir = new Option<string>("--input", "--data-dir") { Description = "The --input the shards were extracted from (a data dir with utt2spk).", Required = true };
        var outDir = new Option<string>("--out-dir") { Description = "The output folder the shards wrote to.", Required = true };
        var shards = new Option<int>("--shards") { Description = "N, the number of shards.", Required = true };
        foreach (var o in new Option[] { dataDir, outDir, shards }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            ExtractShardMerge.Run(p.GetValue(dataDir)!, p.GetValue(outDir)!, p.GetValue(shards), Console.Out);
            return 0;
        });
        return command;
    }

    static (int, int) ParseShard(string? text)
    {
        if (string.IsNullOrEmpty(text)) return (1, 1);
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            return (k, n);
        throw new ArgumentException($"--shard must be K/N, e.g. 2/4 (got '{text}')");
    }
}
