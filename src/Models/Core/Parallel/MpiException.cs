namespace SpeechDisentangle.Models.Core.Parallel;

/// <summary>An MPI call failed (often: another rank of the job died); the message names the call and MPI's reason.</summary>
public sealed class MpiException : Exception
{
    public MpiException() : base("MPI call failed") { }

    public MpiException(string message) : base(message) { }

    public MpiException(string message, Exception inner) : base(message, inner) { }
}
