using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using SpeechDisentangle.Cli.Commands;
using SpeechDisentangle.Models.Common.Augmentation;
using static TorchSharp.torch;

namespace SpeechDisentangle.Cli.Bench;

/// <summary>
/// `sdt bench perturbation`: milliseconds per batch of the random voice perturbation (model_options.voice_perturbation)
/// on random log-mels, on the CPU thread(s) torch is given; compare with a training step (`sdt bench train`).
/// </summary>
internal static class PerturbationBenchmark
{
    public static Command Create()
    {
        var command = new Command("perturbation", "Milliseconds per batch of the random voice perturbation (formant + pitch warp + tilt) of log-mels.");
        var batch = new Option<int>("--batch-size") { Description = "Utterances per batch.", DefaultValueFactory = _ => 64 };
        var frames = new Option<int>("--frames") { Description = "Frames per utterance.", DefaultValueFactory = _ => 112 };
        var bins = new Option<int>("--bins") { Description = "Mel bins.", DefaultValueFactory = _ => 80 };
        var repeats = new Option<int>("--repeats") { Description = "Timed batches (after 10 untimed).", DefaultValueFactory = _ => 200 };
        foreach (var o in new Option[] { batch, frames, bins, repeats }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            int b = p.GetValue(batch), t = p.GetValue(frames), m = p.GetValue(bins), n = p.GetValue(repeats);
            if (b < 1 || t < 1 || m < 2 || n < 1) throw new ArgumentException("--batch-size, --frames and --repeats must be >= 1 and --bins >= 2");
            var options = new VoicePerturbationOptions { Formant = 0.1, Pitch = 0.1, TiltDb = 6 };
            using var generator = manual_seed(0);
            using var mel = randn([b, m, t], generator: generator);
            using var speakers = randint(16, [b], generator: generator);
            void Once()
            {
                using var scope = NewDisposeScope();
                _ = VoicePerturbation.ForSpeakers(mel, speakers, 16, options, generator);
            }
            for (int i = 0; i < 10; i++) Once();
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < n; i++) Once();
            clock.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench perturbation: batch {b} x {m} bins x {t} frames, {get_num_threads()} torch thread(s): {clock.Elapsed.TotalMilliseconds / n:F2} ms per batch"));
            return 0;
        });
        return command;
    }
}
