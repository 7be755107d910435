using System.CommandLine;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>Every top-level command of sdt, in the order `sdt --help` lists them.</summary>
internal static class CommandRegistry
{
    public static IEnumerable<Command> All()
    {
        yield return VersionCommand.Create();
        yield return CorpusCommand.Create();
        yield return DataCommand.Create();
        yield return FeaturesCommand.Create();
        yield return TrainCommands.Train();
        yield return TrainCommands.Eval();
        yield return TrainCommands.Models();
        yield return CheckpointCommand.Create();
        yield return ExportCommand.Create();
        yield return ExtractCommand.Create();
        yield return CompareCommand.Create();
        yield return SampleCommand.Create();
        yield return ReportCommand.Create();
        yield return ConvertCommand.Create();
        yield return DemoCommand.Create();
        yield return BenchCommand.Create();
    }
}
