using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;

namespace Roko.Actors.LightClient;

/// <summary>
/// What a light client trusts: a verified header with the validator set that signed it. Its time is the header's
/// block time; the state stays usable for a trusting period after it. A checkpoint (height and hash from a trusted
/// source) becomes one once the served block matches it.
/// </summary>
public sealed record TrustedState(LightBlock Block)
{
    public BlockHeader Header => Block.Header;
    public ValidatorSet Validators => Block.Validators;
    public ulong Height => Block.Header.Height;
    public NanoMoment Time => Block.Header.BlockTime;
}
