namespace Roko.Actors.Cli;

/// <summary>Process exit codes of the <c>roko</c> command.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    /// <summary>The node could not be reached over HTTP, or is not ready yet.</summary>
    public const int Unavailable = 3;
    /// <summary>The node refused the request (bad input, admission refusal, missing token).</summary>
    public const int Refused = 4;
    /// <summary>Waited for finality and the transaction was not final in time.</summary>
    public const int NotFinal = 5;
    /// <summary>A second SIGINT/SIGTERM stopped a node or devnet at once, without its graceful stop (128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
