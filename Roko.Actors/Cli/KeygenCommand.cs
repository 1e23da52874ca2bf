using System.CommandLine;
using Roko.Actors.Crypto;

namespace Roko.Actors.Cli;

/// <summary><c>roko keygen --out FILE</c>: a new Ed25519 key file (mode 0600).</summary>
public static class KeygenCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Key file to create (refuses to overwrite)", Required = true };
        var command = new Command("keygen", "Create a new Ed25519 key file") { output };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(output)!;
            try
            {
                var key = SigningKey.Generate();
                KeyFile.Write(path, key);
                Console.WriteLine($"public key {key.PublicKey}");
                Console.WriteLine($"address    {key.PublicKey.ToAddress()}");
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is KeyFileException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"roko keygen: {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
