using System.CommandLine;
using SpeechDisentangle.Audio.Corpora;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`sdt data ctm-to-frame-labels`: forced alignments (Kaldi CTM) to the frame labels of frame-level SIT.</summary>
internal static class CtmCommand
{
    public static Command Create()
    {
        var defaults = new CtmFrameLabelOptions();
        var command = new Command("ctm-to-frame-labels",
            "Turn phone alignments in CTM form ('utt channel start duration phone', e.g. from Kaldi's ali-to-phones --ctm-output) into " +
            "frame_labels.txt ('utt id id ...', one id per snip_edges frame, phone at the frame centre) with phones.txt and frame_labels.conf beside it.");
        var ctm = new Option<string>("--ctm") { Description = "The CTM file (times in seconds from each utterance's start).", Required = true };
        var dataDir = new Option<string>("--data-dir") { Description = "The Kaldi data dir the CTM aligns (its wav.scp gives each utterance's length).", Required = true };
        var outPath = new Option<string>("--out") { Description = "frame_labels.txt to write (phones.txt goes beside it), e.g. DATA_DIR/frame_labels.txt.", Required = true };
        var length = new Option<double>("--frame-length-ms") { Description = "Frame length of the features the labels go with.", DefaultValueFactory = _ => defaults.FrameLengthMs };
        var shift = new Option<double>("--frame-shift-ms") { Description = "Frame shift of the features the labels go with.", DefaultValueFactory = _ => defaults.FrameShiftMs };
        var keepPosition = new Option<bool>("--keep-position") { Description = "Keep word-position suffixes _B/_I/_E/_S (stripped by default)." };
        var stripStress = new Option<bool>("--strip-stress") { Description = "Drop stress digits (AH0, AH1 -> AH)." };
        var symbols = new Option<string>("--symbols") { Description = "Use the ids of this phones.txt (e.g. the training set's) instead of the CTM's phones.", DefaultValueFactory = _ => "" };
        var skipBad = new Option<bool>("--skip-bad") { Description = "Report and skip bad lines, utterances not in the data dir, and alignments that do not fit their audio, instead of stopping." };
        foreach (var o in new Option[] { ctm, dataDir, outPath, length, shift, keepPosition, stripStress, symbols, skipBad }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            var options = new CtmFrameLabelOptions
            {
                FrameLengthMs = p.GetValue(length),
                FrameShiftMs = p.GetValue(shift),
                StripPosition = !p.GetValue(keepPosition),
                StripStress = p.GetValue(stripStress),
                Symbols = p.GetValue(symbols) ?? "",
                SkipBad = p.GetValue(skipBad),
            };
            CtmFrameLabels.Convert(p.GetValue(ctm)!, p.GetValue(dataDir)!, p.GetValue(outPath)!, options, Console.Out);
            return 0;
        });
        return command;
    }
}
