using System.Globalization;
using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>What <see cref="CtmFrameLabels.Convert"/> wrote and what it left out.</summary>
public sealed record CtmConversionSummary(int Utterances, long Frames, IReadOnlyList<string> Symbols, IReadOnlyList<string> Skipped, IReadOnlyList<string> Unaligned);

/// <summary>
/// Turns forced alignments in CTM form (<see cref="CtmFile"/>) into the frame labels frame-level SIT reads
/// (<see cref="FrameLabelFiles"/>: frame_labels.txt, phones.txt and frame_labels.conf beside it), one label per
/// snip_edges frame of each utterance's audio, the phone under the frame's centre (<see cref="FrameLabeler"/>).
/// </summary>
public static class CtmFrameLabels
{
    /// <summary>Alignment may run past the audio's end by up to this many frame lengths (rounding of frame times).</summary>
    const double OverrunFrames = 1.0;

    /// <summary>
    /// Labels every utterance of <paramref name="dataDir"/> that <paramref name="ctmPath"/> aligns and writes the
    /// labels to <paramref name="outPath"/>. Errors name the CTM file and line; with <see cref="CtmFrameLabelOptions.SkipBad"/>
    /// bad lines and utterances are skipped and listed in the summary (and on <paramref name="log"/>) instead.
    /// </summary>
    public static CtmConversionSummary Convert(string ctmPath, string dataDir, string outPath, CtmFrameLabelOptions options, TextWriter? log = null,
        IProgress<WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var skipped = new List<string>();
        var ctm = CtmFile.Read(ctmPath, options.SkipBad ? skipped : null);
        return Convert(ctm, "ctm:" + Path.GetFullPath(ctmPath), dataDir, outPath, options, skipped, log, progress);
    }

