using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Cli.Commands;
using SpeechDisentangle.Models.Common.Vocoder;
using SpeechDisentangle.Models.Vocoder;
using static TorchSharp.torch;

namespace SpeechDisentangle.Cli.Bench;

/// <summary>
/// `sdt bench vocoder`: real-time factor (seconds of synthesis per second of audio) of Griffin-Lim and of a trained
/// neural vocoder, its network alone and with its refinement, on one utterance's log-mel, taking turns in one process
/// so that load on the machine falls on all three alike. The evaluation's RTF is over short test utterances, where
/// per-call costs weigh more; this one sets the length.
/// </summary>
internal static class VocoderBenchmark
{
    public static Command Create()
    {
        var command = new Command("vocoder", "Real-time factor of Griffin-Lim and of a trained neural vocoder (network alone and refined) on one utterance.");
        var checkpoint = new Option<string>("--checkpoint") { Description = "A vocoder checkpoint (sdt train vocoder).", Required = true };
        var wav = new Option<string?>("--wav") { Description = "Audio to vocode (resampled to the vocoder's rate; channels averaged). Default: a synthetic voiced signal of --seconds." };
        var seconds = new Option<double>("--seconds") { Description = "Length of the synthetic signal.", DefaultValueFactory = _ => 3.0 };
        var repeats = new Option<int>("--repeats") { Description = "Timed rounds (after one untimed); each round runs every vocoder once, and the median per vocoder is printed.", DefaultValueFactory = _ => 10 };
        var refinement = new Option<int?>("--iterations") { Description = "Refinement iterations of the neural vocoder (default: the checkpoint's)." };
        foreach (var o in new Option[] { checkpoint, wav, seconds, repeats, refinement }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            string path = p.GetValue(checkpoint)!;
            int rounds = p.GetValue(repeats);
            if (rounds < 1) throw new ArgumentException("--repeats must be >= 1");
            int? iterations = p.GetValue(refinement);
            if (iterations < 1) throw new ArgumentException($"--iterations must be >= 1 (is {iterations}): the network alone is timed anyway");
            var settings = iterations is int n ? new[] { $"model_options.phase_refinement_iterations={n}" } : [];
            using var refined = VocoderChoice.Load(path, null, "--checkpoint", settings);
            if (refined.RefinementIterations == 0)
                throw new ArgumentException($"--checkpoint {path} refines with 0 iterations: give --iterations N to time its refinement");
            using var network = VocoderChoice.Load(path, null, "--checkpoint", ["model_options.phase_refinement_iterations=0"]);
            using var griffinLim = new GriffinLimVocoder(refined.Spec);
            string? file = p.GetValue(wav);
            using var audio = file is not null ? Read(file, refined.Spec.SampleRate) : Voiced(p.GetValue(seconds), refined.Spec.SampleRate);
            if (audio.shape[0] < refined.Spec.NFft)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"{(file is not null ? $"--wav {file}" : "--seconds")}: {audio.shape[0]} samples at {refined.Spec.SampleRate} Hz is shorter than one analysis window ({refined.Spec.NFft}); give longer audio"));
            using var melTransform = new TorchLogMel(refined.Spec);
            using var logMel = melTransform.LogMel(audio);
            double audioSeconds = (double)audio.shape[0] / refined.Spec.SampleRate;

            var vocoders = new (string Name, IVocoder Vocoder)[]
            {
                ($"griffin-lim ({new GriffinLimOptions().Iterations} iterations)", griffinLim),
                ("neural, network alone", network),
                ($"neural, refined ({refined.RefinementIterations} iterations)", refined),
            };
            var times = vocoders.Select(_ => new List<double>()).ToArray();
            for (int round = 0; round <= rounds; round++)
            {
                for (int v = 0; v < vocoders.Length; v++)
                {
                    var clock = Stopwatch.StartNew();
                    using (var output = vocoders[v].Vocoder.Synthesize(logMel)) { }
                    if (round > 0) times[v].Add(clock.Elapsed.TotalSeconds);
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# sdt bench vocoder: {audioSeconds:F2} s of audio ({logMel.shape[1]} frames), {get_num_threads()} torch thread(s), median of {rounds} rounds"));
            double griffinLimRtf = Median(times[0]) / audioSeconds;
            for (int v = 0; v < vocoders.Length; v++)
            {
                double rtf = Median(times[v]) / audioSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"bench vocoder {vocoders[v].Name}: RTF {rtf:F4} ({rtf / griffinLimRtf:F2} x Griffin-Lim's)"));
            }
            return 0;
        });
        return command;
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    static Tensor Read(string path, int sampleRate)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"--wav: no file at '{path}'", path);
        try
        {
            var data = AudioReader.Read(path, new AudioReadOptions { TargetSampleRate = sampleRate });
            return tensor(data.Downmix());
        }
        catch (Exception e) when (e is AudioFormatException or InvalidDataException or NotSupportedException or EndOfStreamException)
        {
            throw new InvalidDataException($"--wav {path}: {e.Message}", e);
        }
    }

    /// <summary>A voiced signal: 30 harmonics of a 120-160 Hz pitch with a 3 Hz vibrato, falling 6 dB per octave, and a little noise.</summary>
    static Tensor Voiced(double seconds, int sampleRate)
    {
        if (!(seconds > 0 && seconds <= 3600)) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--seconds must be in (0, 3600] (is {seconds})"));
        var samples = new float[(int)(seconds * sampleRate)];
        var noise = new Random(0);
        double phase = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            double t = (double)i / sampleRate;
            phase += 2 * Math.PI * (140 + (20 * Math.Sin(2 * Math.PI * 3 * t))) / sampleRate;
            double v = 0;
            for (int k = 1; k <= 30; k++) v += Math.Sin(k * phase) / k;
            samples[i] = (float)((0.3 * v) + (0.01 * ((noise.NextDouble() * 2) - 1)));
        }
        return tensor(samples);
    }
}
