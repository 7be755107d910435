using System.Globalization;
using System.Text;
using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Tasks;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Sit;

/// <summary>What <see cref="SpeechFeatureExtractor.Run"/> wrote.</summary>
/// <param name="Utterances">Utterances encoded.</param>
/// <param name="FrameDim">Size of a per-frame output (D).</param>
/// <param name="EmbeddingDim">Size of an utterance embedding.</param>
/// <param name="FramesScp">The scp (or list) of per-frame outputs.</param>
/// <param name="EmbeddingsScp">The scp (or list) of utterance embeddings.</param>
public sealed record ExtractResult(int Utterances, int FrameDim, int EmbeddingDim, string FramesScp, string EmbeddingsScp);

/// <summary>
/// `sdt extract`: runs a trained speech encoder over a feature data dir and writes its speaker-invariant features:
/// per-frame outputs (T - receptive field + 1 frames of D values; frames.scp/ark, or frames/UTT.npy listed in
/// frames.scp) and one pooled embedding per utterance (x-vector style; utt_embeddings.scp/ark, or embeddings/UTT.npy).
/// Features are normalised with the CMVN the model was trained with. The output folder is itself a data dir (utt2spk,
/// spk2utt, text, utt2num_frames, and feats.scp = frames.scp) so it can feed another model.
/// </summary>
public static class SpeechFeatureExtractor
{
    /// <summary>Encodes <paramref name="dataDir"/> with the experiment's encoder and writes into <paramref name="outDir"/>,
    /// reporting each utterance done to <paramref name="progress"/>.</summary>
    public static ExtractResult Run(LoadedExperiment experiment, string dataDir, string outDir, ExtractOptions options,
        IProgress<WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(outDir);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (experiment.Model is not SitObjective sit)
            throw new ArgumentException($"the checkpoint is a '{experiment.Config.Model}' model; extract needs a speech encoder model (sit)");
        var encoder = sit.Model.Encoder;
        var dataOptions = experiment.Config.Data.Bind<SitDataOptions>();
        var data = FeatureDataDir.Load(dataDir, dataOptions.Cmvn, dataOptions.NormVars);
        var errors = new List<string>();
        if (data.Bins != encoder.Options.InputBins)
            errors.Add($"the features have {data.Bins} bins but the model was trained on {encoder.Options.InputBins}");
        UtteranceLengths.CheckLengths(data, encoder.ReceptiveField, errors);
        if (errors.Count > 0) throw new DataDirException(dataDir, errors);

        var utts = Part(data.Utterances, options.ShardIndex, options.ShardCount);
        Directory.CreateDirectory(outDir);
        encoder.eval();
        string tag = options.ShardCount > 1 ? "." + options.ShardIndex.ToString(CultureInfo.InvariantCulture) : "";
        var counter = new ProgressCounter(progress, "extract", utts.Count, "utt");
        var parts = Enumerable.Range(1, options.Jobs).Select(j => (Job: j, Utts: Part(utts, j, options.Jobs))).ToList();
        var written = new (List<KaldiScpEntry> Frames, List<KaldiScpEntry> Embeddings)[parts.Count];
        Parallel.ForEach(parts, new ParallelOptions { MaxDegreeOfParallelism = options.Jobs }, p =>
        {
            string name = options.Jobs > 1 ? tag + "." + p.Job.ToString(CultureInfo.InvariantCulture) : tag;
            written[p.Job - 1] = options.Format == FeatureFormat.Ark
                ? WriteArk(encoder, p.Utts, outDir, name, counter)
                : WriteNpy(encoder, p.Utts, outDir, counter);
        });
        var frames = written.SelectMany(w => w.Frames).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        var embeddings = written.SelectMany(w => w.Embeddings).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        string framesScp = Path.Combine(outDir, "frames" + tag + ".scp"), embeddingsScp = Path.Combine(outDir, "utt_embeddings" + tag + ".scp");
        KaldiScp.Write(framesScp, frames);
        KaldiScp.Write(embeddingsScp, embeddings);
        var rows = utts.Select(u => new ExtractedUtterance(u.Utt, u.Speaker, u.Text, u.Frames - encoder.ReceptiveField + 1)).ToList();
        // A shard writes its frame counts for `sdt extract merge`; the whole run writes the data dir itself.
        if (options.ShardCount == 1) WriteDataDir(outDir, rows, frames, options.Format);
        else WriteTable(Path.Combine(outDir, "utt2num_frames" + tag), rows.Select(r => (r.Utt, r.Frames.ToString(CultureInfo.InvariantCulture))));
        return new ExtractResult(utts.Count, encoder.FrameDim, encoder.PooledDim, framesScp, embeddingsScp);
    }

    // Contiguous part k (1-based) of n, as Kaldi's split_scp does, so shards keep utterances of a speaker together.
    static List<SpeechUtterance> Part(IReadOnlyList<SpeechUtterance> all, int k, int n)
    {
        int start = (int)((long)all.Count * (k - 1) / n), end = (int)((long)all.Count * k / n);
        return [.. all.Skip(start).Take(end - start)];
    }

