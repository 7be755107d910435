using System.CommandLine;
using SpeechDisentangle.Models.VoiceConversion.Conversion;
using SpeechDisentangle.Models.VoiceConversion.Data;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`sdt demo`: a static HTML page of conversions (audio players and spectrograms) for seen and unseen speakers.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Write a static demo page (index.html, audio/, img/) of a trained VC model's conversions.");
        var checkpoint = new Option<string>("--checkpoint") { Description = "EXP/checkpoints/last.ckpt of a vc-adv or vc-adain experiment.", Required = true };
        var data = new Option<string>("--data-dir") { Description = "Feature data dir (slaney), split root (train/, test/, unseen/) or a plain data dir with wav.scp.", Required = true };
        var outDir = new Option<string>("--out-dir") { Description = "Folder of the page.", Required = true };
        var pairs = new Option<int>("--pairs") { Description = "Rows per section (seen, unseen).", DefaultValueFactory = _ => 4 };
        var vocoder = VocoderOption.Create("A trained vocoder's checkpoint (sdt train vocoder) adds its audio next to Griffin-Lim's in every cell; griffin-lim (default) gives Griffin-Lim only.");
        var set = SetOption.ForLoadedModel("model_options.speaker_adapt_steps=20");
        var vocoderSet = VocoderOption.CreateSet();
        foreach (var o in new Option[] { checkpoint, data, outDir, pairs, vocoder, vocoderSet, set }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            using var conversion = VcConversion.Open(p.GetValue(checkpoint)!, p.GetValue(vocoder), p.GetValue(set), p.GetValue(vocoderSet));
            var corpus = VcCorpus.Load(p.GetValue(data)!, conversion.Data);
            VcDemoPage.Write(conversion, corpus, p.GetValue(outDir)!, p.GetValue(pairs), Console.Out);
            return 0;
        });
        return command;
    }
}
