using SpeechDisentangle.Models.Common.SpeechData;
using System.Globalization;
using System.Net;
using System.Text;
using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.VoiceConversion.Common;
using SpeechDisentangle.Models.VoiceConversion.Data;

namespace SpeechDisentangle.Models.VoiceConversion.Conversion;

/// <summary>
/// A static demo page in the style of the papers' demo pages: for seen and unseen speakers, rows of source /
/// target reference / converted audio players with their spectrograms. Every sound on the page is vocoded from
/// log-mel (the source and reference too), so the three columns differ only by the conversion: by Griffin-Lim and,
/// when the <see cref="VcConversion"/> it is given has a trained vocoder, by it as well (two players per cell).
/// Files: OUT/index.html, OUT/audio/*.wav, OUT/img/*.png, each written atomically.
/// </summary>
public static class VcDemoPage
{
    /// <summary>One row of the page: file names relative to the page; <paramref name="NeuralAudio"/> is null without a trained vocoder.</summary>
    public sealed record Row(string Source, string Target, string Word, string[] Audio, string[] Pictures, string[]? NeuralAudio = null);

    public static string Write(VcConversion conversion, VcCorpus corpus, string outDir, int pairs, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(conversion);
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(log);
        if (pairs < 1) throw new ArgumentOutOfRangeException(nameof(pairs), pairs, "must be >= 1");
        Directory.CreateDirectory(Path.Combine(outDir, "audio"));
        Directory.CreateDirectory(Path.Combine(outDir, "img"));
        var sections = new List<(string Title, List<Row> Rows)>();
        var random = new Random(11);
        var seenSources = corpus.SeenTest.Count > 0 ? corpus.SeenTest : corpus.SeenTrain;
        sections.Add(("Seen speakers (both voices were in training; source utterances were not)",
            Rows("seen", seenSources, corpus.SeenSpeakers, corpus.SeenTrain)));
        if (corpus.UnseenSpeakers.Count > 0)
        {
            sections.Add(conversion.Converter.OneShot
                ? ("Unseen target speakers (one-shot: the model hears one reference utterance)",
                   Rows("unseen", seenSources, corpus.UnseenSpeakers, corpus.Unseen))
                : ("Unseen source speakers (converted to training speakers)",
                   Rows("unseen", corpus.Unseen, corpus.SeenSpeakers, corpus.SeenTrain)));
        }
        string page = Path.Combine(outDir, "index.html");
        AtomicFile.WriteAllText(page, Html(conversion, sections));
        log.WriteLine($"demo: wrote {page} ({sections.Sum(s => s.Rows.Count)} rows)");
        return page;

        List<Row> Rows(string tag, IReadOnlyList<SpeechUtterance> sources, IReadOnlyList<string> targets, IReadOnlyList<SpeechUtterance> refPool)
        {
            var rows = new List<Row>();
            for (int k = 0; k < pairs && sources.Count > 0; k++)
            {
                var source = sources[(int)((long)k * sources.Count / pairs) % sources.Count];
                var candidates = targets.Where(t => t != source.Speaker).ToList();
                if (candidates.Count == 0) break;
                string target = candidates[random.Next(candidates.Count)];
                var refs = refPool.Where(u => u.Speaker == target && u.Text != source.Text).ToList();
                if (refs.Count == 0) refs = [.. refPool.Where(u => u.Speaker == target)];
                if (refs.Count == 0) continue;
                var reference = refs[random.Next(refs.Count)];
                var voice = conversion.Converter.OneShot
                    ? new VcTarget(target, null, conversion.Normalise(reference))
                    : new VcTarget(target, corpus.SpeakerId(target), null);
                using var converted = conversion.ConvertMel(source, voice);
                using var sourceMel = source.ToMel(0, 1);
                using var referenceMel = reference.ToMel(0, 1);
                string stem = $"{tag}_{k:D2}";
                (string Name, TorchSharp.torch.Tensor Mel, string Label)[] mels =
                    [("source", sourceMel, source.Utt), ("target", referenceMel, reference.Utt), ("converted", converted, $"{source.Utt} -> {target}")];
                var audio = new string[3];
                var pictures = new string[3];
                var neural = conversion.FrontEnd.Neural is null ? null : new string[3];
                for (int c = 0; c < 3; c++)
                {
                    audio[c] = $"audio/{stem}_{mels[c].Name}.wav";
                    pictures[c] = $"img/{stem}_{mels[c].Name}.png";
                    conversion.FrontEnd.WriteWav(Path.Combine(outDir, audio[c]), mels[c].Mel, conversion.FrontEnd.GriffinLim);
                    if (neural is not null)
                    {
                        neural[c] = $"audio/{stem}_{mels[c].Name}_neural.wav";
                        conversion.FrontEnd.WriteWav(Path.Combine(outDir, neural[c]), mels[c].Mel, conversion.FrontEnd.Neural);
                    }
                    VcPictures.Save(Path.Combine(outDir, pictures[c]), mels[c].Mel, mels[c].Label);
                }
                rows.Add(new Row($"{source.Utt} ({source.Speaker})", $"{target} (ref {reference.Utt})", source.Text, audio, pictures, neural));
                log.WriteLine($"demo: {stem} {source.Utt} -> {target}");
            }
            return rows;
        }
    }

    private static string Html(VcConversion conversion, List<(string Title, List<Row> Rows)> sections)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        static string Player(string file) => $"<audio controls preload=\"metadata\" src=\"{E(file)}\"></audio>";
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html>");
        sb.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.AppendLine($"<title>{E(conversion.Experiment.Task.Name)} voice conversion demo</title>");
        sb.AppendLine("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:6px;vertical-align:top}img{width:320px;display:block}</style>");
        sb.AppendLine("</head><body>");
        sb.AppendLine($"<h1>{E(conversion.Experiment.Task.Name)}: voice conversion samples</h1>");
        bool neural = conversion.FrontEnd.Neural is not null;
        string mel = $"{conversion.FrontEnd.Options.NumMelBins}-band slaney log-mel";
        sb.AppendLine($"<p>{E(conversion.Experiment.Task.Description)} Checkpoint folder: <code>{E(conversion.Experiment.Directory)}</code>. " +
                      (neural
                          ? $"All audio is synthesised from {mel} twice: by Griffin-Lim (first player, phasey and buzzy) " +
                            "and by the trained neural vocoder (second player), so the vocoders can be compared on the same spectrograms.</p>"
                          : $"All audio is synthesised from {mel} by Griffin-Lim (no neural vocoder; sdt demo --vocoder CKPT adds one), " +
                            "so expect phasey, buzzy sound in every column.</p>"));
        foreach (var (title, rows) in sections)
        {
            sb.AppendLine($"<h2>{E(title)}</h2>");
            sb.AppendLine("<table><tr><th>pair</th><th>source</th><th>target reference</th><th>converted</th></tr>");
            foreach (var r in rows)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<tr class=\"pair\"><td>{E(r.Source)} &rarr; {E(r.Target)}<br>word: {E(r.Word)}</td>");
                for (int c = 0; c < 3; c++)
                {
                    string players = r.NeuralAudio is null
                        ? Player(r.Audio[c])
                        : $"Griffin-Lim<br>{Player(r.Audio[c])}<br>neural vocoder<br>{Player(r.NeuralAudio[c])}";
                    sb.Append(CultureInfo.InvariantCulture, $"<td>{players}<img src=\"{E(r.Pictures[c])}\" alt=\"spectrogram\"></td>");
                }
                sb.AppendLine("</tr>");
            }
            sb.AppendLine("</table>");
        }
        sb.AppendLine("</body></html>");
        return sb.ToString();
    }
}
