using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Probes;
using SpeechDisentangle.Models.Common.SpeechData;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`sdt features probe`: how well speaker (or content) can be read linearly from mean+std pooled raw features.</summary>
internal static class FeatureProbeCommand
{
    public static Command Create()
    {
        var defaults = new PooledProbeOptions();
        var command = new Command("probe",
            "Fit a logistic regression (and 1-NN) on mean+std pooled features of some renditions and score it on the others: " +
            "e.g. whether drawn voices are distinct speakers on raw log-mel.");
        var dataDir = new Option<string>("--data-dir") { Description = "Feature data dir (from 'sdt features compute').", Required = true };
        var label = new Option<PooledProbeLabel>("--label") { Description = "What the probe reads: speaker or content (the transcript).", DefaultValueFactory = _ => defaults.Label };
        var heldFraction = new Option<double>("--held-fraction")
        {
            Description = "Share of each speaker's renditions of each transcript scored, not fitted (the last in utterance-id order).",
            DefaultValueFactory = _ => defaults.HeldFraction,
        };
        var heldTexts = new Option<string?>("--held-texts") { Description = "Comma-separated transcripts held out entirely instead (speaker probe on words never fitted), e.g. 'eight,nine'." };
        var folds = new Option<int>("--folds")
        {
            Description = "K >= 2: cross-validate over renditions (rendition r of each speaker's transcript scored in fold r mod K), so every " +
                          "utterance is scored once; 0: the one split of --held-fraction.",
            DefaultValueFactory = _ => defaults.Folds,
        };
        var steps = new Option<int>("--steps") { Description = "Full-batch Adam steps of the logistic regression.", DefaultValueFactory = _ => defaults.Steps };
        var cmvn = new Option<CmvnMode>("--cmvn") { Description = "Normalisation before pooling: none (raw features), utt, spk or global.", DefaultValueFactory = _ => CmvnMode.None };
        var scp = new Option<string?>("--scp")
        {
            Description = "Read this scp of the data dir instead of feats.scp, e.g. utt_embeddings.scp of 'sdt extract' " +
                          "(vectors are read as one frame each, so their pooled std is 0).",
        };
        var output = new Option<string?>("--out") { Description = "Also write the result as JSON here." };
        foreach (var o in new Option[] { dataDir, label, heldFraction, heldTexts, folds, steps, cmvn, scp, output }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            var options = new PooledProbeOptions
            {
                Label = p.GetValue(label),
                HeldFraction = p.GetValue(heldFraction),
                HeldTexts = p.GetValue(heldTexts) is string t ? [.. t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : [],
                Steps = p.GetValue(steps),
                Folds = p.GetValue(folds),
            };
            options.Validate();
            string dir = p.GetValue(dataDir)!;
            var data = FeatureDataDir.Load(dir, p.GetValue(cmvn), scp: p.GetValue(scp));
            var r = PooledFeatureProbe.Run(data.Utterances, options, dir);
            string held = options.HeldTexts.Count > 0 ? $"transcripts {string.Join(", ", options.HeldTexts)}"
                : options.Folds >= 2 ? $"{options.Folds}-fold cross-validation over each speaker's renditions of each transcript"
                : string.Create(CultureInfo.InvariantCulture, $"the last {options.HeldFraction * 100:0.#}% of each speaker's renditions of each transcript");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Label.ToString().ToLowerInvariant()} probe on mean+std pooled features ({r.Dimensions} dims, cmvn {p.GetValue(cmvn).ToString().ToLowerInvariant()}) of {dir}: {r.Classes} classes, " +
                $"{r.TrainUtterances} utterances fitted{(r.FoldAccuracies.Count > 0 ? " (at most, per fold)" : "")}, {r.HeldUtterances} scored (held out: {held})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"held-out accuracy: logistic regression ({options.Steps} steps) {r.LogisticAccuracy:F4}, 1-NN {r.NearestNeighbourAccuracy:F4}; chance {r.Chance:F4} " +
                $"(logistic regression on the fitted utterances: {r.FitAccuracy:F4})"));
            if (r.FoldAccuracies.Count > 0)
                Console.WriteLine("logistic regression per fold: " + string.Join(" / ", r.FoldAccuracies.Select(a => a.ToString("F4", CultureInfo.InvariantCulture))));
            if (r.Worst.Count > 0)
                Console.WriteLine("least distinct (logistic regression): " + string.Join(", ", r.Worst.Select(w =>
                    string.Create(CultureInfo.InvariantCulture, $"{w.Class} {w.Accuracy:F2} (as {w.MostTakenFor})"))));
            if (p.GetValue(output) is string path)
                AtomicFile.WriteAllText(path, JsonSerializer.Serialize(r, new JsonSerializerOptions { WriteIndented = true, Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) } }) + "\n");
            return 0;
        });
        return command;
    }
}
