using System.Globalization;
using System.Text;
using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Tasks;

namespace SpeechDisentangle.Models.Extraction;

/// <summary>What <see cref="SpeechFeatureExtractor.Run"/> wrote.</summary>
/// <param name="Utterances">Utterances encoded.</param>
/// <param name="FrameDim">Size of a per-frame output (D).</param>
/// <param name="EmbeddingDim">Size of an utterance embedding.</param>
/// <param name="FramesScp">The scp (or list) of per-frame outputs.</param>
/// <param name="EmbeddingsScp">The scp (or list) of utterance embeddings.</param>
public sealed record ExtractResult(int Utterances, int FrameDim, int EmbeddingDim, string FramesScp, string EmbeddingsScp);

/// <summary>
/// `sdt extract`: runs a trained speech encoder (sit, dann-speech, or the content encoder of vc-adain / vc-adv, see
/// <see cref="ExtractEncoder"/>) over audio or a feature data dir (<see cref="ExtractInput"/>) and writes its
/// speaker-invariant features: per-frame outputs (frames.scp/ark, or frames/UTT.npy listed in frames.scp) and one
/// pooled embedding per utterance (x-vector style; utt_embeddings.scp/ark, or embeddings/UTT.npy). Features are
/// computed and normalised as the model was trained (its recorded front end, EXP/front_end.txt). The output folder
/// is itself a data dir (utt2spk, spk2utt, text, utt2num_frames, and feats.scp = frames.scp) so it can feed another model.
/// </summary>
public static class SpeechFeatureExtractor
{
    /// <summary>Encodes <paramref name="input"/> (an audio file, a data dir with wav.scp, or a feature data dir) with the
    /// experiment's encoder and writes into <paramref name="outDir"/>, reporting each utterance done to
    /// <paramref name="progress"/> and what could not be checked to <paramref name="warnings"/>.</summary>
    public static ExtractResult Run(LoadedExperiment experiment, string input, string outDir, ExtractOptions options,
        IProgress<WorkProgress>? progress = null, TextWriter? warnings = null, string? checkpoint = null)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(outDir);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var frontEnd = ExtractFrontEnd.Load(experiment);
        var encoder = ExtractEncoder.For(experiment, frontEnd.Normalisation);
        string tag = options.ShardCount > 1 ? "." + options.ShardIndex.ToString(CultureInfo.InvariantCulture) : "";
        var utts = ExtractInput.Load(input, encoder, frontEnd, checkpoint ?? experiment.Directory, options,
            Path.Combine(outDir, ".input_features" + tag), warnings, progress);

        Directory.CreateDirectory(outDir);
        encoder.Eval();
        var counter = new ProgressCounter(progress, "extract", utts.Count, "utt");
        var parts = Enumerable.Range(1, options.Jobs).Select(j => (Job: j, Utts: ExtractInput.Part(utts, j, options.Jobs))).ToList();
        var written = new Encoded[parts.Count];
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
        var rows = written.SelectMany(w => w.Rows).OrderBy(r => r.Utt, StringComparer.Ordinal).ToList();
        // A shard writes its frame counts for `sdt extract merge`; the whole run writes the data dir itself.
        if (options.ShardCount == 1) WriteDataDir(outDir, rows, frames, options.Format);
        else WriteTable(Path.Combine(outDir, "utt2num_frames" + tag), rows.Select(r => (r.Utt, r.Frames.ToString(CultureInfo.InvariantCulture))));
        return new ExtractResult(utts.Count, encoder.FrameDim, encoder.EmbeddingDim, framesScp, embeddingsScp);
    }

    /// <summary>What one job wrote: scp entries of frames and embeddings, and each utterance's output frame count.</summary>
    sealed record Encoded(List<KaldiScpEntry> Frames, List<KaldiScpEntry> Embeddings, List<ExtractedUtterance> Rows);

    static ExtractedUtterance Row(SpeechUtterance u, EncodedUtterance e) => new(u.Utt, u.Speaker, u.Text, e.Rows);

    static Encoded WriteArk(ExtractEncoder encoder, List<SpeechUtterance> utts, string outDir, string name, ProgressCounter counter)
    {
        var pooled = new List<KeyValuePair<string, KaldiMatrix>>(utts.Count);
        var rows = new List<ExtractedUtterance>(utts.Count);
        IEnumerable<KeyValuePair<string, KaldiMatrix>> Frames()
        {
            foreach (var u in utts)
            {
                var e = encoder.Encode(u);
                pooled.Add(new(u.Utt, KaldiMatrix.Vector(e.Embedding)));
                rows.Add(Row(u, e));
                counter.Advance();
                yield return new(u.Utt, new KaldiMatrix(e.Rows, encoder.FrameDim, e.Frames));
            }
        }
        var frameEntries = KaldiArk.Write(Path.Combine(outDir, "data", "frames" + name + ".ark"), Frames());
        var embeddingEntries = KaldiArk.Write(Path.Combine(outDir, "data", "utt_embeddings" + name + ".ark"), pooled);
        return new([.. frameEntries], [.. embeddingEntries], rows);
    }

    static Encoded WriteNpy(ExtractEncoder encoder, List<SpeechUtterance> utts, string outDir, ProgressCounter counter)
    {
        var result = new Encoded(new(utts.Count), new(utts.Count), new(utts.Count));
        foreach (var u in utts)
        {
            var e = encoder.Encode(u);
            string framePath = Path.GetFullPath(Path.Combine(outDir, "frames", u.Utt + ".npy"));
            string embeddingPath = Path.GetFullPath(Path.Combine(outDir, "embeddings", u.Utt + ".npy"));
            NpyFile.Write(framePath, e.Frames, e.Rows, encoder.FrameDim);
            NpyFile.Write(embeddingPath, e.Embedding, e.Embedding.Length);
            result.Frames.Add(new KaldiScpEntry(u.Utt, framePath, null));
            result.Embeddings.Add(new KaldiScpEntry(u.Utt, embeddingPath, null));
            result.Rows.Add(Row(u, e));
            counter.Advance();
        }
        return result;
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
