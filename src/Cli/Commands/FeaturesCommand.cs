using System.CommandLine;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Plots;
using SpeechDisentangle.Cli.Output;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`sdt features compute|merge|plot|probe`: log-mel features for one file or a whole data dir, and spectrogram pictures.</summary>
internal static class FeaturesCommand
{
    sealed class CommonOptions
    {
        public readonly Option<string> Preset = new("--preset") { Description = "kaldi | htk | slaney.", DefaultValueFactory = _ => "kaldi" };
        public readonly Option<int> Bins = new("--num-mel-bins") { Description = "Mel bins.", DefaultValueFactory = _ => 80 };
        public readonly Option<int> Rate = new("--sample-rate") { Description = "Audio is resampled to this rate first.", DefaultValueFactory = _ => 16000 };
        public readonly Option<double?> Dither = new("--dither") { Description = "Kaldi preset only: dither amount (Kaldi's binary uses 1.0). Default 0." };
        public readonly Option<double?> Fmin = new("--fmin") { Description = "Lowest mel filter edge in Hz (preset default otherwise)." };
        public readonly Option<double?> Fmax = new("--fmax") { Description = "Highest edge in Hz; <= 0 means Nyquist + value (preset default otherwise)." };
        public readonly Option<int?> NFft = new("--n-fft") { Description = "htk/slaney: FFT length in samples (torchaudio's n_fft); the window is zero-padded to it, centred. Default: the window length." };
        public readonly Option<int?> WinLength = new("--win-length") { Description = "Window length in samples (torchaudio's win_length). Default 25 ms." };
        public readonly Option<int?> HopLength = new("--hop-length") { Description = "Hop in samples (torchaudio's hop_length). Default 10 ms." };
        public readonly Option<double?> FrameLengthMs = new("--frame-length-ms") { Description = "Or: window length in ms, truncated to samples as Kaldi does. Default 25." };
        public readonly Option<double?> FrameShiftMs = new("--frame-shift-ms") { Description = "Or: hop in ms. Default 10." };
        public readonly Option<double?> LogFloor = new("--log-floor") { Description = "ln(max(mel, X)) instead of the preset's guard (htk/slaney: ln(mel + 1e-6); ESPnet uses 1e-10)." };
        public readonly Option<string> Channel = new("--channel") { Description = "Channel index, or 'mean' to downmix.", DefaultValueFactory = _ => "0" };

        public void AddTo(Command c)
        {
            foreach (var o in new Option[] { Preset, Bins, Rate, Dither, Fmin, Fmax, NFft, WinLength, HopLength, FrameLengthMs, FrameShiftMs, LogFloor, Channel }) c.Options.Add(o);
        }

        public LogMelOptions LogMel(ParseResult p)
        {
            var framing = new LogMelFraming
            {
                NFft = p.GetValue(NFft), WinLength = p.GetValue(WinLength), HopLength = p.GetValue(HopLength),
                FrameLengthMs = p.GetValue(FrameLengthMs), FrameShiftMs = p.GetValue(FrameShiftMs),
            };
            var options = LogMelPreset.Create(p.GetValue(Preset)!, p.GetValue(Rate), p.GetValue(Bins), p.GetValue(Dither), p.GetValue(Fmin), p.GetValue(Fmax),
                framing, p.GetValue(LogFloor));
            int empty = MelFilterBank.Create(options).EmptyFilters;
            if (empty > 0)
            {
                Console.Error.WriteLine($"sdt: warning: --num-mel-bins {options.NumMelBins}: {empty} mel filter(s) fall between two FFT bins " +
                                        "and always give the log floor; fewer bins, a longer --n-fft (htk, slaney) or a higher --sample-rate avoid that");
            }
            return options;
        }

        public ChannelSelection ChannelOf(ParseResult p)
        {
            string v = p.GetValue(Channel)!;
            if (v == "mean") return ChannelSelection.Mean;
            return int.TryParse(v, out int c) && c >= 0
                ? ChannelSelection.Channel(c)
                : throw new ArgumentException($"--channel must be a channel index (0, 1, ...) or 'mean', got '{v}'");
        }
    }

    public static Command Create()
    {
        var features = new Command("features", "Log-mel features (Kaldi, torchaudio-HTK and Slaney presets).");
        features.Subcommands.Add(Compute());
        features.Subcommands.Add(Merge());
        features.Subcommands.Add(Plot());
        features.Subcommands.Add(FeatureProbeCommand.Create());
        return features;
    }

