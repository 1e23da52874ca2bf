using Roko.Actors.Cli;
using Xunit;

namespace Roko.Actors.Tests.Cli;

/// <summary>`roko light` argument errors: each one names the option and what is wrong, before anything starts.</summary>
public sealed class LightCommandTests
{
    private const string Hash = "ef68f107b85e49c4442a07d85411a1e57c97a6de9fab651af9c6f0de7f6290e4";
    private const string Contact = "akka.tcp://roko@127.0.0.1:4053";

    private static IReadOnlyList<string> Errors(params string[] args) =>
        [.. LightCommand.Create().Parse(args).Errors.Select(e => e.Message)];

    [Fact]
    public void Light_should_accept_well_formed_arguments()
    {
        Assert.Empty(Errors("--contact", Contact, "--contact", "akka.tcp://roko@127.0.0.1:4054/system/receptionist", "--checkpoint", $"2:{Hash}"));
        Assert.Empty(Errors("balance", "roko1f6b87ad2091eac15c920152d9bf42c33b1ab0f2", "--contact", Contact, "--checkpoint", $"2:{Hash}", "--json"));
    }

    [Fact]
    public void Light_should_refuse_a_malformed_checkpoint_with_the_reason()
    {
        Assert.Contains(Errors("--contact", Contact, "--checkpoint", Hash), e => e.Contains("--checkpoint") && e.Contains("colon"));
        Assert.Contains(Errors("--contact", Contact, "--checkpoint", $"x:{Hash}"), e => e.Contains("height 'x' is not a whole number"));
        Assert.Contains(Errors("--contact", Contact, "--checkpoint", "5:beef"), e => e.Contains("hash 'beef' is not 64 hex digits"));
    }

    [Fact]
    public void Light_should_refuse_missing_options_and_bad_contacts()
    {
        Assert.Contains(Errors("--contact", Contact), e => e.Contains("--checkpoint"));
        Assert.Contains(Errors("--checkpoint", $"2:{Hash}"), e => e.Contains("--contact"));
        Assert.Contains(Errors("--contact", "not an address", "--checkpoint", $"2:{Hash}"), e => e.Contains("--contact") && e.Contains("not an Akka address"));
        Assert.Contains(Errors("--contact", Contact, "--checkpoint", $"2:{Hash}", "--duration", "soon"), e => e.Contains("--duration 'soon'"));
        Assert.Contains(Errors("balance", "nobody", "--contact", Contact, "--checkpoint", $"2:{Hash}"), e => e.Contains("ACCOUNT 'nobody'"));
    }
}
