using System.CommandLine;
using SpeechDisentangle.Audio.Corpora;
using SpeechDisentangle.Cli.Output;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`sdt data ctm-to-frame-labels`: forced alignments (Kaldi CTM) to the frame labels of frame-level SIT.</summary>
internal static class CtmCommand
{
    public static Command Create()
    {
        var defaults = new CtmFrameLabelOptions();
        var command = new Command("ctm-to-frame-labels",
            "Turn phone alignments in CTM form ('utt channel start duration phone', e.g. from Kaldi's ali-to-phones --ctm-output), or " +
            "Montreal Forced Aligner TextGrids (--textgrids), into " +
            "frame_labels.txt ('utt id id ...', one id per snip_edges frame, phone at the frame centre) with phones.txt and frame_labels.conf beside it.");
        var ctm = new Option<string>("--ctm") { Description = "The CTM file (times in seconds from each utterance's start).", DefaultValueFactory = _ => "" };
        var textGrids = new Option<string>("--textgrids") { Description = "Instead of --ctm: a folder of long-format TextGrids, one per utterance (UTT.TextGrid, any depth).", DefaultValueFactory = _ => "" };
        var tier = new Option<string>("--tier") { Description = "With --textgrids: the tier to read.", DefaultValueFactory = _ => "phones" };
        var dataDir = new Option<string>("--data-dir") { Description = "The Kaldi data dir the alignments cover (its wav.scp gives each utterance's length).", Required = true };
        var outPath = new Option<string>("--out") { Description = "frame_labels.txt to write (phones.txt goes beside it), e.g. DATA_DIR/frame_labels.txt.", Required = true };
        var length = new Option<double>("--frame-length-ms") { Description = "Frame length of the features the labels go with.", DefaultValueFactory = _ => defaults.FrameLengthMs };
        var shift = new Option<double>("--frame-shift-ms") { Description = "Frame shift of the features the labels go with.", DefaultValueFactory = _ => defaults.FrameShiftMs };
        var keepPosition = new Option<bool>("--keep-position") { Description = "Keep word-position suffixes _B/_I/_E/_S (stripped by default)." };
        var stripStress = new Option<bool>("--strip-stress") { Description = "Drop stress digits (AH0, AH1 -> AH)." };
        var symbols = new Option<string>("--symbols") { Description = "Use the ids of this phones.txt (e.g. the training set's) instead of the CTM's phones.", DefaultValueFactory = _ => "" };
        var aligned = new Option<string>("--aligned-data-dir") { Description = "Also write the data dir of the labelled utterances only here (frame-level training needs labels for every utterance).", DefaultValueFactory = _ => "" };
        var skipBad = new Option<bool>("--skip-bad") { Description = "Report and skip bad lines, utterances not in the data dir, and alignments that do not fit their audio, instead of stopping." };
        foreach (var o in new Option[] { ctm, textGrids, tier, dataDir, outPath, length, shift, keepPosition, stripStress, symbols, aligned, skipBad }) command.Options.Add(o);
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
                AlignedDataDir = p.GetValue(aligned) ?? "",
            };
            string ctmPath = p.GetValue(ctm) ?? "", gridFolder = p.GetValue(textGrids) ?? "";
            if ((ctmPath.Length == 0) == (gridFolder.Length == 0)) throw new ArgumentException("give exactly one of --ctm FILE and --textgrids DIR");
            using var bar = ConsoleProgressBar.OnStandardError();
            if (ctmPath.Length > 0)
            {
                CtmFrameLabels.Convert(ctmPath, p.GetValue(dataDir)!, p.GetValue(outPath)!, options, Console.Out, bar);
                return 0;
            }
            var skipped = new List<string>();
            var grids = TextGridFile.ReadFolder(gridFolder, p.GetValue(tier)!, options.SkipBad ? skipped : null);
            CtmFrameLabels.Convert(grids, "textgrids:" + Path.GetFullPath(gridFolder), p.GetValue(dataDir)!, p.GetValue(outPath)!, options, skipped, Console.Out, bar);
            return 0;
        });
        return command;
    }
}