    static Command Compute()
    {
        var command = new Command("compute", "Extract log-mel features from one WAV/FLAC/SPHERE file (--wav, --out) or a Kaldi data dir (--data-dir, --out-dir).");
        var common = new CommonOptions();
        common.AddTo(command);
        var wav = new Option<string?>("--wav") { Description = "One audio file (or, with --allow-pipes, a command ending in '|' that writes WAV)." };
        var outFile = new Option<string?>("--out") { Description = "With --wav: the .npy file to write (float32, frames x bins)." };
        var cmvn = new Option<string>("--cmvn") { Description = "With --wav: none | utt (per-utterance mean normalisation).", DefaultValueFactory = _ => "none" };
        var dataDir = new Option<string?>("--data-dir") { Description = "A Kaldi data dir (wav.scp, utt2spk, ...)." };
        var outDir = new Option<string?>("--out-dir") { Description = "With --data-dir: output data dir (feats.scp + data/*.ark, or npy.scp + npy/)." };
        var format = new Option<string>("--format") { Description = "ark | npy.", DefaultValueFactory = _ => "ark" };
        var nj = new Option<int>("--nj") { Description = "Parallel jobs in this process.", DefaultValueFactory = _ => 1 };
        var shard = new Option<string?>("--shard") { Description = "K/N: process only the K-th of N equal parts (for cluster jobs); merge with `sdt features merge`." };
        var keepGoing = new Option<bool>("--keep-going") { Description = "Skip bad files, report them at the end and in skipped.txt." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Recompute every utterance; without it a rerun keeps the features an interrupted run finished." };
        var perArk = new Option<int>("--utts-per-ark") { Description = "Utterances per archive (ark format); an interrupted run keeps its finished archives.", DefaultValueFactory = _ => 100 };
        var allowPipes = new Option<bool>("--allow-pipes") { Description = "Run piped commands ('flac -c -d -s f.flac |') of wav.scp or --wav." };
        var allowTruncated = new Option<bool>("--allow-truncated") { Description = "Read what a truncated file holds (with a warning) instead of stopping." };
        Option[] wavOnly = [outFile, cmvn];
        Option[] dataDirOnly = [outDir, format, nj, shard, keepGoing, overwrite, perArk];
        foreach (var o in new Option[] { wav, dataDir, allowPipes, allowTruncated }.Concat(wavOnly).Concat(dataDirOnly)) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            var logMel = common.LogMel(p);
            var read = AudioReadOptions.Default with
            {
                AllowPipes = p.GetValue(allowPipes),
                TruncatedData = p.GetValue(allowTruncated) ? TruncatedDataPolicy.TruncateWithWarning : TruncatedDataPolicy.Error,
                Warning = StandardError.Warn,
            };
            string? wavPath = p.GetValue(wav), dirPath = p.GetValue(dataDir);
            if (wavPath != null && dirPath != null) throw new ArgumentException("give either --wav or --data-dir, not both");
            if (wavPath != null)
            {
                RejectGiven(p, dataDirOnly, "--data-dir");
                return ComputeOne(wavPath, p.GetValue(outFile), p.GetValue(cmvn)!, logMel, common.ChannelOf(p), read);
            }
            if (dirPath != null)
            {
                RejectGiven(p, wavOnly, "--wav");
                string output = p.GetValue(outDir) ?? throw new ArgumentException("--data-dir needs --out-dir DIR");
                var (k, n) = ParseShard(p.GetValue(shard));
                var options = new FeatureJobOptions
                {
                    LogMel = logMel,
                    Format = p.GetValue(format) switch
                    {
                        "ark" => FeatureFormat.Ark, "npy" => FeatureFormat.Npy,
                        var f => throw new ArgumentException($"--format must be ark or npy, got '{f}'"),
                    },
                    Jobs = p.GetValue(nj), ShardIndex = k, ShardCount = n, Channel = common.ChannelOf(p),
                    AllowPipes = read.AllowPipes, TruncatedData = read.TruncatedData, Warning = read.Warning, KeepGoing = p.GetValue(keepGoing),
                    Overwrite = p.GetValue(overwrite), UtterancesPerArchive = p.GetValue(perArk),
                    Describe = FeatureErrorText.Describe,
                };
                if (options.Jobs < 1) throw new ArgumentException($"--nj must be at least 1, got {options.Jobs}");
                if (options.UtterancesPerArchive < 1) throw new ArgumentException($"--utts-per-ark must be at least 1, got {options.UtterancesPerArchive}");
                using var bar = ConsoleProgressBar.OnStandardError();
                var summary = DataDirFeatureJob.Run(KaldiDataDir.Load(dirPath), output, options, Console.Out, bar);
                if (summary.Done > 0) return 0;
                throw new InvalidDataException(summary.Skipped.Count > 0
                    ? $"no utterance gave features: all {summary.Skipped.Count} were skipped (reasons in {Path.Combine(output, "skipped.txt")})"
                    : $"{dirPath} has no utterances{(n > 1 ? $" in shard {k}/{n}" : "")}");
            }
            throw new ArgumentException("give either --wav IN --out OUT.npy, or --data-dir DIR --out-dir DIR");
        }, FeatureErrorText.Describe);
        return command;
    }

    static int ComputeOne(string wavPath, string? output, string mode, LogMelOptions logMel, ChannelSelection channel, AudioReadOptions read)
    {
        if (output == null) throw new ArgumentException("--wav needs --out OUT.npy");
        if (Directory.Exists(output)) throw new ArgumentException($"--out {output} is a folder; give the .npy file to write (e.g. {Path.Combine(output, "feats.npy")})");
        if (mode is not ("none" or "utt")) throw new ArgumentException($"--cmvn must be none or utt, got '{mode}'");
        if (mode == "none")
        {
            // Streamed: memory stays bounded however long the file is.
            long n = StreamingFeatureFile.Compute(wavPath, output, logMel, channel, readOptions: read);
            Console.WriteLine($"{wavPath}: {n} frames x {logMel.NumMelBins} bins -> {output}");
            return 0;
        }
        var extractor = new LogMelExtractor(logMel);
        float[] feats = FeaturesOf(wavPath, extractor, ReadMono(wavPath, logMel.SampleRate, channel, read));
        Cmvn.ApplyPerUtterance(feats, extractor.NumBins);
        int frames = feats.Length / extractor.NumBins;
        NpyFile.Write(output, feats, frames, extractor.NumBins);
        Console.WriteLine($"{wavPath}: {frames} frames x {extractor.NumBins} bins -> {output}");
        return 0;
    }

    /// <summary>Options of the other mode are an error, not silently ignored.</summary>
    static void RejectGiven(ParseResult p, Option[] options, string mode)
    {
        var given = options.Where(o => p.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
        if (given.Count > 0) throw new ArgumentException($"{string.Join(", ", given)} only appl{(given.Count == 1 ? "ies" : "y")} with {mode}");
    }

    /// <summary>Features of a whole file; a file shorter than one frame is an error that names it.</summary>
    static float[] FeaturesOf(string path, LogMelExtractor extractor, float[] samples)
    {
        try
        {
            return extractor.Compute(samples);
        }
        catch (AudioTooShortException e)
        {
            throw new AudioFormatException(path, e.Message, null, e);
        }
    }

    static Command Merge()
    {
        var command = new Command("merge", "Join the outputs of `features compute --shard K/N` jobs into one feature data dir.");
        var dataDir = new Option<string>("--data-dir") { Description = "The input data dir the shards were made from.", Required = true };
        var outDir = new Option<string>("--out-dir") { Description = "The output dir the shards wrote to.", Required = true };
        var shards = new Option<int>("--shards") { Description = "N, the number of shards.", Required = true };
        foreach (var o in new Option[] { dataDir, outDir, shards }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            DataDirFeatureJob.MergeShards(KaldiDataDir.Load(p.GetValue(dataDir)!), p.GetValue(outDir)!, p.GetValue(shards), Console.Out);
            return 0;
        });
        return command;
    }

    static Command Plot()
    {
        var command = new Command("plot", "Draw the log-mel spectrogram of an audio file (or of a .npy feature matrix) as a PNG.");
        var common = new CommonOptions();
        common.AddTo(command);
        var wav = new Option<string?>("--wav") { Description = "Audio file to analyse." };
        var npy = new Option<string?>("--npy") { Description = "Or: a frames x bins .npy feature matrix." };
        var output = new Option<string>("--out") { Description = "PNG to write.", Required = true };
        var title = new Option<string?>("--title") { Description = "Picture title (default: the file name)." };
        foreach (var o in new Option[] { wav, npy, output, title }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            var logMel = common.LogMel(p);
            float[,] matrix;
            string source;
            if (p.GetValue(wav) is string wavPath)
            {
                var extractor = new LogMelExtractor(logMel);
                float[] feats = FeaturesOf(wavPath, extractor, ReadMono(wavPath, logMel.SampleRate, common.ChannelOf(p), AudioReadOptions.Default with { Warning = StandardError.Warn }));
                matrix = ToMatrix(feats, feats.Length / extractor.NumBins, extractor.NumBins);
                source = wavPath;
            }
            else if (p.GetValue(npy) is string npyPath)
            {
                matrix = NpyFile.Read(npyPath).ToFloat32Matrix();
                source = npyPath;
            }
            else
            {
                throw new ArgumentException("give --wav IN or --npy IN");
            }
            var plot = new SpectrogramPlotOptions
            {
                Title = p.GetValue(title) ?? $"{Path.GetFileName(source)}  ({p.GetValue(common.Preset)} log-mel, {matrix.GetLength(1)} bins)",
                FrameShiftSeconds = (double)logMel.FrameShift / logMel.SampleRate,
                DynamicRange = 18, // about 80 dB: keeps digital silence from washing out the speech
            };
            SpectrogramPlot.Save(p.GetValue(output)!, matrix, plot);
            Console.WriteLine($"{source}: {matrix.GetLength(0)} frames -> {p.GetValue(output)}");
            return 0;
        }, FeatureErrorText.Describe);
        return command;
    }

    static float[] ReadMono(string path, int sampleRate, ChannelSelection channel, AudioReadOptions read)
    {
        var audio = AudioReader.Read(path, read with { TargetSampleRate = sampleRate });
        return audio.ToMono(channel);
    }

    static float[,] ToMatrix(float[] data, int rows, int cols)
    {
        var m = new float[rows, cols];
        Buffer.BlockCopy(data, 0, m, 0, rows * cols * sizeof(float));
        return m;
    }

    static (int K, int N) ParseShard(string? shard)
    {
        if (shard == null) return (1, 1);
        var parts = shard.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out int k) && int.TryParse(parts[1], out int n)) return (k, n);
        throw new ArgumentException($"--shard must look like K/N (e.g. 2/8), got '{shard}'");
    }
}
