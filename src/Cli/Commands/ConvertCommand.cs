using System.CommandLine;
using SpeechDisentangle.Models.VoiceConversion.Conversion;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`sdt convert`: one file (--source/--target|--target-speaker/--out) or a pairs list (--list/--out-dir).</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var command = new Command("convert",
            "Convert speech to another voice with a trained vc-adain (target = reference recording) or vc-adv (target = training speaker) model; " +
            "slaney log-mel -> model -> vocoder (Griffin-Lim, or --vocoder CKPT) -> 16-bit WAV.");
        var checkpoint = new Option<string>("--checkpoint") { Description = "EXP/checkpoints/last.ckpt of a vc-adv or vc-adain experiment.", Required = true };
        var source = new Option<string?>("--source") { Description = "Source recording (any format sdt reads; resampled to 16 kHz)." };
        var target = new Option<string?>("--target") { Description = "Reference recording of the target voice (vc-adain)." };
        var targetSpeaker = new Option<string?>("--target-speaker") { Description = "Training speaker name (EXP/speakers.txt) or id (vc-adv)." };
        var output = new Option<string?>("--out") { Description = "Output WAV." };
        var list = new Option<string?>("--list") { Description = "Pairs list, lines 'source target out' (paths relative to the list; out relative to --out-dir)." };
        var outDir = new Option<string?>("--out-dir") { Description = "Output folder of --list." };
        var keepGoing = new Option<bool>("--keep-going") { Description = "With --list: report a bad line and go on." };
        var melOut = new Option<string?>("--mel-out")
        {
            Description = "Also write each converted log-mel here as float32 .npy (frames x bins, named as its WAV), for your own vocoder.",
        };
        var vocoder = VocoderOption.Create();
        var set = SetOption.ForLoadedModel("model_options.speaker_adapt_steps=20");
        var vocoderSet = VocoderOption.CreateSet();
        foreach (var o in new Option[] { checkpoint, source, target, targetSpeaker, output, list, outDir, keepGoing, melOut, vocoder, vocoderSet, set }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            bool single = p.GetValue(source) is not null;
            bool batch = p.GetValue(list) is not null;
            if (single == batch) throw new ArgumentException("give either --source (with --target or --target-speaker, and --out) or --list with --out-dir");
            using var conversion = VcConversion.Open(p.GetValue(checkpoint)!, p.GetValue(vocoder), p.GetValue(set), p.GetValue(vocoderSet));
            if (single)
            {
                string outPath = p.GetValue(output) ?? throw new ArgumentException("--source needs --out");
                var voice = conversion.Target(p.GetValue(target), p.GetValue(targetSpeaker));
                string? melPath = p.GetValue(melOut) is string m ? Path.Combine(m, Path.GetFileNameWithoutExtension(outPath) + ".npy") : null;
                double seconds = conversion.ConvertFile(p.GetValue(source)!, voice, outPath, melPath);
                Console.WriteLine(FormattableString.Invariant($"convert: wrote {outPath} ({seconds:F2} s)"));
                return 0;
            }
            string dir = p.GetValue(outDir) ?? throw new ArgumentException("--list needs --out-dir");
            var summary = VcBatchConversion.Run(conversion, p.GetValue(list)!, dir, p.GetValue(keepGoing), Console.Out, p.GetValue(melOut));
            Console.WriteLine($"convert: {summary.Converted} converted, {summary.Failures.Count} failed");
            foreach (var f in summary.Failures) Console.WriteLine($"  failed: {f}");
            return summary.Failures.Count == 0 ? 0 : 1;
        });
        return command;
    }
}