    static (Tensor Frames, Tensor Pooled) Encode(SpeechEncoder encoder, SpeechUtterance u)
    {
        var device = encoder.parameters().First().device;
        using var feats = tensor(u.Feats, [1, u.Frames, u.Bins]).to(device);
        using var lengths = tensor(new long[] { u.Frames }).to(device);
        var output = encoder.forward(feats, lengths);
        return (output.Frames[0].cpu(), output.Pooled[0].cpu());
    }

    static (List<KaldiScpEntry>, List<KaldiScpEntry>) WriteArk(SpeechEncoder encoder, List<SpeechUtterance> utts, string outDir, string name, ProgressCounter counter)
    {
        var pooled = new List<KeyValuePair<string, KaldiMatrix>>(utts.Count);
        IEnumerable<KeyValuePair<string, KaldiMatrix>> Frames()
        {
            foreach (var u in utts)
            {
                KaldiMatrix frames;
                using (no_grad())
                using (NewDisposeScope())
                {
                    var (f, p) = Encode(encoder, u);
                    frames = new KaldiMatrix((int)f.shape[0], (int)f.shape[1], f.contiguous().data<float>().ToArray());
                    pooled.Add(new(u.Utt, KaldiMatrix.Vector(p.data<float>().ToArray())));
                }
                counter.Advance();
                yield return new(u.Utt, frames);
            }
        }
        var frameEntries = KaldiArk.Write(Path.Combine(outDir, "data", "frames" + name + ".ark"), Frames());
        var embeddingEntries = KaldiArk.Write(Path.Combine(outDir, "data", "utt_embeddings" + name + ".ark"), pooled);
        return ([.. frameEntries], [.. embeddingEntries]);
    }

    static (List<KaldiScpEntry>, List<KaldiScpEntry>) WriteNpy(SpeechEncoder encoder, List<SpeechUtterance> utts, string outDir, ProgressCounter counter)
    {
        var frames = new List<KaldiScpEntry>(utts.Count);
        var pooled = new List<KaldiScpEntry>(utts.Count);
        foreach (var u in utts)
        {
            using (no_grad())
            using (NewDisposeScope())
            {
                var (f, p) = Encode(encoder, u);
                string framePath = Path.GetFullPath(Path.Combine(outDir, "frames", u.Utt + ".npy"));
                string embeddingPath = Path.GetFullPath(Path.Combine(outDir, "embeddings", u.Utt + ".npy"));
                NpyFile.Write(framePath, f.contiguous().data<float>().ToArray(), (int)f.shape[0], (int)f.shape[1]);
                NpyFile.Write(embeddingPath, p.data<float>().ToArray(), (int)p.shape[0]);
                frames.Add(new KaldiScpEntry(u.Utt, framePath, null));
                pooled.Add(new KaldiScpEntry(u.Utt, embeddingPath, null));
            }
            counter.Advance();
        }
        return (frames, pooled);
    }

    // The output doubles as a feature data dir whose features are the encoder's frames.
    internal static void WriteDataDir(string outDir, IReadOnlyList<ExtractedUtterance> utts, List<KaldiScpEntry> frames, FeatureFormat format)
    {
        WriteTable(Path.Combine(outDir, KaldiFileNames.Utt2Spk), utts.Select(u => (u.Utt, u.Speaker)));
        WriteTable(Path.Combine(outDir, KaldiFileNames.Spk2Utt), utts.GroupBy(u => u.Speaker).Select(g => (g.Key, string.Join(' ', g.Select(u => u.Utt).Order(StringComparer.Ordinal)))));
        if (utts.Any(u => u.Text.Length > 0)) WriteTable(Path.Combine(outDir, KaldiFileNames.Text), utts.Where(u => u.Text.Length > 0).Select(u => (u.Utt, u.Text)));
        WriteTable(Path.Combine(outDir, "utt2num_frames"), utts.Select(u => (u.Utt, u.Frames.ToString(CultureInfo.InvariantCulture))));
        KaldiScp.Write(Path.Combine(outDir, format == FeatureFormat.Ark ? KaldiFileNames.FeatsScp : "npy.scp"), frames);
    }

    static void WriteTable(string path, IEnumerable<(string, string)> rows)
    {
        var sb = new StringBuilder();
        foreach (var (k, v) in rows.OrderBy(r => r.Item1, StringComparer.Ordinal)) sb.Append(k).Append(' ').Append(v).Append('\n');
        AtomicFile.WriteAllText(path, sb.ToString());
    }
}

/// <summary>One utterance of an extract output's data dir: its speaker, transcript ("" if none) and output frames.</summary>
internal sealed record ExtractedUtterance(string Utt, string Speaker, string Text, int Frames);