    /// <summary>
    /// As <see cref="Convert(string, string, string, CtmFrameLabelOptions, TextWriter?, IProgress{WorkProgress}?)"/> for alignments already read
    /// (<paramref name="source"/> says where from, for frame_labels.conf); <paramref name="skipped"/> holds what reading left out.
    /// </summary>
    public static CtmConversionSummary Convert(IReadOnlyDictionary<string, IReadOnlyList<CtmEntry>> ctm, string source, string dataDir, string outPath,
        CtmFrameLabelOptions options, List<string> skipped, TextWriter? log = null, IProgress<WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(ctm);
        ArgumentNullException.ThrowIfNull(dataDir);
        ArgumentNullException.ThrowIfNull(outPath);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(skipped);
        options.Validate();
        var dir = KaldiDataDir.Load(dataDir);

        var known = dir.Utterances.ToHashSet(StringComparer.Ordinal);
        var unknown = ctm.Keys.Where(u => !known.Contains(u)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0 && !options.SkipBad)
            throw new CorpusLayoutException($"{ctm[unknown[0]][0].Where}: utterance '{unknown[0]}' is not in {dataDir}"
                + (unknown.Count > 1 ? $" (nor are {unknown.Count - 1} more)" : "") + "; align the same data dir, or pass --skip-bad to leave them out");
        skipped.AddRange(unknown.Select(u => $"{ctm[u][0].Where}: utterance '{u}' is not in {dataDir}; skipped"));

        var folded = ctm.Where(kv => known.Contains(kv.Key)).ToDictionary(kv => kv.Key,
            kv => (IReadOnlyList<CtmEntry>)[.. kv.Value.Select(e => e with { Symbol = AlignmentPhones.Fold(e.Symbol, options.StripPosition, options.StripStress) })],
            StringComparer.Ordinal);
        var symbols = options.Symbols.Length > 0 ? FrameLabelFiles.ReadSymbols(options.Symbols)
            : [.. folded.Values.SelectMany(es => es.Select(e => e.Symbol)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

        var labels = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var counter = new ProgressCounter(progress, "ctm-to-frame-labels", folded.Count, "utt");
        foreach (var (utt, entries) in folded.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            try
            {
                var (samples, rate) = UtteranceSamples(dir, utt);
                labels[utt] = Label(entries, samples, rate, options, symbols);
            }
            catch (CorpusLayoutException e) when (options.SkipBad)
            {
                skipped.Add(e.Message + "; skipped");
            }
            counter.Advance();
        }
        if (labels.Count == 0) throw new CorpusLayoutException($"{source}: no utterance of {dataDir} could be labelled from it");

        string folder = Path.GetDirectoryName(Path.GetFullPath(outPath))!;
        Directory.CreateDirectory(folder);
        if (options.Symbols.Length == 0 || !SameFile(options.Symbols, Path.Combine(folder, FrameLabelFiles.PhonesFile)))
            FrameLabelFiles.WriteSymbols(Path.Combine(folder, FrameLabelFiles.PhonesFile), symbols);
        FrameLabelFiles.WriteLabels(outPath, labels);
        AtomicFile.WriteAllText(Path.Combine(folder, TimitDataPrep.LabelsConfFile), string.Create(CultureInfo.InvariantCulture,
            $"source={source}\nstrip-position={options.StripPosition}\nstrip-stress={options.StripStress}\nframe-length-ms={options.FrameLengthMs}\nframe-shift-ms={options.FrameShiftMs}\nsnip-edges=true\n"));

        var unaligned = dir.Utterances.Where(u => !labels.ContainsKey(u)).ToList();
        long frames = labels.Values.Sum(l => (long)l.Length);
        foreach (string s in skipped) log?.WriteLine("skipped: " + s);
        if (options.AlignedDataDir.Length > 0)
        {
            Subset(dir, labels.Keys).Save(options.AlignedDataDir);
            log?.WriteLine($"ctm-to-frame-labels: {labels.Count} of {dir.Utterances.Count} utterances (those with labels) -> data dir {options.AlignedDataDir}");
        }
        else if (unaligned.Count > 0)
            log?.WriteLine($"warning: {unaligned.Count} utterance(s) of {dataDir} have no labels ({string.Join(", ", unaligned.Take(5))}{(unaligned.Count > 5 ? ", ..." : "")}); "
                + "frame-level training needs labels for every utterance, so leave them out of the data dir (e.g. Kaldi's subset_data_dir.sh --utt-list)");
        log?.WriteLine($"ctm-to-frame-labels: {labels.Count} utterances, {frames} frames, {symbols.Count} phones -> {outPath}");
        return new CtmConversionSummary(labels.Count, frames, symbols, skipped, unaligned);
    }

    /// <summary>
    /// The label of every snip_edges frame of an utterance of <paramref name="samples"/> samples at <paramref name="rate"/> Hz,
    /// from its (folded, sorted) entries; errors name the entry's file and line.
    /// </summary>
    public static int[] Label(IReadOnlyList<CtmEntry> entries, long samples, int rate, CtmFrameLabelOptions options, IReadOnlyList<string> symbols)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(symbols);
        if (entries.Count == 0) throw new ArgumentException("no CTM entries to label from", nameof(entries));
        int length = (int)Math.Round(rate * options.FrameLengthMs * 0.001), shift = (int)Math.Round(rate * options.FrameShiftMs * 0.001);
        var known = symbols.ToHashSet(StringComparer.Ordinal);
        var segments = new List<TimitSegment>(entries.Count);
        foreach (var e in entries)
        {
            if (!known.Contains(e.Symbol))
                throw new CorpusLayoutException($"{e.Where}: phone '{e.Symbol}' of '{e.Utterance}' is not in the symbol table ({symbols.Count} symbols)");
            long start = (long)Math.Round(e.Start * rate), end = (long)Math.Round((e.Start + e.Duration) * rate);
            if (end > samples + (long)(OverrunFrames * length))
                throw new CorpusLayoutException(string.Create(CultureInfo.InvariantCulture,
                    $"{e.Where}: '{e.Utterance}' is aligned up to {e.Start + e.Duration:0.###} s but its audio lasts {(double)samples / rate:0.###} s; the CTM belongs to other audio or another segmentation"));
            segments.Add(new TimitSegment(start, Math.Max(end, start + 1), e.Symbol));
        }
        return FrameLabeler.Label(segments, samples, length, shift, symbols, p => p);
    }

    static KaldiDataDir Subset(KaldiDataDir dir, IEnumerable<string> utterances)
    {
        var keep = utterances.ToHashSet(StringComparer.Ordinal);
        var segments = dir.Segments.Where(kv => keep.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var recordings = dir.HasSegments ? segments.Values.Select(s => s.Recording).ToHashSet(StringComparer.Ordinal) : keep;
        return KaldiDataDir.Create(
            dir.WavScp.Where(kv => recordings.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            dir.Utt2Spk.Where(kv => keep.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            dir.Text.Where(kv => keep.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            dir.HasSegments ? segments : null);
    }

    static (long Samples, int Rate) UtteranceSamples(KaldiDataDir dir, string utt)
    {
        bool segmented = dir.Segments.TryGetValue(utt, out var segment);
        string recording = segmented ? segment!.Recording : utt;
        if (!dir.WavScp.TryGetValue(recording, out var entry))
            throw new CorpusLayoutException($"{dir.Directory}: utterance '{utt}' has no wav.scp entry for recording '{recording}'");
        if (KaldiDataDir.IsPipe(entry))
            throw new CorpusLayoutException($"{dir.Directory}: wav.scp entry of '{recording}' is a command ('{entry}'); frame labels need audio files to measure");
        using var reader = AudioReader.Open(entry.Trim());
        long total = reader.TotalFrames ?? Count(reader);
        if (!segmented) return (total, reader.SampleRate);
        long start = (long)Math.Round(segment!.Start * reader.SampleRate);
        long end = segment.ToEndOfRecording ? total : Math.Min(total, (long)Math.Round(segment.End * reader.SampleRate));
        return (Math.Max(0, end - start), reader.SampleRate);
    }

    static long Count(IAudioStreamReader reader)
    {
        var buffer = new float[8192 * reader.ChannelCount];
        long total = 0;
        int got;
        while ((got = reader.ReadFrames(buffer)) > 0) total += got;
        return total;
    }

    static bool SameFile(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);
}
