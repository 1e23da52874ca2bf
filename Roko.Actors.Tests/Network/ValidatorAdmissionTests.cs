using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Network;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class ValidatorAdmissionTests
{
    private static readonly PublicKey Staked = SigningKey.FromSeed("staked-validator").PublicKey;
    private static readonly PublicKey Unstaked = SigningKey.FromSeed("unstaked-node").PublicKey;
    private static readonly ValidatorRoster Roster = new(7, [Staked]);

    [Fact]
    public void Judge_should_refuse_a_validator_claim_when_the_key_is_not_in_the_validator_set()
    {
        var (standing, reason) = ValidatorAdmission.Judge("validator", Unstaked, Roster);

        Assert.Equal(ValidatorStanding.Unstaked, standing);
        Assert.Contains("no stake in the validator set of height 7", reason);
    }

    [Fact]
    public void Judge_should_accept_a_validator_claim_when_the_key_is_in_the_validator_set() =>
        Assert.Equal(ValidatorStanding.Staked, ValidatorAdmission.Judge("validator", Staked, Roster).Standing);

    [Fact]
    public void Judge_should_not_judge_a_peer_that_claims_another_role() =>
        Assert.Equal(ValidatorStanding.NotClaimed, ValidatorAdmission.Judge("archive", Unstaked, Roster).Standing);

    [Fact]
    public void Judge_should_leave_the_claim_unknown_when_no_validator_set_is_known_yet() =>
        Assert.Equal(ValidatorStanding.Unknown, ValidatorAdmission.Judge("validator", Unstaked, null).Standing);

    [Fact]
    public void Judge_should_accept_a_new_validator_once_the_set_it_joined_takes_effect()
    {
        var later = Roster with { Height = 9, Keys = ImmutableHashSet.Create(Staked, Unstaked) };

        Assert.Equal(ValidatorStanding.Staked, ValidatorAdmission.Judge("validator", Unstaked, later).Standing);
    }
}
