namespace Roko.Actors.Cli;

/// <summary>Process exit codes of the <c>roko</c> command.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}
