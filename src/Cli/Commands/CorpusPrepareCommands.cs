using System.CommandLine;
using SpeechDisentangle.Audio.Corpora;
using SpeechDisentangle.Cli.Output;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`sdt data prepare-librispeech` and `sdt data prepare-timit`: real corpus layouts to Kaldi data dirs.</summary>
internal static class CorpusPrepareCommands
{
    public static Command LibriSpeech()
    {
        var command = new Command("prepare-librispeech",
            "Make a Kaldi data dir (plus spk2gender, utt2gender) from one subset of LibriSpeech (ROOT/SUBSET/SPK/CHAPTER/*.flac, ROOT/SPEAKERS.TXT).");
        var corpus = new Option<string>("--corpus") { Description = "The LibriSpeech/ folder holding the subset folders and SPEAKERS.TXT.", Required = true };
        var subset = new Option<string>("--subset") { Description = "Subset folder, e.g. dev-clean or train-clean-100.", Required = true };
        var outDir = new Option<string>("--out") { Description = "Data dir to write.", Required = true };
        foreach (var o in new Option[] { corpus, subset, outDir }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            LibriSpeechDataPrep.Prepare(p.GetValue(corpus)!, p.GetValue(subset)!, p.GetValue(outDir)!, Console.Out);
            return 0;
        });
        return command;
    }

    public static Command Timit()
    {
        var command = new Command("prepare-timit",
            "Make a Kaldi data dir from a TIMIT split (ROOT/{TRAIN,TEST}/DR*/SPK/*.WAV + .PHN), with per-frame phone labels " +
            "(phones.txt, frame_labels.txt: 'utt id id ...', one id per snip_edges frame, phone at the frame centre).");
        var corpus = new Option<string>("--corpus") { Description = "The TIMIT folder holding TRAIN/ and TEST/.", Required = true };
        var split = new Option<string>("--split") { Description = "train or test.", Required = true };
        var outDir = new Option<string>("--out") { Description = "Data dir to write.", Required = true };
        var phones = new Option<int>("--phones") { Description = "Label set: 39 (Lee & Hon folding) or 61.", DefaultValueFactory = _ => 39 };
        var includeSa = new Option<bool>("--include-sa") { Description = "Keep the SA1/SA2 dialect sentences (dropped by default)." };
        var length = new Option<double>("--frame-length-ms") { Description = "Frame length of the features the labels go with.", DefaultValueFactory = _ => 25.0 };
        var shift = new Option<double>("--frame-shift-ms") { Description = "Frame shift of the features the labels go with.", DefaultValueFactory = _ => 10.0 };
        foreach (var o in new Option[] { corpus, split, outDir, phones, includeSa, length, shift }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            var options = new TimitPrepareOptions
            {
                Split = p.GetValue(split)!,
                IncludeSa = p.GetValue(includeSa),
                PhoneSet = p.GetValue(phones) switch
                {
                    39 => TimitPhoneSet.Folded39, 61 => TimitPhoneSet.Full61,
                    var n => throw new ArgumentException($"--phones must be 39 or 61, got {n}"),
                },
                FrameLengthMs = p.GetValue(length),
                FrameShiftMs = p.GetValue(shift),
            };
            using var bar = ConsoleProgressBar.OnStandardError();
            TimitDataPrep.Prepare(p.GetValue(corpus)!, p.GetValue(outDir)!, options, Console.Out, bar);
            return 0;
        });
        return command;
    }
}
