using System.Globalization;
using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>What <see cref="TimitDataPrep.Prepare"/> wrote.</summary>
public sealed record TimitPrepareSummary(int Utterances, int Speakers, long Frames);

/// <summary>
/// Makes a Kaldi data dir from one TIMIT split: wav.scp (SPHERE paths), utt2spk, spk2utt, text, spk2gender,
/// utt2gender, plus frame-level phone labels (<see cref="FrameLabelFiles"/>) for snip_edges frames of the given
/// length and shift, and <c>frame_labels.conf</c> recording that framing and phone set.
/// </summary>
public static class TimitDataPrep
{
    /// <summary>Name of the file that records how the frame labels were made.</summary>
    public const string LabelsConfFile = "frame_labels.conf";

    public static TimitPrepareSummary Prepare(string root, string outDir, TimitPrepareOptions options, TextWriter? log = null,
        IProgress<WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(outDir);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var utts = TimitLayout.Read(root, options.Split, options.IncludeSa);
        var dir = CorpusDataDir.Create([.. utts.Select(u => u.Utterance)]);

        var symbols = TimitPhones.Symbols(options.PhoneSet);
        Func<string, string?> map = options.PhoneSet == TimitPhoneSet.Folded39 ? TimitPhones.Fold : p => p;
        var labels = new Dictionary<string, int[]>(StringComparer.Ordinal);
        long frames = 0;
        var counter = new ProgressCounter(progress, "prepare-timit", utts.Count, "utt");
        foreach (var u in utts)
        {
            var (samples, rate) = SampleCount(u.Utterance.AudioPath);
            int length = (int)(rate * options.FrameLengthMs * 0.001), shift = (int)(rate * options.FrameShiftMs * 0.001);
            var segments = TimitPhnFile.Read(u.PhnPath);
            labels[u.Utterance.UttId] = FrameLabeler.Label(segments, samples, length, shift, symbols, map);
            frames += labels[u.Utterance.UttId].Length;
            counter.Advance();
        }

        dir.Save(outDir);
        GenderFiles.Write(outDir, dir.Utt2Spk, utts.GroupBy(u => u.Utterance.Speaker).ToDictionary(g => g.Key, g => g.First().Gender, StringComparer.Ordinal));
        FrameLabelFiles.WriteSymbols(Path.Combine(outDir, FrameLabelFiles.PhonesFile), symbols);
        FrameLabelFiles.WriteLabels(Path.Combine(outDir, FrameLabelFiles.LabelsFile), labels);
        AtomicFile.WriteAllText(Path.Combine(outDir, LabelsConfFile), string.Create(CultureInfo.InvariantCulture,
            $"phone-set={(int)options.PhoneSet}\nframe-length-ms={options.FrameLengthMs}\nframe-shift-ms={options.FrameShiftMs}\nsnip-edges=true\n"));
        log?.WriteLine($"prepare-timit: {utts.Count} utterances, {dir.Spk2Utt.Count} speakers, {frames} labelled frames -> {outDir}");
        return new TimitPrepareSummary(utts.Count, dir.Spk2Utt.Count, frames);
    }

    static (long Samples, int Rate) SampleCount(string audio)
    {
        using var reader = AudioReader.Open(audio);
        if (reader.TotalFrames is long n) return (n, reader.SampleRate);
        var buffer = new float[8192 * reader.ChannelCount];
        long total = 0;
        int got;
        while ((got = reader.ReadFrames(buffer)) > 0) total += got;
        return (total, reader.SampleRate);
    }
}
