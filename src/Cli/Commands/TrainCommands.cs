using System.CommandLine;
using System.Globalization;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Parallel;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Cli.Output;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`sdt train|eval|sample`: every model through the one training core (see ModelRegistry for the names).</summary>
internal static class TrainCommands
{
    static string ModelList => string.Join(", ", ModelRegistry.All.Select(t => t.Name));

    public static Command Train()
    {
        var command = new Command("train", $"Train a model ({ModelList}); then evaluate it and draw its pictures. Under mpirun -n N (MPICH) or srun --mpi=pmi2 -n N it trains data-parallel over N ranks.");
        var model = new Argument<string>("model") { Description = "Model name." };
        var config = new Option<string?>("--config") { Description = "YAML run config (model_options, trainer, optimizers, data)." };
        var data = new Option<string>("--data") { Description = "Data folder (MNIST IDX files, or a feature data dir).", Required = true };
        var outDir = new Option<string>("--out") { Description = "Experiment folder (config.yaml, checkpoints/, tensorboard/, metrics).", Required = true };
        var set = SetOption.Create("Override a config value: --set trainer.max_steps=500 (repeatable).");
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its newest checkpoint that verifies (last, prev or best); metrics after that step are dropped." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Delete the run already in --out (checkpoints, metrics, tensorboard, plots, config) and train again." };
        var device = new Option<string?>("--device") { Description = "auto | cpu | cuda | cuda:N (overrides trainer.device)." };
        command.Arguments.Add(model);
        foreach (var o in new Option[] { config, data, outDir, set, resume, overwrite, device }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            var overrides = (p.GetValue(set) ?? []).ToList();
            if (p.GetValue(device) is string d) overrides.Add($"trainer.device={d}");
            var run = Experiment.LoadConfig(p.GetValue(model)!, p.GetValue(config), overrides);
            return DataParallelRun.Run(Guard.CommandPath(p), parallel =>
            {
                // Rank 0 alone reports: the log, warnings and the progress bar.
                bool root = parallel.Rank == 0;
                using var bar = root ? ConsoleProgressBar.OnStandardError() : null;
                Experiment.Train(run, p.GetValue(data)!, p.GetValue(outDir)!, p.GetValue(resume), root ? Console.Out : TextWriter.Null,
                    p.GetValue(overwrite), root ? Console.Error : TextWriter.Null, bar, parallel);
                return 0;
            });
        });
        return command;
    }

    public static Command Eval()
    {
        var command = new Command("eval", "Evaluate a trained model on held-out data; prints and writes metrics.json (and redraws its pictures).");
        var checkpoint = new Option<string>("--checkpoint") { Description = "exp/NAME/checkpoints/best.ckpt or last.ckpt.", Required = true };
        var data = new Option<string>("--data") { Description = "Data folder.", Required = true };
        var set = SetOption.ForLoadedModel("model_options.speaker_adapt_steps=20");
        command.Options.Add(checkpoint);
        command.Options.Add(data);
        var anyFrontEnd = new Option<bool>(EvaluationFrontEnd.AnyFrontEndFlag)
        {
            Description = "Evaluate a speech model on features made with another log-mel front end than it was trained on (EXP/front_end.txt), with a warning, instead of refusing them.",
        };
        command.Options.Add(set);
        command.Options.Add(anyFrontEnd);
        command.SetGuardedAction(p =>
        {
            var experiment = Experiment.Load(p.GetValue(checkpoint)!, p.GetValue(set) ?? []);
            Experiment.Evaluate(experiment, p.GetValue(data)!, Console.Out, Console.Error, p.GetValue(anyFrontEnd));
            return 0;
        });
        return command;
    }

    public static Command Models()
    {
        var command = new Command("models", "List the models `sdt train` knows.");
        var parameters = new Option<bool>("--parameters")
        {
            Description = "Instead, build each model with its default options and print its parameters and the float32 gradients data-parallel training allreduces per step.",
        };
        command.Options.Add(parameters);
        command.SetGuardedAction(p =>
        {
            if (!p.GetValue(parameters))
            {
                foreach (var t in ModelRegistry.All) Console.WriteLine($"{t.Name,-20} {t.Description}");
                return 0;
            }
            Console.WriteLine("model                parameters  allreduce MB/step");
            foreach (var t in ModelRegistry.All)
            {
                ITrainable model;
                try { model = t.Build(t.ResolveOptions(ConfigMap.Empty)); }
                catch (Exception e) when (e is ArgumentException or ConfigException)
                {
                    // Some options come from the data (e.g. the number of speakers): sdt bench train --model counts those on it.
                    Console.WriteLine($"{t.Name,-20} {"-",10}  {"-",17}  (its defaults need the data: {e.Message})");
                    continue;
                }
                using var module = model.Module;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{t.Name,-20} {AllreduceVolume.Parameters(model),10}  {AllreduceVolume.ElementsPerStep(model) * 4 / 1e6,17:F2}"));
            }
            return 0;
        });
        return command;
    }
}
